#!/usr/bin/env python3
"""Instance data for ecsnet (docs/reference.md §3.3, §3.4 and "Instance
data"; docs/DEVELOPING.md#decision-2). A maintainer's tool: its inputs are
the team's captured copies of the public sources named in the data.

Two jobs:

  gen-instance-data.py import ECS2023.json DESCRIBE2026.json BRANCH2026.json OUT.json
      Builds data/instance-types.json (`make instance-data-import` is not a
      target: run it by hand when a reference changes) from
        ../shared/reference/eni-limits.json (the 2023 EC2 + ECS tables),
        ../shared/reference/instance-data-2026/describe-instance-types-2026-08.json,
        ../shared/reference/instance-data-2026/vpc-branch-eni-limits-2026-08.json.
      The 2023 rows keep every number and note they had; they gain vCPUs,
      memory and network cards from the 2026 EC2 data. Types that only the
      2026 data has are added with EC2's numbers, and their trunking limit
      in one of two tiers: 'estimated' (the method below, when it applies)
      or 'unknown'. Each row says per number where it came from ('from',
      keys into the top-level 'sources', each with its date).

  gen-instance-data.py c data/instance-types.json src/ecsnet_instdata.c
      Generates the C table compiled into the library (`make instance-data`).
      The output is deterministic: the same JSON gives the same bytes.

The estimate. ECS publishes its awsvpc-tasks-with-trunking limit
only in its trunking table (2023-04-18 here). EC2's trunking backend gives
EKS a branch-interface count per type (the karpenter file); the two are
related but not equal (c5.large: 9 branch ENIs, 10 ECS tasks). The method:
for a type missing from the ECS table, EC2-trunking-compatible, whose
branch count B is shared by at least MIN_SUPPORT documented types of which
at least MIN_AGREE (95%) have the same ECS figure T, estimate T. Other
types are 'unknown'. The method is checked leaving one family out at a
time (the map is rebuilt without the family, then tried on it); the
agreement rate goes into the data's metadata and docs/reference.md.

Uses only the standard library.
"""
import collections
import json
import re
import sys

FORMAT = "ecsnet-instance-types/1"
ENI_SRC = "awsdocs/amazon-ec2-user-guide@e3707c4 doc_source/using-eni.md#AvailableIpPerENI"
ENI_DATE = "2023-05-11"
ECS_SRC = ("awsdocs/amazon-ecs-developer-guide@cf5e581 doc_source/container-instance-eni.md"
           "#eni-trunking-supported-instance-types")
ECS_DATE = "2023-04-18"
EC2_SRC = ("getmoto/moto@34d6cad5abbb moto/ec2/resources/instance_types.json (a full "
           "DescribeInstanceTypes dump)")
EC2_DATE = "2026-08-02"
BRANCH_SRC = ("aws/karpenter-provider-aws@1d927085dd81 pkg/providers/instancetype/"
              "zz_generated.vpclimits.go (EKS branch-interface limits)")
BRANCH_DATE = "2026-08-06"
MIN_SUPPORT = 3
MIN_AGREE = 0.95
TIERS = ("documented", "estimated", "unknown", "user")

# Anomaly kinds: the text after "NOTE:" in the reference's source field.
KINDS = [
    ("CONTRADICTION", "contradiction"),
    ("SUSPECT: with-trunking limit lower", "trunking_lower"),
    ("SUSPECT: i4i", "suspect_pattern"),
    ("invalid; set null", "invalid_value"),
    ("NEWER DATA DIFFERS", "newer_data_differs"),
    ("ipv6_per_eni null", "no_ipv6"),
]

FIELDS = ["instance_type", "max_enis", "ipv4_per_eni", "ipv6_per_eni", "trunking_supported",
          "awsvpc_tasks_without_trunking", "awsvpc_tasks_with_trunking"]


def split_notes(source):
    if "; NOTE: " not in source:
        return source, []
    base, notes = source.split("; NOTE: ", 1)
    out = []
    for part in re.split(r"; (?=[A-Z]|ipv6)", notes):
        part = part.strip()
        kind = "note"
        for key, k in KINDS:
            if key in part:
                kind = k
                break
        out.append({"kind": kind, "text": part})
    return base, out


def family(name):
    return name.split(".", 1)[0]


def load_json(path):
    with open(path) as f:
        return json.load(f)


