"""The keyword space of keepalived 2.2.7 as Debian 12 builds it (LVS, VRRP, BFD, VMAC,
ipvlan, nftables, SNMP, D-Bus, track_process; no iptables/ipset, no linkbeat).

Learnt from the install_keyword*() tables in keepalived/core/global_parser.c,
keepalived/vrrp/vrrp_parser.c, keepalived/check/check_*.c, keepalived/bfd/bfd_parser.c,
keepalived/trackers/track_file.c and from keepalived.conf(5). Each keyword carries a value
generator that mostly produces values the handler accepts and, with a small probability,
values at or past its bounds, so that the generated configurations reach both the accepting
and the rejecting paths of every handler.

A value generator is a function (Gen, ctx) -> list of words. `Gen` wraps the random
generator; `ctx` is the configuration being built (names it defines, interfaces, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

# Interfaces the namespace has (see runner.py) and names it has not.
PRESENT_IFACES = ["eth0", "eth1", "eth2", "eth3"]
ABSENT_IFACES = ["eth9", "bond0", "eth0.10", "vrrp.51", "dummy7", "br-x"]
# Existing root-owned executables, and commands that do not exist or are not executable.
GOOD_SCRIPTS = ["/bin/true", "/usr/bin/false", "/bin/echo", "/usr/bin/test", "/bin/sh", "true", "echo"]
BAD_SCRIPTS = ["/nonexistent/check.sh", "/etc/hostname", "no_such_command_x", "./local.sh", "/tmp"]
USERS = ["root", "nobody", "daemon", "keepalived_script", "no_such_user"]
GROUPS = ["root", "nogroup", "daemon", "no_such_group"]
SCOPES = ["global", "site", "link", "host", "nowhere", "0", "253", "bogus"]

# Words and numbers that stress the number readers, the name lookups and the brace splitter.
JUNK = [
    "", "-1", "0", "1", "255", "256", "65535", "65536", "4294967295", "4294967296",
    "99999999999999999999", "-2147483649", "1.5", "0.000001", "1e3", "0x10", "010", "+5", "abc",
    "on", "off", "yes", "no", "true", "false", "-", "--", "none", "all", "default",
    "192.0.2.1", "192.0.2.300", "2001:db8::1", "fe80::1", "::", "0.0.0.0", "192.0.2.0/24",
    "192.0.2.0/33", "eth0", "eth9", "\"\"", "\"a b\"", "'x'", "{", "}", "{x}", "a{b", "b}c",
    "${UNDEF}", "$X", "@", "~", "\\", "%s", "%n", "weight", "reverse", "inherit",
]


class Gen:
    """Random choices with a bias for valid values (p_bad is the chance of a bad one)."""

    def __init__(self, rng, p_bad: float = 0.08):
        self.r = rng
        self.p_bad = p_bad

    def bad(self, scale: float = 1.0) -> bool:
        return self.r.random() < self.p_bad * scale

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def int_in(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def junk(self) -> str:
        return self.r.choice(JUNK)


@dataclass
class Ctx:
    """Names a configuration defines, so that references mostly resolve."""
    instances: list = field(default_factory=list)
    scripts: list = field(default_factory=list)
    sync_groups: list = field(default_factory=list)
    track_files: list = field(default_factory=list)
    processes: list = field(default_factory=list)
    bfds: list = field(default_factory=list)
    track_groups: list = field(default_factory=list)
    vs_groups: list = field(default_factory=list)
    vrids: dict = field(default_factory=dict)  # interface -> set of vrids
    ipv6_instances: bool = False


ValueGen = Callable[[Gen, Ctx], list]


@dataclass
class Kw:
    name: str
    value: Optional[ValueGen] = None          # words after the keyword (None: none)
    block: Optional[list] = None              # sub-keywords (a keyword block)
    lines: Optional[ValueGen] = None          # a value block: each call gives one line
    weight: float = 1.0                       # how often it is chosen among its siblings
    once: bool = True                         # usually written once per block

    @property
    def has_block(self) -> bool:
        return self.block is not None or self.lines is not None


# ---------------------------------------------------------------------------------------
# value generators

def none(g: Gen, c: Ctx) -> list:
    return []


def num(lo: int, hi: int, lo_bad: Optional[int] = None, hi_bad: Optional[int] = None) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if g.bad():
            choice = g.int_in(0, 3)
            if choice == 0:
                return [str(lo - 1 if lo_bad is None else lo_bad)]
            if choice == 1:
                return [str(hi + 1 if hi_bad is None else hi_bad)]
            if choice == 2:
                return [g.junk()]
            return []
        if g.chance(0.3):
            return [str(g.pick([lo, hi]))]
        return [str(g.int_in(lo, min(hi, lo + 1000) if hi - lo > 1000 and g.chance(0.7) else hi))]
    return f


def timer(lo: float, hi: float) -> ValueGen:
    """Decimal seconds (read_decimal_unsigned / read_timer)."""
    def f(g: Gen, c: Ctx) -> list:
        if g.bad():
            return [g.pick([str(-1), str(hi * 10 + 1), "1.2345678", "1.", ".5", "1,5", g.junk()])]
        v = g.r.uniform(lo, min(hi, lo + 30))
        if g.chance(0.6):
            return [str(int(v) if int(v) >= lo else lo)]
        return [f"{v:.{g.int_in(1, 6)}f}"]
    return f


def choice(*options: str, extra_bad: tuple = ()) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if g.bad():
            return [g.pick(list(extra_bad) + [g.junk(), o_upper(g.pick(options))])]
        return [g.pick(options)]
    return f


def o_upper(s: str) -> str:
    return s.upper() if s != s.upper() else s.lower()


def optional(gen: ValueGen, p: float = 0.5) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        return gen(g, c) if g.chance(p) else []
    return f


def seq(*gens: ValueGen) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        out = []
        for gen in gens:
            out += gen(g, c)
        return out
    return f


def lit(*words: str) -> ValueGen:
    return lambda g, c: list(words)


def boolean(g: Gen, c: Ctx) -> list:
    """[<BOOL>]: nothing, or on/off/true/false/yes/no."""
    if g.bad():
        return [g.pick(["maybe", "1", "0", "On", "enable"])]
    if g.chance(0.5):
        return []
    return [g.pick(["on", "off", "true", "false", "yes", "no"])]


def word(*pool: str) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if g.bad(0.5):
            return [g.junk()]
        return [g.pick(pool)]
    return f


def name_gen(prefix: str) -> ValueGen:
    return lambda g, c: [f"{prefix}{g.int_in(1, 9)}"]


def ip4(g: Gen, c: Ctx) -> str:
    return f"{g.pick(['192.0.2', '198.51.100', '203.0.113'])}.{g.int_in(1, 254)}"


def ip6(g: Gen, c: Ctx) -> str:
    if g.chance(0.3):
        return f"fe80::{g.int_in(1, 0xffff):x}"
    return f"2001:db8:{g.int_in(0, 0xffff):x}::{g.int_in(1, 0xffff):x}"


def ip_any(g: Gen, c: Ctx) -> str:
    if g.bad():
        return g.pick(["192.0.2.256", "not-an-ip", "192.0.2", "2001:db8:::1", "192.0.2.1/24", "localhost", g.junk()])
    return ip6(g, c) if g.chance(0.25) else ip4(g, c)


def addr(family: str = "any") -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if family == "4" and not g.bad():
            return [ip4(g, c)]
        if family == "6" and not g.bad():
            return [ip6(g, c)]
        return [ip_any(g, c)]
    return f


def prefix(g: Gen, c: Ctx, family: Optional[str] = None) -> str:
    fam = family or ("6" if g.chance(0.2) else "4")
    if fam == "6":
        base = ip6(g, c)
        return f"{base}/{g.int_in(48, 128)}" if g.chance(0.6) else base
    base = ip4(g, c)
    if g.bad(0.5):
        return f"{base}/{g.pick(['33', '-1', 'x', ''])}"
    return f"{base}/{g.int_in(8, 32)}" if g.chance(0.6) else base


def iface_name(g: Gen, c: Ctx) -> str:
    if g.bad(1.5):
        return g.pick(ABSENT_IFACES + ["lo"])
    return g.pick(PRESENT_IFACES)


def iface(g: Gen, c: Ctx) -> list:
    return [iface_name(g, c)]


def script_cmd(g: Gen, c: Ctx) -> list:
    """A script command: bare, or quoted with arguments; sometimes with braces or a
    continuation, the cases keepalived's line splitter treats specially."""
    path = g.pick(BAD_SCRIPTS) if g.bad(1.5) else g.pick(GOOD_SCRIPTS)
    args = []
    for _ in range(g.int_in(0, 2) if g.chance(0.5) else 0):
        args.append(g.pick(["arg", "-n", "$HOME", "x y", "{a}", "'q s'", "100%", "\\#hash"]))
    style = g.int_in(0, 9)
    if style <= 4 and not args:
        return [path]
    if style <= 6:
        return ['"' + " ".join([path] + args) + '"']
    if style == 7:
        return [path] + [a.replace(" ", "_") for a in args]
    if style == 8:
        return ["'" + " ".join([path] + args) + "'"]
    return ['"' + path, *args[:-1], (args[-1] if args else "x") + '"']


