#!/usr/bin/env python3
"""Key tables of the task-definition shapes for ecsnet's typo check.

    gen-shapes.py [--header] [REF.json] [OUT.c]

Reads the ECS API model (default ../shared/reference/ecs-api-shapes-2026-08.json,
botocore's service-2.json for ECS, trimmed) and writes src/ecsnet_shapes.c
(default): for each shape the validator walks, its member names and a
perfect hash over their key signatures, so that the validator looks a key up
with one multiply, one load and one compare (ecsnet_td_internal.h, key_sig).
It also writes the header next to it (src/ecsnet_shapes.h): the shapes'
enum (ecsnet_ks_t) and a field enum (ecsnet_field_t), one constant per
member name, (shape << 8) | the name's index in the shape's table, through
which the validator reads a field from the slot its key's one lookup filled
(ecsnet_td_fields.c). With OUT.c "-" the C is printed (--header: the
header) and nothing is written.

The shapes: RegisterTaskDefinitionRequest (register input; CloudFormation's
AWS::ECS::TaskDefinition properties are these names with the first letter
upper-cased), TaskDefinition (describe output), ContainerDefinition,
PortMapping, RuntimePlatform, and Terraform's aws_ecs_task_definition
attributes (snake_case; not in the API model: the list below, from the
provider's schema, hashicorp/terraform-provider-aws
internal/service/ecs/task_definition.go).

The output is deterministic: the same model gives the same bytes.
test/test_taskdef.c checks the compiled tables against the model; run this
(`python3 tools/gen-shapes.py`) when the model changes. Standard library only.
"""
import json
import os
import re
import sys

API_SHAPES = [
    # (C name, API shape)
    ("REGISTER", "RegisterTaskDefinitionRequest"),
    ("DESCRIBE", "TaskDefinition"),
    ("CONTAINER", "ContainerDefinition"),
    ("PORT", "PortMapping"),
    ("PLATFORM", "RuntimePlatform"),
]

# Terraform's aws_ecs_task_definition arguments and attributes, and the
# runtime_platform block's (provider schema, see above; newer provider
# versions add arn_without_revision, track_latest, enable_fault_injection).
TF_TASK = [
    "arn", "arn_without_revision", "container_definitions", "cpu",
    "enable_fault_injection", "ephemeral_storage", "execution_role_arn",
    "family", "id", "inference_accelerator", "ipc_mode", "memory",
    "network_mode", "pid_mode", "placement_constraints",
    "proxy_configuration", "requires_compatibilities", "revision",
    "runtime_platform", "skip_destroy", "tags", "tags_all", "task_role_arn",
    "track_latest", "volume",
]
TF_PLATFORM = ["cpu_architecture", "operating_system_family"]


def key_sig(name):
    """The C key_sig(): the first four bytes, the first one | 0x20."""
    b = name.encode()
    sig = (b[0] | 0x20) if b else 0
    for i in range(1, 4):
        if i >= len(b):
            break
        sig |= b[i] << (8 * i)
    return sig


def perfect_hash(sigs):
    """(bits, mult): h(s) = ((s * mult) mod 2^32) >> (32 - bits) tells the
    distinct signatures apart. Smallest table first, multipliers in a fixed
    order (odd numbers from a fixed linear congruential sequence)."""
    distinct = sorted(set(sigs))
    bits = max(1, (len(distinct) - 1).bit_length())
    while True:
        x = 2654435761
        for _ in range(200000):
            mult = x | 1
            seen = set()
            for s in distinct:
                h = ((s * mult) & 0xFFFFFFFF) >> (32 - bits)
                if h in seen:
                    break
                seen.add(h)
            else:
                return bits, mult
            x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        bits += 1