def ec2_numbers(t):
    """EC2's numbers for one describe-instance-types entry. ENIs are summed
    over the network cards, as ECS counts them (docs/reference.md §3.1: p4d,
    p4de, trn1, trn1n and hpc6id in the 2023 ECS table = sum - 1)."""
    net = t["NetworkInfo"]
    cards = net.get("NetworkCards") or []
    enis = sum(c["MaximumNetworkInterfaces"] for c in cards) if cards \
        else net["MaximumNetworkInterfaces"]
    v6 = net.get("Ipv6AddressesPerInterface") if net.get("Ipv6Supported") else None
    return {"max_enis": enis, "ipv4_per_eni": net["Ipv4AddressesPerInterface"],
            "ipv6_per_eni": v6, "network_cards": max(1, len(cards)),
            "vcpus": t["VCpuInfo"]["DefaultVCpus"], "memory_mib": t["MemoryInfo"]["SizeInMiB"]}


def branch_map(documented, branch, exclude_family=None):
    """B -> T over the documented types (name -> ECS figure): the ECS figure
    that >= MIN_AGREE of the >= MIN_SUPPORT documented, trunking-compatible
    types with B branch interfaces share."""
    by = collections.defaultdict(list)
    for name, t in documented.items():
        b = branch.get(name)
        if b is None or not b["is_trunking_compatible"] or family(name) == exclude_family:
            continue
        by[b["branch_interfaces"]].append(t)
    out = {}
    for b, ts in by.items():
        val, n = collections.Counter(ts).most_common(1)[0]
        if len(ts) >= MIN_SUPPORT and n >= MIN_AGREE * len(ts):
            out[b] = (val, n, len(ts))
    return out


def check_method(documented, branch):
    """Agreement of the method over every type in both tables: in sample,
    and leaving one family out at a time."""
    both = [n for n in documented if n in branch]
    full = branch_map(documented, branch)
    ins = [n for n in both if branch[n]["is_trunking_compatible"]
           and branch[n]["branch_interfaces"] in full]
    ins_ok = sum(1 for n in ins if full[branch[n]["branch_interfaces"]][0] == documented[n])
    lofo = lofo_ok = 0
    misses = []
    for fam in sorted(set(family(n) for n in both)):
        m = branch_map(documented, branch, fam)
        for n in sorted(both):
            if family(n) != fam or not branch[n]["is_trunking_compatible"]:
                continue
            b = branch[n]["branch_interfaces"]
            if b in m:
                lofo += 1
                if m[b][0] == documented[n]:
                    lofo_ok += 1
                else:
                    misses.append("%s (%d branch interfaces: estimated %d, documented %d)"
                                  % (n, b, m[b][0], documented[n]))
    return full, {
        "types_in_both": len(both),
        "covered": len(ins), "covered_agree": ins_ok,
        "leave_one_family_out_covered": lofo,
        "leave_one_family_out_agree": lofo_ok,
        "leave_one_family_out_rate": round(100.0 * lofo_ok / lofo, 1) if lofo else None,
        "leave_one_family_out_misses": misses,
    }


def support_precision(rows23, branch):
    """How often EC2's trunking-compatible flag matched ECS support, 2023 types."""
    comp = [r for r in rows23 if r["instance_type"] in branch
            and branch[r["instance_type"]]["is_trunking_compatible"]]
    return len(comp), sum(1 for r in comp if r["trunking_supported"])


def put_ec2_extras(row, frm, ec2):
    """Network cards, and EC2's vCPUs and memory for information only: they
    are 'ec2_vcpus' / 'ec2_memory_mib', not 'vcpus' / 'memory_mib', so that
    density does not count them by default (an ECS container instance
    registers less memory than EC2's figure; the compiled 2023 rows never
    had them, and their answers stay as they were). Loaded
    describe-instance-types output, or instance_cpu / instance_memory,
    still count."""
    row["network_cards"] = ec2["network_cards"]
    row["ec2_vcpus"] = ec2["vcpus"]
    row["ec2_memory_mib"] = ec2["memory_mib"]
    for k in ("network_cards", "ec2_vcpus", "ec2_memory_mib"):
        frm[k] = "ec2-2026"


def row_2023(r, ec2):
    base, anomalies = split_notes(r["source"])
    row = {k: r[k] for k in FIELDS}
    computed = "computed as max_enis-1" in base
    row["tasks_without_trunking_computed"] = computed
    row["trunk_tier"] = "documented"
    frm = {"max_enis": "eni-2023", "ipv4_per_eni": "eni-2023", "ipv6_per_eni": "eni-2023",
           "trunking_supported": "ecs-2023",
           "awsvpc_tasks_without_trunking": "rule-2023" if computed else "ecs-2023",
           "awsvpc_tasks_with_trunking": "ecs-2023"}
    if ec2 is not None:
        put_ec2_extras(row, frm, ec2)
    row["from"] = frm
    row["source"] = r["source"]
    row["date"] = ENI_DATE
    row["ecs_date"] = ECS_DATE
    row["anomalies"] = anomalies
    return row