def script_with_user(g: Gen, c: Ctx) -> list:
    out = script_cmd(g, c)
    if g.chance(0.2):
        out.append(g.pick(USERS))
        if g.chance(0.4):
            out.append(g.pick(GROUPS))
    return out


def user_group(g: Gen, c: Ctx) -> list:
    out = [g.pick(USERS)]
    if g.chance(0.4):
        out.append(g.pick(GROUPS))
    return out


def path_gen(*pool: str) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if g.bad():
            return [g.pick(["relative/path", "/nonexistent/dir/file", "", "/"])]
        return [g.pick(pool)]
    return f


def ref(kind: str, fallback: str) -> ValueGen:
    """A name defined elsewhere in the configuration (or, sometimes, an undefined one)."""
    def f(g: Gen, c: Ctx) -> list:
        names = getattr(c, kind)
        if not names or g.bad(2):
            return [f"{fallback}{g.int_in(1, 9)}"]
        return [g.pick(names)]
    return f


def weight_opt(lo: int, hi: int, reverse_words=("reverse",)) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        if not g.chance(0.4):
            return []
        out = ["weight"] + num(lo, hi)(g, c)
        if g.chance(0.3):
            out.append(g.pick(list(reverse_words)))
        return out
    return f


def email(g: Gen, c: Ctx) -> list:
    return [g.pick(["admin@example.com", "ops@example.org", "root", "a@b", "@"])]


def cpu_list(g: Gen, c: Ctx) -> list:
    if g.bad():
        return [g.pick(["64", "-1", "x", "0-1"])]
    return [str(g.int_in(0, 1)) for _ in range(g.int_in(1, 2))]


def process_name(g: Gen, c: Ctx) -> list:
    return [g.pick(["keepalived", "ka_vrrp", "x" * g.int_in(1, 20)])]


# ---------------------------------------------------------------------------------------
# value-block lines

def vip_line(family: Optional[str] = None) -> ValueGen:
    def f(g: Gen, c: Ctx) -> list:
        fam = family or ("6" if c.ipv6_instances and g.chance(0.7) else "4")
        if g.bad(0.7):
            out = [g.pick(["192.0.2.300", "not-an-ip", "192.0.2.1/40", "2001:db8::/129", g.junk()])]
        else:
            out = [prefix(g, c, fam)]
        opts = ["dev", "brd", "scope", "label", "peer", "home", "-nodad", "mngtmpaddr", "noprefixroute",
                "autojoin", "no_track", "preferred_lft", "use_vmac", "track_group"]
        for _ in range(g.int_in(0, 3) if g.chance(0.5) else 0):
            o = g.pick(opts)
            if o == "dev":
                out += ["dev", iface_name(g, c)]
            elif o == "brd":
                out += ["brd", g.pick(["+", "-", ip4(g, c)])]
            elif o == "scope":
                out += ["scope", g.pick(SCOPES)]
            elif o == "label":
                out += ["label", g.pick(["eth0:1", "eth1:vip", "x" * g.int_in(1, 20)])]
            elif o == "peer":
                out += ["peer", ip_any(g, c)]
            elif o == "preferred_lft":
                out += ["preferred_lft", g.pick(["forever", "0", "100", "-1"])]
            elif o == "track_group":
                out += ["track_group"] + ref("track_groups", "TG")(g, c)
            else:
                out.append(o)
        return out
    return f


