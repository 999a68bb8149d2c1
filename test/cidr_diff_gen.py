#!/usr/bin/env python3
"""Case generator for test/cidr_diff.sh: random IPv4/IPv6 cases with the
answers of Python's ipaddress, one per line, tab-separated:

    op <TAB> arg... <TAB> expected

Seeded (argv[1]) and sized (argv[2] cases per operation), so a failure can
be replayed. Expected texts follow Python's str() except IPv4-mapped IPv6
addresses, which RFC 5952 section 5 writes as ::ffff:a.b.c.d (ecsnet does, as
Python 3.13 does; this Python may print ::ffff:102:304).
"""
import ipaddress as ip
import random
import sys
import time
_t0 = [time.time()]


def lap(name):
    if '-v' in sys.argv:
        sys.stderr.write('%-10s %.2fs\n' % (name, time.time() - _t0[0]))
    _t0[0] = time.time()

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
N = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
# Optional: this process makes part P of K (cases i with i % K == P), so
# that the cases of one seed can be made by K processes at once.
PART = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != "-v" else 0
PARTS = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] != "-v" else 1
rnd = random.Random(seed * 1000 + PART)
out = sys.stdout
w = out.write


def atext(a):
    """An address as ecsnet writes it."""
    if a.version == 6 and a.ipv4_mapped is not None:
        return "::ffff:" + str(a.ipv4_mapped)
    return str(a)


def ntext(n):
    return atext(n.network_address) + "/" + str(n.prefixlen)


def key(n):
    """A cheap exact form for lists: the address in hex digits (8 or 32) and
    the length. The text forms are checked by the parse and facts cases."""
    return "%0*x/%d" % (8 if n.version == 4 else 32, int(n.network_address), n.prefixlen)


def keys(lst):
    return ",".join(key(x) for x in lst)


def net(fam, v, ln):
    return (ip.IPv4Network if fam == 4 else ip.IPv6Network)((v, ln), strict=False)


def addr_of(fam, v):
    return (ip.IPv4Address if fam == 4 else ip.IPv6Address)(v)


def rand_v6_int():
    k = rnd.random()
    if k < 0.35:     # runs of zero groups, to exercise '::' placement
        g = [rnd.choice((0, 0, 0, rnd.getrandbits(16), 1)) for _ in range(8)]
        v = 0
        for x in g:
            v = (v << 16) | x
        return v
    if k < 0.40:     # IPv4-mapped
        return (0xffff << 32) | rnd.getrandbits(32)
    if k < 0.45:
        return rnd.getrandbits(rnd.randint(0, 128))
    return rnd.getrandbits(128)


def rand_net(fam=None):
    fam = fam or rnd.choice((4, 6))
    if fam == 4:
        v = rnd.getrandbits(32)
        ln = rnd.choice((rnd.randint(0, 32), rnd.randint(8, 32), rnd.randint(16, 28)))
        return net(4, v, ln)
    v = rand_v6_int()
    ln = rnd.choice((rnd.randint(0, 128), rnd.randint(32, 128), 64, 56, 128))
    return net(6, v, ln)


def related(n, depth=128):
    """Another prefix of n's family, often inside (at most 'depth' bits
    longer), around or next to n."""
    mx = min(n.max_prefixlen, n.prefixlen + depth)
    k = rnd.random()
    base = int(n.network_address)
    if k < 0.4:      # inside
        ln = rnd.randint(n.prefixlen, mx)
        room = n.max_prefixlen - n.prefixlen
        v = base | (rnd.getrandbits(room) if room else 0)
    elif k < 0.6:    # a supernet
        ln = rnd.randint(0, n.prefixlen)
        v = base
    elif k < 0.8:    # a neighbour
        ln = n.prefixlen
        v = (base + rnd.choice((-1, 1)) * n.num_addresses) % (1 << n.max_prefixlen)
    else:
        return rand_net(n.version)
    return net(n.version, v, ln)


def rand_addr(fam=None):
    fam = fam or rnd.choice((4, 6))
    if fam == 4:
        return ip.IPv4Address(rnd.getrandbits(32))
    return ip.IPv6Address(rand_v6_int())