def row_new(name, ec2, b, bmap, method, prec):
    row = {"instance_type": name}
    for k in ("max_enis", "ipv4_per_eni", "ipv6_per_eni"):
        row[k] = ec2[k]
    frm = {"max_enis": "ec2-2026", "ipv4_per_eni": "ec2-2026", "ipv6_per_eni": "ec2-2026",
           "awsvpc_tasks_without_trunking": "rule-2023"}
    est = None
    if b is not None and b["is_trunking_compatible"] and b["branch_interfaces"] in bmap:
        est = bmap[b["branch_interfaces"]]
    row["trunking_supported"] = True if est else None
    row["awsvpc_tasks_without_trunking"] = ec2["max_enis"] - 1
    row["awsvpc_tasks_with_trunking"] = est[0] if est else None
    row["tasks_without_trunking_computed"] = True
    row["trunk_tier"] = "estimated" if est else "unknown"
    put_ec2_extras(row, frm, ec2)
    if b is not None:
        row["branch_interfaces"] = b["branch_interfaces"]
        row["trunking_compatible_for_eks"] = b["is_trunking_compatible"]
        frm["branch_interfaces"] = "branch-2026"
    frm["trunking_supported"] = "estimate" if est else "unknown"
    frm["awsvpc_tasks_with_trunking"] = "estimate" if est else "unknown"
    row["from"] = frm
    src = ("max_enis/ipv4_per_eni/ipv6_per_eni/network_cards/ec2_vcpus/ec2_memory_mib: %s (%s); "
           "awsvpc_tasks_without_trunking computed as max_enis-1, ENIs summed over the "
           "network cards (rule stated in %s (rev %s)); not in that doc's trunking table"
           % (EC2_SRC, EC2_DATE, ECS_SRC, ECS_DATE))
    row["source"] = src
    row["trunk_basis"] = trunk_basis(b, est, method, prec)
    row["date"] = EC2_DATE
    row["ecs_date"] = None
    row["anomalies"] = []
    return row


def trunk_basis(b, est, method, prec):
    """The sentence that says what the trunking figure rests on."""
    head = "not in ECS's trunking table (%s)" % ECS_DATE
    tail = "; give awsvpc_tasks_with_trunking in instance data to use the real number"
    if est:
        return ("estimated, not documented: %s; EC2 gives it %d branch interfaces (EKS "
                "trunking, %s) and %d of the %d documented types with %d have %d ECS "
                "tasks with trunking (method agreement %s%% exact, %d of %d types, leaving "
                "one family out); trunking support itself is inferred from EC2's "
                "trunking-compatible flag, which matched ECS support for %d of %d 2023 "
                "types%s" % (head, b["branch_interfaces"], BRANCH_DATE, est[1], est[2],
                             b["branch_interfaces"], est[0],
                             method["leave_one_family_out_rate"],
                             method["leave_one_family_out_agree"],
                             method["leave_one_family_out_covered"],
                             prec[1], prec[0], tail))
    if b is None:
        why = "EC2's branch-interface data (%s) has no row for it" % BRANCH_DATE
    elif not b["is_trunking_compatible"]:
        why = "EC2 does not mark it trunking-compatible (EKS, %s)" % BRANCH_DATE
    else:
        why = ("EC2 gives it %d branch interfaces (EKS trunking, %s), a count too few "
               "documented types share for an estimate" % (b["branch_interfaces"], BRANCH_DATE))
    return ("unknown: %s and %s, so whether ECS trunks it and its limit are unknown%s"
            % (head, why, tail))