ROUTE_OPTS = ["src", "via", "gw", "dev", "table", "metric", "priority", "preference", "scope", "protocol",
              "tos", "dsfield", "realms", "mtu", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd",
              "ssthresh", "initcwnd", "initrwnd", "rto_min", "hoplimit", "features", "quickack", "congctl",
              "pref", "fastopen_no_cookie", "ttl-propagate", "onlink", "no_track", "track_group", "append",
              "prepend", "expires", "nexthop", "encap", "vrf", "lock", "from", "inet6", "or"]


def route_line(g: Gen, c: Ctx) -> list:
    fam = "6" if g.chance(0.3) else "4"
    out = []
    if g.chance(0.1):
        out.append(g.pick(["inet", "inet6"]))
    lead = g.int_in(0, 9)
    if lead == 0:
        out += [g.pick(["blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "unicast"])]
    if lead == 1:
        out += ["src", ip6(g, c) if fam == "6" else ip4(g, c), "to"]
    if lead == 2:
        out += ["to"]
    out.append(g.pick(["default", "0.0.0.0/0", "::/0"]) if g.chance(0.1) else prefix(g, c, fam))
    used = set()
    for _ in range(g.int_in(0, 4)):
        o = g.pick(ROUTE_OPTS)
        if o in used and not g.bad(3):
            continue
        used.add(o)
        if o in ("via", "gw"):
            ofam = fam if not g.bad(2) else ("4" if fam == "6" else "6")
            out += [o]
            if g.chance(0.1):
                out.append(g.pick(["inet", "inet6"]))
            out.append(ip6(g, c) if ofam == "6" else ip4(g, c))
        elif o == "src":
            out += ["src", ip6(g, c) if fam == "6" else ip4(g, c)]
        elif o == "from":
            out += ["from", prefix(g, c, fam)]
        elif o == "dev":
            out += ["dev", iface_name(g, c)]
        elif o in ("table", "vrf"):
            out += [o, g.pick(["main", "local", "100", "6909", "0", "4294967295", "blue", "bogus"])]
        elif o in ("metric", "priority", "preference"):
            out += [o] + num(0, 4294967295)(g, c)
        elif o == "scope":
            out += ["scope", g.pick(SCOPES)]
        elif o == "protocol":
            out += ["protocol", g.pick(["kernel", "boot", "static", "bird", "12", "256", "keepalived", "x"])]
        elif o in ("tos", "dsfield"):
            out += [o, g.pick(["0x04", "22", "0", "256", "x"])]
        elif o == "realms":
            out += ["realms", g.pick(["30/20", "PQA/0x14", "10", "x/y"])]
        elif o in ("mtu", "advmss", "window", "cwnd", "initcwnd", "initrwnd", "reordering", "hoplimit",
                   "ssthresh"):
            if g.chance(0.2):
                out.append(o)
                o = "lock"
            out += [o if o != "lock" else "lock", str(g.int_in(0, 2000)) if not g.bad() else g.junk()]
        elif o in ("rtt", "rttvar", "rto_min"):
            out += [o, g.pick(["100", "10ms", "1s", "x", "4294967295"])]
        elif o == "features":
            out += ["features", g.pick(["ecn", "bogus"])]
        elif o in ("quickack", "fastopen_no_cookie", "ttl-propagate"):
            out += [o, g.pick(["0", "1", "2", "enabled", "disabled"])]
        elif o == "congctl":
            out += ["congctl"] + (["lock"] if g.chance(0.2) else []) + [g.pick(["cubic", "reno", "x"])]
        elif o == "pref":
            out += ["pref", g.pick(["low", "medium", "high", "1", "x"])]
        elif o == "expires":
            out += ["expires", g.pick(["100", "0", "x"])]
        elif o == "nexthop":
            for _ in range(g.int_in(1, 2)):
                out += ["nexthop", "via", ip6(g, c) if fam == "6" else ip4(g, c)]
                if g.chance(0.5):
                    out += ["dev", iface_name(g, c)]
                if g.chance(0.3):
                    out += ["weight", str(g.int_in(0, 257))]
                if g.chance(0.2):
                    out.append("onlink")
        elif o == "encap":
            kind = g.pick(["mpls", "ip", "ip6", "ila", "bogus"])
            out += ["encap", kind]
            if kind == "mpls":
                out.append(g.pick(["100", "100/200", "x"]))
            elif kind in ("ip", "ip6"):
                out += ["id", str(g.int_in(0, 100)), "dst", ip4(g, c) if kind == "ip" else ip6(g, c)]
            elif kind == "ila":
                out.append(g.pick(["1:2:3:4", "x"]))
        elif o == "track_group":
            out += ["track_group"] + ref("track_groups", "TG")(g, c)
        elif o == "or":
            out += ["or", ip4(g, c)]
        elif o == "lock":
            out += ["lock"]
        else:
            out.append(o)
    return out


RULE_OPTS = ["from", "to", "table", "lookup", "priority", "preference", "order", "iif", "oif", "tos",
             "dsfield", "fwmark", "realms", "goto", "suppress_prefixlength", "sup_pl", "suppress_ifgroup",
             "sup_group", "uidrange", "l3mdev", "protocol", "ipproto", "sport", "dport", "tunnel-id", "not",
             "no_track", "track_group", "type", "nop", "inet6", "inet", "dev"]


def rule_line(g: Gen, c: Ctx) -> list:
    fam = "6" if g.chance(0.3) else "4"
    out = []
    if g.chance(0.1):
        out.append("inet6" if fam == "6" else "inet")
    if g.chance(0.1):
        out.append("not")
    n = g.int_in(1, 4)
    used = set()
    for i in range(n):
        o = g.pick(["from", "to", "table"]) if i == 0 and g.chance(0.8) else g.pick(RULE_OPTS)
        if o in used and not g.bad(3):
            continue
        used.add(o)
        if o in ("from", "to"):
            out += [o, g.pick(["all", "default"]) if g.chance(0.1) else prefix(g, c, fam)]
        elif o in ("table", "lookup"):
            out += [o, g.pick(["main", "local", "1", "100", "0", "4294967295", "small", "bogus"])]
        elif o in ("priority", "preference", "order"):
            out += [o] + num(0, 4294967295)(g, c)
        elif o in ("iif", "oif", "dev"):
            out += [o, iface_name(g, c)]
        elif o in ("tos", "dsfield"):
            out += [o, g.pick(["0x10", "22", "256", "x"])]
        elif o == "fwmark":
            out += ["fwmark", g.pick(["24", "24/12", "0x10/0xff", "x"])]
        elif o == "realms":
            out += ["realms", g.pick(["30/20", "10", "x"])]
        elif o == "goto":
            out += ["goto", g.pick(["40", "0", "x"])]
        elif o in ("suppress_prefixlength", "sup_pl"):
            out += [o, g.pick(["0", "32", "128", "129", "x"])]
        elif o in ("suppress_ifgroup", "sup_group"):
            out += [o, g.pick(["0", "5", "x", "default"])]
        elif o == "uidrange":
            out += ["uidrange", g.pick(["10000-19999", "5", "x-y", "20-10"])]
        elif o == "protocol":
            out += ["protocol", g.pick(["12", "kernel", "boot", "x", "256"])]
        elif o == "ipproto":
            out += ["ipproto", g.pick(["UDP", "tcp", "6", "17", "x"])]
        elif o in ("sport", "dport"):
            out += [o, g.pick(["10-20", "80", "0", "65536", "20-10", "x"])]
        elif o == "tunnel-id":
            out += ["tunnel-id", g.pick(["1", "0", "18446744073709551615", "x"])]
        elif o == "type":
            out += ["type", g.pick(["unicast", "blackhole", "unreachable", "prohibit", "nat", "x"])]
        elif o == "track_group":
            out += ["track_group"] + ref("track_groups", "TG")(g, c)
        else:
            out.append(o)
    return out


def track_if_line(g: Gen, c: Ctx) -> list:
    return [iface_name(g, c)] + weight_opt(-253, 253, ("reverse", "noreverse", "no_reverse"))(g, c)


def track_script_line(g: Gen, c: Ctx) -> list:
    return ref("scripts", "chk_")(g, c) + weight_opt(-253, 253, ("reverse", "no_reverse", "noreverse"))(g, c)


def track_file_line(g: Gen, c: Ctx) -> list:
    return ref("track_files", "tf")(g, c) + weight_opt(-254, 254, ("reverse", "noreverse"))(g, c)


def track_process_line(g: Gen, c: Ctx) -> list:
    return ref("processes", "tp")(g, c) + weight_opt(-254, 254, ("reverse", "noreverse"))(g, c)


def track_bfd_line(g: Gen, c: Ctx) -> list:
    return ref("bfds", "bfd")(g, c) + weight_opt(-253, 253, ("reverse", "noreverse"))(g, c)


def unicast_peer_line(g: Gen, c: Ctx) -> list:
    out = [ip_any(g, c) if g.bad() else (ip6(g, c) if c.ipv6_instances and g.chance(0.5) else ip4(g, c))]
    if g.chance(0.2):
        out += ["min_ttl", g.pick(["0", "64", "255", "256"])]
    if g.chance(0.2):
        out += ["max_ttl", g.pick(["0", "64", "255", "256"])]
    return out


def instance_name_line(g: Gen, c: Ctx) -> list:
    return ref("instances", "VI_")(g, c)


def email_line(g: Gen, c: Ctx) -> list:
    return email(g, c)


def iface_line(g: Gen, c: Ctx) -> list:
    out = [iface_name(g, c)]
    if g.chance(0.2):
        out.append(g.pick(["MII", "ETHTOOL", "IOCTL", "bogus"]))
    return out


def updown_line(g: Gen, c: Ctx) -> list:
    out = [iface_name(g, c)] + num(0, 3600)(g, c)
    if g.chance(0.5):
        out += num(0, 3600)(g, c)
    return out


def vsg_line(g: Gen, c: Ctx) -> list:
    k = g.int_in(0, 4)
    if k == 0:
        return ["fwmark"] + num(1, 4294967295)(g, c)
    if k == 1:
        base = ip4(g, c)
        return [f"{base}-{g.int_in(1, 254)}", str(g.int_in(1, 65535))]
    return [ip_any(g, c)] + (num(1, 65535)(g, c) if g.chance(0.8) else [])


# ---------------------------------------------------------------------------------------
# the keyword tree

GLOBAL_DEFS = [
    Kw("process_names"), Kw("process_name", process_name), Kw("vrrp_process_name", process_name),
    Kw("checker_process_name", process_name), Kw("lvs_process_name", process_name),
    Kw("bfd_process_name", process_name),
    Kw("router_id", word("pb", "node1", "lb-01", "a.b.c"), weight=3),
    Kw("notification_email_from", email), Kw("smtp_server", seq(addr(), optional(num(1, 65535), 0.3))),
    Kw("smtp_helo_name", word("mail.example.com", "x")), Kw("smtp_connect_timeout", num(1, 3600)),
    Kw("notification_email", lines=email_line), Kw("smtp_alert", boolean),
    Kw("startup_script", script_with_user), Kw("startup_script_timeout", num(1, 1000)),
    Kw("shutdown_script", script_with_user), Kw("shutdown_script_timeout", num(1, 1000)),
    Kw("max_auto_priority", optional(num(-1, 99), 0.7)), Kw("min_auto_priority_delay", num(1, 10000000)),
    Kw("smtp_alert_vrrp", boolean), Kw("smtp_alert_checker", boolean), Kw("checker_log_all_failures", boolean),
    Kw("dynamic_interfaces", optional(lit("allow_if_changes"), 0.3), weight=2), Kw("no_email_faults"),
    Kw("default_interface", iface), Kw("disable_local_igmp"),
    Kw("lvs_timeouts", lambda g, c: sum(([k] + num(1, 86400 * 31)(g, c) for k in ("tcp", "tcpfin", "udp")
                                         if g.chance(0.6)), [])),
    Kw("lvs_flush"), Kw("lvs_flush_on_stop", optional(lit("VS"), 0.3)), Kw("lvs_flush_onstop"),
    Kw("lvs_sync_daemon", lambda g, c: iface(g, c) + ref("instances", "VI_")(g, c)
       + (["id"] + num(0, 255)(g, c) if g.chance(0.3) else [])
       + (["maxlen"] + num(1, 65507)(g, c) if g.chance(0.2) else [])
       + (["port"] + num(1, 65535)(g, c) if g.chance(0.2) else [])
       + (["ttl"] + num(1, 255)(g, c) if g.chance(0.2) else [])
       + (["group"] + addr()(g, c) if g.chance(0.2) else [])),
    Kw("vrrp_mcast_group4", addr("4")), Kw("vrrp_mcast_group6", addr("6")),
    Kw("vrrp_garp_master_delay", num(0, 255)), Kw("vrrp_garp_master_repeat", num(1, 255)),
    Kw("vrrp_garp_master_refresh", num(0, 86400)), Kw("vrrp_garp_master_refresh_repeat", num(1, 255)),
    Kw("vrrp_garp_lower_prio_delay", num(0, 255)), Kw("vrrp_garp_lower_prio_repeat", num(1, 255)),
    Kw("vrrp_down_timer_adverts", num(1, 100)), Kw("vrrp_garp_interval", timer(0, 1)),
    Kw("vrrp_gna_interval", timer(0, 1)), Kw("vrrp_min_garp", boolean),
    Kw("vrrp_garp_extra_if", seq(optional(lit("all"), 0.3), num(0, 86400))),
    Kw("vrrp_vmac_garp_intvl", seq(optional(lit("all"), 0.3), num(0, 86400))),
    Kw("vrrp_lower_prio_no_advert", boolean), Kw("vrrp_higher_prio_send_advert", boolean),
    Kw("vrrp_version", num(2, 3)),
    Kw("vrrp_iptables", optional(word("keepalived", "INPUT"), 0.5)),
    Kw("vrrp_ipsets", optional(word("keepalived"), 0.5)),
    Kw("nftables", optional(word("keepalived", "vigil_t"), 0.5)), Kw("nftables_priority", num(-400, 400)),
    Kw("nftables_ifindex", boolean), Kw("nftables_ipvs", optional(word("keepalived_ipvs"), 0.5)),
    Kw("nftables_ipvs_priority", num(-400, 400)), Kw("nftables_ipvs_start_fwmark", num(1, 4294967295)),
    Kw("nftables_counters", boolean),
    Kw("vrrp_check_unicast_src"), Kw("vrrp_skip_check_adv_addr", boolean), Kw("vrrp_strict", weight=2),
    Kw("vrrp_priority", num(-20, 19)), Kw("vrrp_no_swap"), Kw("vrrp_rt_priority", num(1, 99)),
    Kw("vrrp_cpu_affinity", cpu_list), Kw("vrrp_rlimit_rttime", num(1, 10000000)),
    Kw("vrrp_rlimit_rtime", num(1, 10000000)),
    Kw("notify_fifo", seq(path_gen("/run/vigil-diff.fifo", "/tmp/ka.fifo"), optional(user_group, 0.2))),
    Kw("notify_fifo_script", script_with_user),
    Kw("vrrp_notify_fifo", seq(path_gen("/run/vigil-diff-vrrp.fifo"), optional(user_group, 0.2))),
    Kw("vrrp_notify_fifo_script", script_with_user), Kw("vrrp_notify_priority_changes", boolean),
    Kw("fifo_write_vrrp_states_on_reload"),
    Kw("lvs_notify_fifo", path_gen("/run/vigil-diff-lvs.fifo")), Kw("lvs_notify_fifo_script", script_with_user),
    Kw("checker_priority", num(-20, 19)), Kw("checker_no_swap"), Kw("checker_rt_priority", num(1, 99)),
    Kw("checker_cpu_affinity", cpu_list), Kw("checker_rlimit_rttime", num(1, 10000000)),
    Kw("checker_rlimit_rtime", num(1, 10000000)),
    Kw("bfd_priority", num(-20, 19)), Kw("bfd_no_swap"), Kw("bfd_rt_priority", num(1, 99)),
    Kw("bfd_cpu_affinity", cpu_list), Kw("bfd_rlimit_rttime", num(1, 10000000)),
    Kw("bfd_rlimit_rtime", num(1, 10000000)),
    Kw("snmp_socket", word("udp:192.0.2.1:705", "unix:/var/agentx/master", "tcp:localhost:705")),
    Kw("enable_traps"), Kw("enable_snmp_vrrp"), Kw("enable_snmp_keepalived"), Kw("enable_snmp_rfc"),
    Kw("enable_snmp_rfcv2"), Kw("enable_snmp_rfcv3"), Kw("enable_snmp_checker"),
    Kw("enable_dbus"), Kw("dbus_service_name", word("org.keepalived.Vrrp1", "x.y")),
    Kw("script_user", user_group, weight=3), Kw("enable_script_security", weight=3),
    Kw("vrrp_netlink_cmd_rcv_bufs", num(0, 1 << 30)), Kw("vrrp_netlink_cmd_rcv_bufs_force", boolean),
    Kw("vrrp_netlink_monitor_rcv_bufs", num(0, 1 << 30)), Kw("vrrp_netlink_monitor_rcv_bufs_force", boolean),
    Kw("process_monitor_rcv_bufs", num(0, 1 << 30)), Kw("process_monitor_rcv_bufs_force", boolean),
    Kw("lvs_netlink_cmd_rcv_bufs", num(0, 1 << 30)), Kw("lvs_netlink_cmd_rcv_bufs_force", boolean),
    Kw("lvs_netlink_monitor_rcv_bufs", num(0, 1 << 30)), Kw("lvs_netlink_monitor_rcv_bufs_force", boolean),
    Kw("rs_init_notifies"), Kw("no_checker_emails"),
    Kw("vrrp_rx_bufs_policy", choice("MTU", "ADVERT", "1000")), Kw("vrrp_rx_bufs_multiplier", num(1, 100)),
    Kw("vrrp_startup_delay", timer(0, 3600)), Kw("log_unknown_vrids"),
    Kw("vmac_prefix", word("vrrp", "vm", "x" * 14)), Kw("vmac_addr_prefix", word("vrrpa", "va")),
    Kw("umask", word("022", "0x12", "IWGRP|IWOTH", "IRUSR", "bogus")), Kw("random_seed", num(0, 4294967295)),
    Kw("reload_check_config", optional(path_gen("/tmp/ka-check.log"), 0.3)),
    Kw("reload_time_file", path_gen("/run/vigil-diff-reload")), Kw("reload_repeat"),
    Kw("reload_file", optional(path_gen("/run/vigil-diff.reload"), 0.5)),
    Kw("include_check", optional(word("readable", "match", "wildcard_match", "brace_match", "+match",
                                      "-readable", "bogus"), 0.5)),
    Kw("config_save_dir", path_gen("/tmp")), Kw("tmp_config_directory", path_gen("/tmp")),
    Kw("data_use_instance", boolean),
    Kw("vrrp_netlink_cmd_rcv_bufs", num(0, 1 << 30), weight=0.2),
]

VRRP_SCRIPT = [
    Kw("script", script_cmd, weight=12), Kw("interval", timer(1, 3600), weight=4), Kw("timeout", timer(1, 3600)),
    Kw("weight", seq(num(-253, 253), optional(lit("reverse"), 0.2)), weight=3), Kw("rise", num(1, 100)),
    Kw("fall", num(1, 100)), Kw("user", user_group), Kw("init_fail"),
]

TRACK_PROCESS = [
    Kw("process", word("sshd", "nginx", "/usr/sbin/haproxy", "init"), weight=8),
    Kw("param_match", choice("initial", "partial")), Kw("weight", seq(num(-254, 254), optional(lit("reverse"), 0.2))),
    Kw("quorum", num(1, 65535)), Kw("quorum_max", num(1, 65535)), Kw("delay", timer(0, 100)),
    Kw("terminate_delay", timer(0, 100)), Kw("fork_delay", timer(0, 100)), Kw("full_command"),
]

TRACK_FILE = [
    Kw("file", path_gen("/tmp/vigil-diff-track", "/run/ka-track", "/tmp/vigil-diff-track2"), weight=8),
    Kw("weight", seq(num(-254, 254), optional(lit("reverse"), 0.2))),
    Kw("init_file", optional(seq(num(0, 254), optional(lit("overwrite"), 0.3)), 0.5)),
]

SYNC_GROUP = [
    Kw("group", lines=instance_name_line, weight=10), Kw("track_interface", lines=track_if_line),
    Kw("track_script", lines=track_script_line), Kw("track_file", lines=track_file_line),
    Kw("track_process", lines=track_process_line), Kw("track_bfd", lines=track_bfd_line),
    Kw("notify_backup", script_cmd), Kw("notify_master", script_cmd), Kw("notify_fault", script_cmd),
    Kw("notify_stop", script_cmd), Kw("notify", script_cmd), Kw("smtp_alert", boolean),
    Kw("global_tracking"), Kw("sync_group_tracking_weight"), Kw("notify_priority_changes", boolean),
]

GARP_GROUP = [
    Kw("garp_interval", timer(0, 1)), Kw("gna_interval", timer(0, 1)), Kw("interface", iface, weight=3),
    Kw("interfaces", lines=lambda g, c: iface(g, c)),
]

AUTHENTICATION = [
    Kw("auth_type", choice("PASS", "AH", extra_bad=("pass", "MD5")), weight=3),
    Kw("auth_pass", word("1234", "secret", "longerthan8chars", "x"), weight=3),
]

VRRP_INSTANCE = [
    Kw("use_vmac", lambda g, c: ([g.pick(["vrrp.51", "vmac1", "x" * 16])] if g.chance(0.4) else [])
       + (["02:00:5e:00:01:33"] if g.chance(0.1) else [])),
    Kw("use_vmac_addr"), Kw("vmac_xmit_base"),
    Kw("use_ipvlan", lambda g, c: ([g.pick(["ipvl1", "ipv"])] if g.chance(0.4) else [])
       + ([ip4(g, c) + "/24"] if g.chance(0.3) else []) + ([g.pick(["bridge", "private", "vepa"])] if g.chance(0.2) else [])),
    Kw("unicast_peer", lines=unicast_peer_line), Kw("unicast_fault_no_peer"), Kw("check_unicast_src"),
    Kw("old_unicast_checksum", optional(lit("never"), 0.3)), Kw("native_ipv6"),
    Kw("state", choice("MASTER", "BACKUP", extra_bad=("FAULT", "master")), weight=5),
    Kw("interface", iface, weight=12), Kw("vrf", word("blue", "vrf0")), Kw("dont_track_primary"),
    Kw("track_interface", lines=track_if_line, weight=2), Kw("track_script", lines=track_script_line, weight=3),
    Kw("track_file", lines=track_file_line), Kw("track_process", lines=track_process_line),
    Kw("track_bfd", lines=track_bfd_line),
    Kw("mcast_src_ip", addr()), Kw("unicast_src_ip", addr()), Kw("mcast_dst_ip", word("224.0.0.18", "ff02::12", "224.0.0.100", "192.0.2.1")),
    Kw("track_src_ip"), Kw("virtual_router_id", num(1, 255), weight=12), Kw("unicast_ttl", num(1, 255)),
    Kw("version", num(2, 3)), Kw("priority", num(1, 255), weight=8), Kw("advert_int", timer(0.01, 255), weight=5),
    Kw("virtual_ipaddress", lines=vip_line(), weight=12), Kw("virtual_ipaddress_excluded", lines=vip_line()),
    Kw("promote_secondaries"), Kw("virtual_routes", lines=route_line, weight=2),
    Kw("virtual_rules", lines=rule_line, weight=2), Kw("accept"), Kw("no_accept"),
    Kw("skip_check_adv_addr", boolean), Kw("strict_mode", boolean), Kw("preempt"), Kw("nopreempt", weight=3),
    Kw("preempt_delay", timer(0, 1000)), Kw("debug", optional(num(0, 4), 0.5)),
    Kw("notify_backup", script_cmd), Kw("notify_master", script_cmd, weight=2), Kw("notify_fault", script_cmd),
    Kw("notify_stop", script_cmd), Kw("notify_deleted", optional(script_cmd, 0.5)), Kw("notify", script_cmd),
    Kw("notify_master_rx_lower_pri", script_cmd), Kw("smtp_alert", boolean),
    Kw("notify_priority_changes", boolean), Kw("lvs_sync_daemon_interface", iface),
    Kw("garp_master_delay", num(0, 255)), Kw("garp_master_refresh", num(0, 86400)),
    Kw("garp_master_repeat", num(1, 255)), Kw("garp_master_refresh_repeat", num(1, 255)),
    Kw("garp_lower_prio_delay", num(0, 255)), Kw("garp_lower_prio_repeat", num(1, 255)),
    Kw("down_timer_adverts", num(1, 100)), Kw("garp_extra_if", seq(optional(lit("all"), 0.3), num(0, 86400))),
    Kw("vmac_garp_intvl", seq(optional(lit("all"), 0.3), num(0, 86400))),
    Kw("lower_prio_no_advert", boolean), Kw("higher_prio_send_advert", boolean),
    Kw("kernel_rx_buf_size", num(0, 1 << 30)),
    Kw("authentication", block=AUTHENTICATION),
]

CHECKER_COMMON_CONN = [
    Kw("connect_ip", addr()), Kw("connect_port", num(1, 65535)), Kw("bindto", addr()),
    Kw("bind_port", num(1, 65535)), Kw("bind_if", iface), Kw("connect_timeout", timer(0, 100)),
    Kw("fwmark", num(1, 4294967295)),
]
CHECKER_COMMON = [
    Kw("retry", num(0, 100)), Kw("delay_before_retry", timer(0, 100)), Kw("warmup", timer(0, 100)),
    Kw("delay_loop", timer(0, 100)), Kw("alpha", boolean), Kw("log_all_failures", boolean),
]

URL = [
    Kw("path", word("/", "/index.html", "/health?x=1"), weight=4),
    Kw("digest", word("9b3a0c85a887a256d6939da88aabd8cd", "xyz", "9B3A")), Kw("status_code", word("200", "200-299", "200 301", "600", "x")),
    Kw("virtualhost", word("www.example.com")), Kw("regex", word("^OK", "\"a b\"", "(")),
    Kw("regex_no_match"), Kw("regex_options", word("caseless", "multiline", "bogus")),
    Kw("regex_min_offset", num(0, 1000)), Kw("regex_max_offset", num(0, 1000)), Kw("regex_stack", num(1, 100000)),
]

HTTP_CHECK = CHECKER_COMMON_CONN + CHECKER_COMMON + [
    Kw("nb_get_retry", num(0, 100)), Kw("virtualhost", word("www.example.com")),
    Kw("http_protocol", choice("1.0", "1.1", "1.0C", "1.0K", extra_bad=("2",))), Kw("enable_sni"),
    Kw("fast_recovery", boolean), Kw("url", block=URL, weight=4, once=False),
]

SMTP_HOST = CHECKER_COMMON_CONN + CHECKER_COMMON
SMTP_CHECK = [Kw("helo_name", word("mail.example.com"))] + CHECKER_COMMON_CONN + CHECKER_COMMON + [
    Kw("host", block=SMTP_HOST, once=False),
]

CHECKERS = [
    Kw("HTTP_GET", block=HTTP_CHECK, weight=2, once=False), Kw("SSL_GET", block=HTTP_CHECK, once=False),
    Kw("TCP_CHECK", block=CHECKER_COMMON_CONN + CHECKER_COMMON, weight=3, once=False),
    Kw("SMTP_CHECK", block=SMTP_CHECK, once=False),
    Kw("PING_CHECK", block=CHECKER_COMMON_CONN + CHECKER_COMMON, once=False),
    Kw("UDP_CHECK", block=CHECKER_COMMON_CONN + CHECKER_COMMON + [
        Kw("payload", word("0102", "x")), Kw("require_reply", optional(word("0102"), 0.3)),
        Kw("min_reply_length", num(0, 65535)), Kw("max_reply_length", num(0, 65535))], once=False),
    Kw("DNS_CHECK", block=CHECKER_COMMON_CONN + CHECKER_COMMON + [
        Kw("type", choice("A", "AAAA", "MX", "TXT", "SOA", extra_bad=("X",))), Kw("name", word("example.com"))], once=False),
    Kw("MISC_CHECK", block=CHECKER_COMMON + [
        Kw("misc_path", script_cmd, weight=6), Kw("misc_timeout", num(1, 3600)),
        Kw("misc_dynamic"), Kw("user", user_group)], weight=2, once=False),
    Kw("FILE_CHECK", block=[Kw("track_file", ref("track_files", "tf"), weight=4),
                            Kw("weight", seq(num(-254, 254), optional(lit("reverse"), 0.2)))], once=False),
    Kw("BFD_CHECK", block=[Kw("name", ref("bfds", "bfd"), weight=4), Kw("alpha", boolean)], once=False),
]

REAL_SERVER = [
    Kw("weight", num(0, 65535), weight=3), Kw("lvs_method", choice("NAT", "DR", "TUN", extra_bad=("GRE",))),
    Kw("uthreshold", num(0, 65535)), Kw("lthreshold", num(0, 65535)), Kw("inhibit_on_failure", boolean),
    Kw("notify_up", script_cmd), Kw("notify_down", script_cmd), Kw("alpha", boolean), Kw("retry", num(0, 100)),
    Kw("delay_before_retry", timer(0, 100)), Kw("warmup", timer(0, 100)), Kw("connect_timeout", timer(0, 100)),
    Kw("delay_loop", timer(0, 100)), Kw("smtp_alert", boolean), Kw("virtualhost", word("www.example.com")),
    Kw("snmp_name", word("rs1")),
] + CHECKERS


def rs_args(g: Gen, c: Ctx) -> list:
    out = [ip_any(g, c) if g.bad() else ip4(g, c)]
    if g.chance(0.85):
        out += num(1, 65535)(g, c)
    return out


def vs_args(g: Gen, c: Ctx) -> list:
    k = g.int_in(0, 9)
    if k == 0:
        return ["fwmark"] + num(1, 4294967295)(g, c)
    if k == 1:
        return ["group"] + ref("vs_groups", "VSG")(g, c)
    out = [ip_any(g, c) if g.bad() else ip4(g, c)]
    if g.chance(0.9):
        out += num(1, 65535)(g, c)
    return out


VIRTUAL_SERVER = [
    Kw("ip_family", choice("inet", "inet6")), Kw("retry", num(0, 100)), Kw("delay_before_retry", timer(0, 100)),
    Kw("warmup", timer(0, 100)), Kw("connect_timeout", timer(0, 100)), Kw("delay_loop", timer(0, 100), weight=3),
    Kw("inhibit_on_failure", boolean),
    Kw("lb_algo", choice("rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "sed", "nq", "fo", "ovf")),
    Kw("lvs_sched", choice("rr", "wrr", "lc", "wlc", "sh", "mh"), weight=2),
    Kw("hashed"), Kw("ops"), Kw("flag-1"), Kw("flag-2"), Kw("flag-3"), Kw("sh-port"), Kw("sh-fallback"),
    Kw("mh-port"), Kw("mh-fallback"),
    Kw("lb_kind", choice("NAT", "DR", "TUN")),
    Kw("lvs_method", lambda g, c: choice("NAT", "DR", "TUN")(g, c)
       + (["type", g.pick(["ipip", "gue", "gre"]), "port", "1234"] if g.chance(0.1) else []), weight=2),
    Kw("persistence_engine", word("sip")), Kw("persistence_timeout", optional(num(1, 2678400), 0.8)),
    Kw("persistence_granularity", word("255.255.255.0", "64", "x")),
    Kw("protocol", choice("TCP", "UDP", "SCTP", extra_bad=("ICMP",)), weight=2),
    Kw("ha_suspend"), Kw("smtp_alert", boolean), Kw("virtualhost", word("www.example.com")),
    Kw("snmp_name", word("vs1")), Kw("alpha"), Kw("omega"), Kw("quorum_up", script_cmd),
    Kw("quorum_down", script_cmd), Kw("quorum", num(1, 65535)), Kw("hysteresis", num(0, 65535)),
    Kw("weight", num(1, 65535)),
    Kw("sorry_server", rs_args), Kw("sorry_server_inhibit", boolean),
    Kw("sorry_server_lvs_method", choice("NAT", "DR", "TUN")),
    Kw("real_server", rs_args, block=REAL_SERVER, weight=8, once=False),
]

BFD_INSTANCE = [
    Kw("source_ip", addr()), Kw("neighbor_ip", addr(), weight=6), Kw("neighbour_ip", addr()),
    Kw("min_rx", num(1, 1000)), Kw("min_tx", num(1, 1000)), Kw("idle_tx", num(1, 1000)),
    Kw("multiplier", num(1, 255)), Kw("passive"), Kw("ttl", num(1, 255)), Kw("hoplimit", num(1, 255)),
    Kw("max_hops", num(0, 255)), Kw("weight", seq(num(-253, 253), optional(lit("reverse"), 0.2))),
    Kw("vrrp"), Kw("checker"),
]

SSL = [
    Kw("password", word("secret")), Kw("ca", path_gen("/etc/ssl/certs/ca-certificates.crt")),
    Kw("certificate", path_gen("/etc/ssl/certs/ssl-cert-snakeoil.pem")),
    Kw("key", path_gen("/etc/ssl/private/ssl-cert-snakeoil.key")),
]

# Root keywords: (keyword, its block, section). Section tells which subsystem it belongs to,
# so that results can be split (LVS/BFD semantic checks are another helper's area).
ROOT = {
    "global_defs": ("global", Kw("global_defs", block=GLOBAL_DEFS)),
    "vrrp_script": ("vrrp", Kw("vrrp_script", name_gen("chk_"), block=VRRP_SCRIPT)),
    "vrrp_track_process": ("vrrp", Kw("vrrp_track_process", name_gen("tp"), block=TRACK_PROCESS)),
    "track_file": ("vrrp", Kw("track_file", name_gen("tf"), block=TRACK_FILE)),
    "vrrp_track_file": ("vrrp", Kw("vrrp_track_file", name_gen("tf"), block=TRACK_FILE)),
    "vrrp_sync_group": ("vrrp", Kw("vrrp_sync_group", name_gen("SG_"), block=SYNC_GROUP)),
    "garp_group": ("vrrp", Kw("garp_group", block=GARP_GROUP)),
    "vrrp_instance": ("vrrp", Kw("vrrp_instance", name_gen("VI_"), block=VRRP_INSTANCE)),
    "track_group": ("vrrp", Kw("track_group", name_gen("TG"), block=[Kw("group", lines=instance_name_line)])),
    "static_ipaddress": ("vrrp", Kw("static_ipaddress", lines=vip_line())),
    "static_routes": ("vrrp", Kw("static_routes", lines=route_line)),
    "static_rules": ("vrrp", Kw("static_rules", lines=rule_line)),
    "linkbeat_interfaces": ("vrrp", Kw("linkbeat_interfaces", lines=iface_line)),
    "interface_up_down_delays": ("vrrp", Kw("interface_up_down_delays", lines=updown_line)),
    "virtual_server": ("lvs", Kw("virtual_server", vs_args, block=VIRTUAL_SERVER)),
    "virtual_server_group": ("lvs", Kw("virtual_server_group", name_gen("VSG"), lines=vsg_line)),
    "SSL": ("lvs", Kw("SSL", block=SSL)),
    "bfd_instance": ("bfd", Kw("bfd_instance", name_gen("bfd"), block=BFD_INSTANCE)),
    "net_namespace": ("global", Kw("net_namespace", word("__NETNS__", "vigil-diff-absent"))),
    "net_namespace_ipvs": ("global", Kw("net_namespace_ipvs", word("__NETNS__", "vigil-diff-absent"))),
    "namespace_with_ipsets": ("global", Kw("namespace_with_ipsets")),
    "use_pid_dir": ("global", Kw("use_pid_dir")),
    "instance": ("global", Kw("instance", word("diffinst", "x"))),
    "child_wait_time": ("global", Kw("child_wait_time", num(0, 1000))),
}

# Every keyword name, per block, for the misspelling mutation and for coverage reports.
def all_keywords() -> set:
    out = set(ROOT)

    def walk(kws):
        for k in kws:
            out.add(k.name)
            if k.block:
                walk(k.block)
    for _, (_, k) in ROOT.items():
        if k.block:
            walk(k.block)
    return out