def field_const(cname, name):
    """ECSNET_F_<SHAPE>_<NAME>: the name in upper snake case."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()
    return "ECSNET_F_%s_%s" % (cname, snake)


def sorted_names(names):
    """The table's order: names with the same signature next to each other,
    in name order."""
    return sorted(names, key=lambda n: (key_sig(n), n))


def table(cname, source, names):
    names = sorted_names(names)
    sigs = [key_sig(n) for n in names]
    bits, mult = perfect_hash(sigs)
    slots = [0] * (1 << bits)
    for i, s in enumerate(sigs):
        h = ((s * mult) & 0xFFFFFFFF) >> (32 - bits)
        if slots[h] == 0:
            slots[h] = i + 1
    out = []
    out.append("/* %s */" % source)
    out.append("static const char *const %s_names[] = {" % cname.lower())
    for n in names:
        out.append('  "%s",' % n)
    out.append("};")
    out.append("static const unsigned %s_sigs[] = {" % cname.lower())
    for i in range(0, len(sigs), 6):
        out.append("  " + " ".join("0x%08xu," % s for s in sigs[i:i + 6]))
    out.append("};")
    out.append("static const unsigned char %s_slots[] = {" % cname.lower())
    for i in range(0, len(slots), 16):
        out.append("  " + " ".join("%d," % s for s in slots[i:i + 16]))
    out.append("};")
    entry = ('  { "%s",\n    %s_names, %s_sigs, %s_slots, %du, 0x%08xu, %d },'
             % (source, cname.lower(), cname.lower(), cname.lower(), len(names), mult,
                32 - bits))
    return "\n".join(out), entry


def all_shapes(ref):
    """(C name, source, member names) of every table, in ecsnet_ks_t order."""
    with open(ref, encoding="utf-8") as f:
        model = json.load(f)
    shapes = model["shapes"]
    out = [(cname, shape, list(shapes[shape]["members"].keys()))
           for cname, shape in API_SHAPES]
    out.append(("TF_TASK", "aws_ecs_task_definition", TF_TASK))
    out.append(("TF_PLATFORM", "aws_ecs_task_definition runtime_platform",
                TF_PLATFORM))
    return model, out


def generate_header(ref):
    model, tables = all_shapes(ref)
    most = max(len(names) for _, _, names in tables)
    assert most <= 255, "a field's index must fit in 8 bits"
    out = [
        "/*",
        "** ecsnet_shapes.h: GENERATED by tools/gen-shapes.py with ecsnet_shapes.c",
        "** (%s)" % model.get("source", os.path.basename(ref)),
        "** and Terraform's aws_ecs_task_definition schema. Do not edit: run",
        "** python3 tools/gen-shapes.py. The shapes whose keys the validator",
        "** checks, and one constant per member name: (shape << 8) | the name's",
        "** index in the shape's table (ecsnet__keyshapes[shape].names).",
        "*/",
        "#ifndef ECSNET_SHAPES_H",
        "#define ECSNET_SHAPES_H",
        "",
        "typedef enum {",
    ]
    for cname, source, _ in tables:
        out.append("  ECSNET_KS_%s,  /* %s */" % (cname, source))
    out += ["  ECSNET_KS_COUNT", "} ecsnet_ks_t;", "",
            "/* the most names of one shape */",
            "#define ECSNET_KS_MAX_NAMES %d" % most, "",
            "typedef enum {"]
    for cname, source, names in tables:
        out.append("  /* %s */" % source)
        for i, n in enumerate(sorted_names(names)):
            out.append("  %s = ECSNET_KS_%s << 8 | %d," % (field_const(cname, n), cname, i))
    out += ["  ECSNET_F_NONE = -1", "} ecsnet_field_t;", "", "#endif", ""]
    return "\n".join(out)


def generate(ref):
    model, tables = all_shapes(ref)
    parts, entries, enum = [], [], []
    for cname, source, names in tables:
        p, e = table(cname, source, names)
        parts.append(p)
        entries.append(e)
        enum.append(cname)
    head = [
        "/*",
        "** ecsnet_shapes.c: GENERATED by tools/gen-shapes.py from the ECS API model",
        "** (%s)" % model.get("source", os.path.basename(ref)),
        "** and Terraform's aws_ecs_task_definition schema. Do not edit: run",
        "** python3 tools/gen-shapes.py. Each table: member names, their key",
        "** signatures (key_sig()), and a perfect hash of the signatures: slot",
        "** ((sig * mult) mod 2^32) >> shift holds 1 + the first name with that",
        "** signature, or 0.",
        "*/",
        '#include "ecsnet_td_internal.h"',
        "",
        "/* ecsnet_td_internal.h's ecsnet_ks_t has one shape per table here */",
        "typedef char ecsnet__ks_count_check[ECSNET_KS_COUNT == %d ? 1 : -1];" % len(enum),
        "",
        "",
    ]
    tail = ["", "const ecsnet_keyshape_t ecsnet__keyshapes[ECSNET_KS_COUNT] = {"]
    tail += entries
    tail.append("};")
    return "\n".join(head) + "\n\n".join(parts) + "\n" + "\n".join(tail) + "\n"


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    header = len(argv) > 1 and argv[1] == "--header"
    if header:
        argv = argv[:1] + argv[2:]
    ref = argv[1] if len(argv) > 1 else os.path.join(
        root, "..", "shared", "reference", "ecs-api-shapes-2026-08.json")
    out = argv[2] if len(argv) > 2 else os.path.join(root, "src", "ecsnet_shapes.c")
    if out == "-":
        sys.stdout.write(generate_header(ref) if header else generate(ref))
        return 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(generate(ref))
    with open(os.path.splitext(out)[0] + ".h", "w", encoding="utf-8") as f:
        f.write(generate_header(ref))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
