#!/usr/bin/env python3
"""Instance data for ecsnet (issue 6; ecs-facts.md §3.3, §3.4; DESIGN.md decision 2).

Two jobs:

  gen-instance-data.py import REF.json data/instance-types.json
      Builds data/instance-types.json from the shared reference
      (../shared/reference/eni-limits.json): every row kept, its source kept,
      the anomalies the reference writes into 'source' ("NOTE: ...") turned
      into a list of flagged anomalies. Run once by hand when the reference
      changes; the JSON is the source of truth afterwards.

  gen-instance-data.py c data/instance-types.json src/ecsnet_instdata.c
      Generates the C table compiled into the library (`make instance-data`).
      The output is deterministic: the same JSON gives the same bytes.

Uses only the standard library.
"""
import json
import re
import sys

FORMAT = "ecsnet-instance-types/1"
ENI_SRC = "awsdocs/amazon-ec2-user-guide@e3707c4 doc_source/using-eni.md#AvailableIpPerENI"
ENI_DATE = "2023-05-11"
ECS_SRC = ("awsdocs/amazon-ecs-developer-guide@cf5e581 doc_source/container-instance-eni.md"
           "#eni-trunking-supported-instance-types")
ECS_DATE = "2023-04-18"

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


def do_import(ref_path, out_path):
    with open(ref_path) as f:
        rows = json.load(f)
    types = []
    for r in rows:
        base, anomalies = split_notes(r["source"])
        row = {k: r[k] for k in FIELDS}
        computed = "computed as max_enis-1" in base
        row["tasks_without_trunking_computed"] = computed
        row["source"] = r["source"]
        row["date"] = ENI_DATE
        row["ecs_date"] = ECS_DATE
        row["anomalies"] = anomalies
        types.append(row)
    doc = {
        "format": FORMAT,
        "description": ("ENI and awsvpc density data per EC2 instance type, compiled into ecsnet "
                        "(src/ecsnet_instdata.c, `make instance-data`). Every row of "
                        "../shared/reference/eni-limits.json, with its source; anomalies the "
                        "reference flags are kept and listed under 'anomalies'."),
        "generated_from": "../shared/reference/eni-limits.json",
        "sources": {
            "eni": {"ref": ENI_SRC, "date": ENI_DATE,
                    "fields": ["max_enis", "ipv4_per_eni", "ipv6_per_eni"]},
            "ecs": {"ref": ECS_SRC, "date": ECS_DATE,
                    "fields": ["trunking_supported", "awsvpc_tasks_without_trunking",
                               "awsvpc_tasks_with_trunking"]},
        },
        "count": len(types),
        "instance_types": types,
    }
    with open(out_path, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print("%s: %d instance types" % (out_path, len(types)))


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


def do_c(json_path, out_path):
    with open(json_path) as f:
        doc = json.load(f)
    if doc.get("format") != FORMAT:
        raise SystemExit("%s: format is not %s" % (json_path, FORMAT))
    rows = sorted(doc["instance_types"], key=lambda r: r["instance_type"])
    names = [r["instance_type"] for r in rows]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate instance types")
    sources = []
    index = {}
    for r in rows:
        base, _ = split_notes(r["source"])
        if base not in index:
            index[base] = len(sources)
            sources.append(base)
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
    L.append("/* Sources with their dates; rows point here (anomaly notes are per row). */")
    for i, src in enumerate(sources):
        L.append("static const char src%d[] =\n  %s;" % (i, c_string(src)))
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
        L.append("  {%s, %d, %d, %d, %d, %d, %d, 0, 0, 0, %s, %s, %s, %s, %s}," % (
            c_string(r["instance_type"]), r["max_enis"], r["ipv4_per_eni"],
            -1 if v6 is None else v6, 1 if r["trunking_supported"] else 0,
            r["awsvpc_tasks_without_trunking"], -1 if tw is None else tw,
            " | ".join(flags) if flags else "0",
            "src%d" % index[base], c_string(note) if note else "NULL",
            c_string(r.get("date", ENI_DATE)), c_string(r.get("ecs_date", ECS_DATE))))
    L.append("};")
    L.append("")
    L.append("const size_t ecsnet__instdata_count =")
    L.append("  sizeof ecsnet__instdata / sizeof ecsnet__instdata[0];")
    text = "\n".join(L) + "\n"
    with open(out_path, "w") as f:
        f.write(text)
    print("%s: %d instance types, %d sources" % (out_path, len(rows), len(sources)))


def main(argv):
    if len(argv) == 4 and argv[1] == "import":
        do_import(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "c":
        do_c(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