def spell(n, host_bits=False):
    """Text for n, sometimes non-canonical but valid (IPv6 upper case, no
    '::', leading zeros in groups), sometimes a bare address."""
    a = n.network_address
    if host_bits and n.prefixlen < n.max_prefixlen:
        a = addr_of(n.version, int(a) | rnd.randint(1, n.num_addresses - 1))
    if n.version == 6:
        k = rnd.random()
        if k < 0.2:
            t = a.exploded
        elif k < 0.3:
            t = str(a).upper()
        else:
            t = str(a)
    else:
        t = str(a)
    if n.prefixlen == n.max_prefixlen and rnd.random() < 0.3:
        return t
    return t + "/" + str(n.prefixlen)


def mutate(t):
    """Usually-invalid variants of valid text."""
    k = rnd.randrange(12)
    if k == 0:
        return " " + t
    if k == 1:
        return t + rnd.choice(("x", " ", "/", ".", ":", "/1", "\\t"))
    if k == 2 and "." in t:    # a leading zero in an octet
        parts = t.split(".")
        i = rnd.randrange(len(parts))
        parts[i] = "0" + parts[i]
        return ".".join(parts)
    if k == 3 and "." in t:    # a short form
        return ".".join(t.split("/")[0].split(".")[:rnd.randint(1, 3)]) + "/" + t.split("/")[-1]
    if k == 4:
        return t.split("/")[0] + "/" + str(rnd.choice((33, 64, 129, 200, -1)))
    if k == 5 and "." in t:
        parts = t.split(".")
        parts[rnd.randrange(len(parts))] = str(rnd.randint(256, 999))
        return ".".join(parts)
    if k == 6:
        i = rnd.randrange(len(t) + 1)
        return t[:i] + rnd.choice("0123456789abcdefg:./") + t[i:]
    if k == 7:
        i = rnd.randrange(len(t))
        return t[:i] + t[i + 1:]
    if k == 8 and ":" in t:
        return t.replace("::", ":::", 1) if "::" in t else t.replace(":", "::", 2)
    if k == 9:
        return ""
    if k == 10 and "/" in t:
        return t.replace("/", "/0", 1)   # leading zero in the length
    return t + t


def py_parse(t, strict):
    if "\\t" in t or t.strip() != t or "/0" in t and t.split("/")[-1].startswith("0") and t.split("/")[-1] != "0":
        return "ERR"
    try:
        if "/" in t:
            tail = t.split("/")[-1]
            if not tail.isdigit():   # netmask forms: ecsnet is stricter
                return "ERR"
        n = ip.ip_network(t, strict=strict)
        return ntext(n)
    except ValueError:
        return "ERR"


fam_cycle = (4, 6)