def do_import(ref_path, describe_path, branch_path, out_path):
    rows23 = load_json(ref_path)
    ec2 = {t["InstanceType"]: ec2_numbers(t)
           for t in load_json(describe_path)["InstanceTypes"]}
    branch = load_json(branch_path)["instance_types"]
    documented = {r["instance_type"]: r["awsvpc_tasks_with_trunking"] for r in rows23
                  if r["trunking_supported"] and r["awsvpc_tasks_with_trunking"] is not None}
    bmap, method = check_method(documented, branch)
    prec = support_precision(rows23, branch)
    known = set(r["instance_type"] for r in rows23)
    types = [row_2023(r, ec2.get(r["instance_type"])) for r in rows23]
    for name in sorted(ec2):
        if name not in known:
            types.append(row_new(name, ec2[name], branch.get(name), bmap, method, prec))
    tiers = collections.Counter(r["trunk_tier"] for r in types)
    method.update({
        "description": (
            "For a type not in the ECS trunking table and marked trunking-compatible in "
            "EC2's branch-interface data: the ECS awsvpc-tasks-with-trunking figure that at "
            "least %d%% of the (at least %d) documented types with the same number of EKS "
            "branch interfaces share. Other new types are 'unknown'. Checked on every type "
            "in both tables, leaving one instance family out at a time."
            % (int(MIN_AGREE * 100), MIN_SUPPORT)),
        "map": {str(b): {"tasks_with_trunking": v[0], "agree": v[1], "of": v[2]}
                for b, v in sorted(bmap.items())},
        "trunking_compatible_2023_types": prec[0],
        "trunking_compatible_and_ecs_supported_2023": prec[1],
    })
    doc = {
        "format": FORMAT,
        "description": ("ENI and awsvpc density data per EC2 instance type, compiled into ecsnet "
                        "(src/ecsnet_instdata.c, `make instance-data`). Every row of "
                        "the 2023 EC2 and ECS tables (docs/reference.md#instance-data), with its source and the "
                        "anomalies it flags, plus every type of EC2's 2026 DescribeInstanceTypes "
                        "data that the 2023 table lacks. 'trunk_tier' says what the trunking "
                        "figure rests on: documented (the ECS table), estimated (method under "
                        "'estimate'), unknown; 'from' names each number's source."),
        "generated_from": [ENI_SRC + " and " + ECS_SRC, EC2_SRC, BRANCH_SRC],
        "date": max(ENI_DATE, ECS_DATE, EC2_DATE, BRANCH_DATE),
        "sources": {
            "eni": {"ref": ENI_SRC, "date": ENI_DATE,
                    "fields": ["max_enis", "ipv4_per_eni", "ipv6_per_eni"]},
            "ecs": {"ref": ECS_SRC, "date": ECS_DATE,
                    "fields": ["trunking_supported", "awsvpc_tasks_without_trunking",
                               "awsvpc_tasks_with_trunking"]},
            "eni-2023": {"ref": ENI_SRC, "date": ENI_DATE},
            "ecs-2023": {"ref": ECS_SRC, "date": ECS_DATE},
            "rule-2023": {"ref": ECS_SRC + " (tasks without trunking = max ENIs - 1)",
                          "date": ECS_DATE},
            "ec2-2026": {"ref": EC2_SRC, "date": EC2_DATE},
            "branch-2026": {"ref": BRANCH_SRC, "date": BRANCH_DATE},
            "estimate": {"ref": "tools/gen-instance-data.py (method under 'estimate')",
                         "date": BRANCH_DATE},
            "unknown": {"ref": "no published source", "date": None},
        },
        "estimate": method,
        "tiers": {t: tiers.get(t, 0) for t in TIERS[:3]},
        "count": len(types),
        "instance_types": types,
    }
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print("%s: %d instance types, tiers %s; method: %s" % (
        out_path, len(types), dict(tiers),
        {k: method[k] for k in ("covered", "covered_agree", "leave_one_family_out_covered",
                                "leave_one_family_out_agree")}))