# 1. parse (strict) and 2. parse with mask
for i in range(PART, N, PARTS):
    n = rand_net(fam_cycle[(i // PARTS) % 2])
    r = rnd.random()
    t = spell(n, host_bits=r < 0.25)
    if 0.25 <= r < 0.55:
        t = mutate(t)
    t = t.replace("\t", " ")
    w("parse\t%s\t%s\n" % (t, py_parse(t, True)))
    w("mask\t%s\t%s\n" % (t, py_parse(t, False)))

lap('parse')

# 3. contains, 4. overlaps
for i in range(PART, N, PARTS):
    a = rand_net(fam_cycle[(i // PARTS) % 2])
    b = related(a)
    w("contains\t%s\t%s\t%s\n" % (ntext(a), ntext(b), "true" if b.subnet_of(a) else "false"))
    b = related(a) if rnd.random() < 0.8 else rand_net(a.version)
    w("overlaps\t%s\t%s\t%s\n" % (ntext(a), ntext(b), "true" if a.overlaps(b) else "false"))

lap('contains')

# 5. facts: size, network, last, netmask, hostmask
for i in range(PART, N, PARTS):
    a = rand_net(fam_cycle[(i // PARTS) % 2])
    w("facts\t%s\t%d|%s|%s|%s|%s\n" % (ntext(a), a.num_addresses, atext(a.network_address),
                                      atext(a.broadcast_address), atext(a.netmask), atext(a.hostmask)))

lap('facts')

# 6. supernet, next/prev via neighbours
for i in range(PART, N, PARTS):
    a = rand_net(fam_cycle[(i // PARTS) % 2])
    nl = rnd.randint(0, a.prefixlen)
    w("supernet\t%s\t%d\t%s\n" % (ntext(a), nl, ntext(a.supernet(new_prefix=nl))))

lap('supernet')

# 7. subnets: count, first, last (and all of them when few)
for i in range(PART, N, PARTS):
    a = rand_net(fam_cycle[(i // PARTS) % 2])
    room = a.max_prefixlen - a.prefixlen
    nl = a.prefixlen + rnd.randint(0, min(room, 4))
    subs = list(a.subnets(new_prefix=nl))
    w("subnets\t%s\t%d\t%s\n" % (ntext(a), nl, keys(subs)))

lap('subnets')

# 8. aggregate (collapse) of a small list of one family
for i in range(PART, N, PARTS):
    fam = fam_cycle[(i // PARTS) % 2]
    base = rand_net(fam)
    lst = [base] + [related(base) for _ in range(rnd.randint(0, 6))]
    res = ip.collapse_addresses(lst)
    w("aggregate\t%s\t%s\n" % (",".join(ntext(x) for x in lst), keys(res)))

lap('aggregate')

# 9. exclude (b within a)
for i in range(PART, N, PARTS):
    a = rand_net(fam_cycle[(i // PARTS) % 2])
    ln = rnd.randint(a.prefixlen, min(a.max_prefixlen, a.prefixlen + 10))
    b = net(a.version, int(a.network_address) | (rnd.getrandbits(a.max_prefixlen - a.prefixlen) if a.max_prefixlen > a.prefixlen else 0), ln)
    res = sorted(a.address_exclude(b))
    w("exclude\t%s\t%s\t%s\n" % (ntext(a), ntext(b), keys(res)))

lap('exclude')

# 10. range -> prefixes
for i in range(PART, N, PARTS):
    fam = fam_cycle[(i // PARTS) % 2]
    x, y = rand_addr(fam), rand_addr(fam)
    if rnd.random() < 0.9:   # mostly short ranges: long ones cost Python 250 prefixes
        y = addr_of(fam, min(int(x) + rnd.randint(0, 5000), (1 << 32) - 1)) if fam == 4 else \
            addr_of(fam, min(int(x) + rnd.getrandbits(rnd.randint(0, 40)), (1 << 128) - 1))
    if int(y) < int(x):
        x, y = y, x
    res = ip.summarize_address_range(x, y)
    w("range\t%s\t%s\t%s\n" % (atext(x), atext(y), keys(res)))


lap('range')

# 11. set membership, union, difference, intersection
def difference(A, B):
    res = list(ip.collapse_addresses(A))
    for b in B:
        new = []
        for a in res:
            if not a.overlaps(b):
                new.append(a)
            elif b.supernet_of(a):
                pass
            else:
                new.extend(a.address_exclude(b))
        res = new
    return list(ip.collapse_addresses(res))


def intersection(A, B):
    res = []
    for a in A:
        for b in B:
            if a.overlaps(b):
                res.append(a if b.supernet_of(a) else b)
    return list(ip.collapse_addresses(res))


for i in range(PART, N, PARTS):
    fam = fam_cycle[(i // PARTS) % 2]
    base = rand_net(fam)
    A = [related(base, 10) for _ in range(rnd.randint(1, 3))]
    B = [related(base, 10) for _ in range(rnd.randint(1, 3))]
    if rnd.random() < 0.3:
        addr = rand_addr(fam)
    else:
        p = rnd.choice(A)
        off = rnd.randint(0, min(p.num_addresses - 1, 1 << 40))
        if rnd.random() < 0.2:
            off = p.num_addresses - 1
        addr = addr_of(fam, int(p.network_address) + off)
    member = any(addr in a for a in A)
    u = list(ip.collapse_addresses(A + B))
    d = difference(A, B)
    x = intersection(A, B)
    w("set\t%s\t%s\t%s\t%s|%s|%s|%s\n" % (",".join(ntext(a) for a in A), ",".join(ntext(b) for b in B),
                                           atext(addr), "true" if member else "false",
                                           keys(u), keys(d), keys(x)))
lap('set')