def c_string(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= o < 127:
            out.append(ch)
        else:
            out.append("\\%03o" % o)
    return '"' + "".join(out) + '"'


FLAG = {
    "contradiction": "ECSNET_INST_CONTRADICTION",
    "trunking_lower": "ECSNET_INST_SUSPECT",
    "suspect_pattern": "ECSNET_INST_SUSPECT",
    "invalid_value": "ECSNET_INST_INVALID_VALUE",
    "newer_data_differs": "ECSNET_INST_NEWER_DATA",
    "no_ipv6": "ECSNET_INST_NO_IPV6",
    "note": "ECSNET_INST_NOTE",
}


def check_row(r):
    for k in ("max_enis", "ipv4_per_eni", "awsvpc_tasks_without_trunking"):
        if not isinstance(r[k], int) or r[k] < 0:
            raise SystemExit("%s: bad %s" % (r["instance_type"], k))


TIER_C = {"documented": "ECSNET_TIER_DOCUMENTED", "estimated": "ECSNET_TIER_ESTIMATED",
          "unknown": "ECSNET_TIER_UNKNOWN", "user": "ECSNET_TIER_USER"}


def estimate_sentence(doc):
    m = doc.get("estimate")
    if not m:
        return "no estimates: every trunking figure is documented or unknown"
    return ("%s Agreement: %s of %s documented types whose branch-interface count the "
            "method covers (%s%% exact) leaving one family out; %s of %s in sample; the "
            "method covers %s of the %s types in both tables. Tiers: %s." % (
                m["description"], m["leave_one_family_out_agree"],
                m["leave_one_family_out_covered"], m["leave_one_family_out_rate"],
                m["covered_agree"], m["covered"], m["covered"], m["types_in_both"],
                ", ".join("%s %d" % (k, v) for k, v in sorted(doc.get("tiers", {}).items()))))


def intern(table, index, s):
    if s not in index:
        index[s] = len(table)
        table.append(s)
    return index[s]


def do_c(json_path, out_path):
    with open(json_path) as f:
        doc = json.load(f)
    if doc.get("format") != FORMAT:
        raise SystemExit("%s: format is not %s" % (json_path, FORMAT))
    rows = sorted(doc["instance_types"], key=lambda r: r["instance_type"])
    names = [r["instance_type"] for r in rows]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate instance types")
    sources, sindex, bases, bindex = [], {}, [], {}
    for r in rows:
        intern(sources, sindex, split_notes(r["source"])[0])
        if r.get("trunk_basis"):
            intern(bases, bindex, r["trunk_basis"])
    L = []
    L.append("/*")
    L.append("** ecsnet_instdata.c: the instance data compiled into the library.")
    L.append("**")
    L.append("** GENERATED by tools/gen-instance-data.py from data/instance-types.json")
    L.append("** (`make instance-data`); do not edit. %d instance types, sorted by name" % len(rows))
    L.append("** for binary search. spec/instance_data_spec.lua and test/test_eni.c fail")
    L.append("** when this file and the JSON disagree.")
    L.append("*/")
    L.append('#include "ecsnet.h"')
    L.append('#include "ecsnet_eni_internal.h"')
    L.append("")
    L.append("const char ecsnet__instdata_date[] = %s;" % c_string(doc.get("date", ENI_DATE)))
    L.append("const char ecsnet__instdata_estimate[] =\n  %s;" % c_string(estimate_sentence(doc)))
    L.append("")
    L.append("/* Sources with their dates; rows point here (anomaly notes are per row). */")
    for i, src in enumerate(sources):
        L.append("static const char src%d[] =\n  %s;" % (i, c_string(src)))
    L.append("")
    L.append("/* What estimated and unknown trunking figures rest on. */")
    for i, b in enumerate(bases):
        L.append("static const char tb%d[] =\n  %s;" % (i, c_string(b)))
    L.append("")
    L.append("const ecsnet_instance_t ecsnet__instdata[] = {")
    for r in rows:
        check_row(r)
        base, _ = split_notes(r["source"])
        flags = []
        if r.get("tasks_without_trunking_computed"):
            flags.append("ECSNET_INST_COMPUTED")
        for a in r.get("anomalies", []):
            fl = FLAG.get(a["kind"], "ECSNET_INST_NOTE")
            if fl not in flags:
                flags.append(fl)
        note = "; ".join(a["text"] for a in r.get("anomalies", []))
        v6 = r["ipv6_per_eni"]
        tw = r["awsvpc_tasks_with_trunking"]
        tier = r.get("trunk_tier", "documented")
        if tier not in TIER_C:
            raise SystemExit("%s: bad trunk_tier %r" % (r["instance_type"], tier))
        ed = r.get("ecs_date", ECS_DATE)
        L.append("  {%s, %d, %d, %d, %d, %d, %d, %d, %dUL, %d, %s, src%d, %s, %s, %s, %s, %s}," % (
            c_string(r["instance_type"]), r["max_enis"], r["ipv4_per_eni"],
            -1 if v6 is None else v6, 1 if r["trunking_supported"] else 0,
            r["awsvpc_tasks_without_trunking"], -1 if tw is None else tw,
            0, 0, r.get("network_cards", 0),   # ec2_vcpus/ec2_memory_mib: JSON only
            " | ".join(flags) if flags else "0",
            sindex[base], c_string(note) if note else "NULL",
            c_string(r.get("date", ENI_DATE)), c_string(ed) if ed else "NULL",
            TIER_C[tier],
            "tb%d" % bindex[r["trunk_basis"]] if r.get("trunk_basis") else "NULL"))
    L.append("};")
    L.append("")
    L.append("const size_t ecsnet__instdata_count =")
    L.append("  sizeof ecsnet__instdata / sizeof ecsnet__instdata[0];")
    text = "\n".join(L) + "\n"
    with open(out_path, "w") as f:
        f.write(text)
    print("%s: %d instance types, %d sources, %d trunking bases" % (
        out_path, len(rows), len(sources), len(bases)))


def main(argv):
    if len(argv) == 6 and argv[1] == "import":
        do_import(argv[2], argv[3], argv[4], argv[5])
    elif len(argv) == 4 and argv[1] == "c":
        do_c(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
