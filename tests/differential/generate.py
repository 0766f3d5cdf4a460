"""Seeded generator of keepalived configurations: a structured configuration drawn from the
keyword space (space.py), rendered with varied layout (brace placement, one-line blocks,
comments, quoting), then put through the preprocessor features (include, @/@^ conditionals,
$ definitions, ~SEQ, line continuation) and text mutations (deleted/duplicated/swapped
lines, stray or missing braces, misspelt and unknown keywords, junk values).

generate(seed) -> Case is a pure function of the seed: the same seed gives the same files.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import space
from space import Ctx, Gen, Kw


@dataclass
class Node:
    """One statement: keyword words, and either sub-statements or value lines."""
    words: list
    children: list = None      # list[Node] for a keyword block
    lines: list = None         # list[list[str]] for a value block

    @property
    def has_block(self) -> bool:
        return self.children is not None or self.lines is not None


@dataclass
class Case:
    seed: int
    files: dict                # relative path -> text; "keepalived.conf" is the main file
    args: list = field(default_factory=list)   # extra command-line arguments (e.g. -i ID)
    executables: list = field(default_factory=list)  # files to chmod +x
    features: set = field(default_factory=set)  # tags: vrrp, lvs, bfd, include, seq, ...
    main: str = "keepalived.conf"


# ---------------------------------------------------------------------------------------
# structure

def gen_block(g: Gen, c: Ctx, kws: list, min_n: int, max_n: int, required=()) -> list:
    nodes = []
    by_name = {k.name: k for k in kws}
    for name in required:
        if name in by_name and not g.chance(0.04):
            nodes.append(gen_kw(g, c, by_name[name]))
    total = sum(k.weight for k in kws)
    for _ in range(g.int_in(min_n, max_n)):
        x = g.r.uniform(0, total)
        for k in kws:
            x -= k.weight
            if x <= 0:
                break
        if k.once and any(n.words[0] == k.name for n in nodes) and not g.chance(0.1):
            continue
        nodes.append(gen_kw(g, c, k))
    g.r.shuffle(nodes)
    return nodes


def gen_kw(g: Gen, c: Ctx, k: Kw, words=None) -> Node:
    if words is None:
        words = [k.name] + (k.value(g, c) if k.value else [])
        if g.bad(0.5) and not k.has_block:
            # extra or missing parameter
            if g.chance(0.5) or len(words) == 1:
                words.append(g.junk() or "x")
            else:
                words = words[:-1]
    if k.block is not None:
        return Node(words, children=gen_block(g, c, k.block, 0, 6 if len(k.block) > 4 else 3,
                                              REQUIRED.get(k.name, ())))
    if k.lines is not None:
        n = g.int_in(0, 4) if g.chance(0.9) else 0
        return Node(words, lines=[w for w in (k.lines(g, c) for _ in range(max(n, 1 if g.chance(0.9) else 0))) if w])
    return Node(words)


REQUIRED = {
    "vrrp_instance": ["interface", "virtual_router_id", "priority", "virtual_ipaddress"],
    "vrrp_script": ["script"],
    "vrrp_sync_group": ["group"],
    "vrrp_track_process": ["process"],
    "track_file": ["file"],
    "vrrp_track_file": ["file"],
    "virtual_server": ["real_server"],
    "bfd_instance": ["neighbor_ip"],
    "garp_group": ["interface"],
    "track_group": ["group"],
    # nested blocks
    "HTTP_GET": ["url"],
    "SSL_GET": ["url"],
    "url": ["path"],
    "MISC_CHECK": ["misc_path"],
    "FILE_CHECK": ["track_file"],
    "BFD_CHECK": ["name"],
    "authentication": ["auth_type", "auth_pass"],
}


def gen_root(g: Gen, c: Ctx, name: str, instance_name=None) -> Node:
    _, k = space.ROOT[name]
    words = [k.name] + ([instance_name] if instance_name else (k.value(g, c) if k.value else []))
    if k.block is not None:
        nmax = 10 if name == "vrrp_instance" else 8 if name in ("global_defs", "virtual_server") else 5
        children = gen_block(g, c, k.block, 0, nmax, REQUIRED.get(name, ()))
        if name == "virtual_server":
            for n in children:
                if n.words[0] == "real_server" and n.children is not None and g.chance(0.6):
                    checkers = [x for x in space.CHECKERS if x.name in ("TCP_CHECK", "HTTP_GET", "MISC_CHECK")]
                    n.children.append(gen_kw(g, c, g.pick(checkers)))
        return Node(words, children=children)
    if k.lines is not None:
        return Node(words, lines=[k.lines(g, c) for _ in range(g.int_in(0, 4))])
    return Node(words)


def gen_structure(g: Gen) -> tuple:
    """The root statements of one configuration and the feature tags."""
    c = Ctx()
    features = set()
    profile = g.r.random()
    with_vrrp = profile < 0.85
    with_lvs = profile > 0.7 or g.chance(0.08)
    with_bfd = g.chance(0.12)
    n_inst = g.int_in(1, 3) if with_vrrp else (1 if g.chance(0.2) else 0)
    c.instances = [f"VI_{i + 1}" for i in range(n_inst)]
    c.ipv6_instances = g.chance(0.15)
    if g.chance(0.5):
        c.scripts = [f"chk_{i + 1}" for i in range(g.int_in(1, 2))]
    if g.chance(0.15):
        c.track_files = ["tf1"]
    if g.chance(0.12):
        c.processes = ["tp1"]
    if with_bfd:
        c.bfds = [f"bfd{i + 1}" for i in range(g.int_in(1, 2))]
        features.add("bfd")
    if g.chance(0.1):
        c.track_groups = ["TG1"]
    if with_lvs and g.chance(0.2):
        c.vs_groups = ["VSG1"]

    roots = []
    if g.chance(0.8):
        roots.append(gen_root(g, c, "global_defs"))
    for name in ("net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir", "instance",
                 "child_wait_time"):
        if g.chance(0.015):
            roots.append(gen_root(g, c, name))
            features.add("namespace" if name.startswith("net_") else "global")
    for s in c.scripts:
        roots.append(gen_root(g, c, "vrrp_script", s))
    for t in c.track_files:
        roots.append(gen_root(g, c, g.pick(["track_file", "vrrp_track_file"]), t))
    for p in c.processes:
        roots.append(gen_root(g, c, "vrrp_track_process", p))
    for b in c.bfds:
        roots.append(gen_root(g, c, "bfd_instance", b))
    for t in c.track_groups:
        roots.append(gen_root(g, c, "track_group", t))
    for i in c.instances:
        roots.append(gen_root(g, c, "vrrp_instance", i))
    if with_vrrp:
        features.add("vrrp")
        if len(c.instances) > 1 and g.chance(0.3):
            roots.append(gen_root(g, c, "vrrp_sync_group", "SG_1"))
        for name in ("static_ipaddress", "static_routes", "static_rules", "garp_group", "linkbeat_interfaces",
                     "interface_up_down_delays"):
            if g.chance(0.08):
                roots.append(gen_root(g, c, name))
                features.add("static" if name.startswith("static") else "vrrp")
    if with_lvs:
        features.add("lvs")
        for v in c.vs_groups:
            roots.append(gen_root(g, c, "virtual_server_group", v))
        for _ in range(g.int_in(1, 2)):
            roots.append(gen_root(g, c, "virtual_server"))
        if g.chance(0.1):
            roots.append(gen_root(g, c, "SSL"))
    if not roots:
        roots.append(gen_root(g, c, "global_defs"))
    # keep global_defs first most of the time, shuffle the rest a little
    if g.chance(0.2):
        g.r.shuffle(roots)
    return roots, features


# ---------------------------------------------------------------------------------------
# rendering

def render(g: Gen, nodes: list, layout: dict, depth: int = 0) -> list:
    """Lines of text for `nodes`. layout: brace style and indentation for this config."""
    ind = layout["indent"] * depth
    out = []
    for n in nodes:
        head = " ".join(n.words)
        if not n.has_block:
            out.append(ind + head)
            continue
        items = n.lines if n.lines is not None else None
        style = layout["brace"] if not g.chance(0.08) else g.pick(["same", "next", "inline"])
        if style == "inline" and (items is None or len(items) > 2 or any(
                c.has_block for c in (n.children or []))):
            style = "same"
        if style == "inline":
            inner = " ".join(" ".join(w) for w in items) if items is not None else " ".join(
                " ".join(c.words) for c in n.children)
            if items is not None and len(items) > 1:
                inner = " ".join(" ".join(w) for w in items[:1])
            out.append(f"{ind}{head} {{ {inner} }}" if inner else f"{ind}{head} {{ }}")
            continue
        if style == "next":
            out.append(ind + head)
            out.append(ind + "{")
        else:
            out.append(ind + head + " {")
        if items is not None:
            for w in items:
                out.append(ind + layout["indent"] + " ".join(w))
        else:
            out += render(g, n.children, layout, depth + 1)
        if g.chance(0.04) and out and not out[-1].rstrip().endswith("{"):
            out[-1] = out[-1] + " }"  # closing brace on the last statement's line
        else:
            out.append(ind + "}")
    return out


# ---------------------------------------------------------------------------------------
# preprocessor features (text level, on the main file's lines)

def add_definitions(g: Gen, lines: list, case: Case) -> list:
    """Replace some value words by $NAME / ${NAME}, defined at the top (sometimes as a
    multi-line definition, sometimes with parameters)."""
    defs = []
    out = []
    counter = 0
    for line in lines:
        words = line.split(" ")
        if len(words) > 1 and g.chance(0.15) and words[-1] and words[-1] not in ("{", "}"):
            counter += 1
            name = f"D{counter}"
            defs.append(f"${name}={words[-1]}")
            words[-1] = g.pick([f"${name}", f"${{{name}}}"])
            line = " ".join(words)
        out.append(line)
    if g.chance(0.2):
        # a whole line from a definition
        idx = [i for i, l in enumerate(out) if l.strip() and not l.strip().endswith(("{", "}"))]
        if idx:
            i = g.pick(idx)
            defs.append(f"$LINE={out[i].strip()}")
            out[i] = out[i][: len(out[i]) - len(out[i].lstrip())] + "$LINE"
    if g.chance(0.15):
        # a multi-line definition expanding to a block
        defs += ["$BLK=vrrp_script chk_def { \\", "    script /bin/true \\", "    interval 2 \\", "}"]
        out.append("$BLK")
    if g.chance(0.1):
        defs.append("$PAR(a,b)=${a} ${b}")
        out.append(g.pick(["global_defs {", "vrrp_instance VI_P {"]))
        out.append("    $PAR(router_id, pr)" if out[-1].startswith("global") else "    $PAR(priority, 50)")
        out.append("}")
    if g.chance(0.05):
        out.append(g.pick(["$UNDEFINED", "${UNDEFINED}", "router_id $", "$ = x", "${D1"]))
    if defs:
        case.features.add("define")
    return defs + out


def add_seq(g: Gen, lines: list, case: Case) -> list:
    """~SEQ lines expanding instance-like text, bounds literal or from $ definitions."""
    case.features.add("seq")
    var = g.pick(["i", "n", "X"])
    if g.chance(0.5):
        lo, hi = g.int_in(-1, 3), g.int_in(0, 4)
        bounds = g.pick([f"{hi}", f"{lo}, {hi}", f"{lo},1,{hi}", f"{hi},-1,{lo}", f"{lo}, 0, {hi}"])
        pre = []
    else:
        pre = [f"$S={g.int_in(1, 3)}", f"$E={g.int_in(2, 5)}"]
        bounds = g.pick(["$S, $E", "${S},${E}", "$S,1,$E", "$E", "$S, $UNDEF"])
    hexf = "x" if g.chance(0.1) else ""
    text = g.pick([
        f"vrrp_instance SEQ_${{{var}}} {{ interface eth{g.int_in(0, 3)} virtual_router_id 2${{{var}}} priority 100 }}",
        f"vrrp_script chk_s${{{var}}} {{ script /bin/true }}",
        f"static_ipaddress {{ 192.0.2.${{{var}}}/32 dev eth0 }}",
        f"    192.0.2.1${{{var}}}",
    ])
    seq_line = f"~SEQ{hexf}({var}, {bounds}) {text}"
    if g.bad(2):
        seq_line = g.pick([f"~SEQ({var})", f"~SEQ({var}, 1, 0, 3) x", "~SEQ(, 1, 2) x", f"~SEQ({var}, a, b) x",
                           f"~SEQ {var}, 1, 2", f"~SEQx({var}, -1, 2) x", "~LST(i, a, b) x", "~BOGUS"])
    if text.startswith("    "):
        # inside a virtual_ipaddress block
        for i, l in enumerate(lines):
            if l.strip().startswith("virtual_ipaddress") and l.rstrip().endswith("{"):
                return pre + lines[: i + 1] + [seq_line] + lines[i + 1:]
        return pre + lines + [seq_line]
    return pre + lines + [seq_line]


def add_conditionals(g: Gen, lines: list, case: Case) -> list:
    case.features.add("conditional")
    if g.chance(0.5):
        case.args = ["-i", g.pick(["node1", "n2"])]
    out = []
    for line in lines:
        if line.strip() and g.chance(0.08):
            pfx = g.pick(["@node1 ", "@^node1 ", "@n2 ", "@^n2 ", "@node1", "@ "])
            stripped = line.lstrip()
            line = line[: len(line) - len(stripped)] + pfx + stripped
        out.append(line)
    return out


def add_includes(g: Gen, roots_text: list, case: Case) -> list:
    """Move some root blocks into included files (by name, glob, missing file)."""
    case.features.add("include")
    out = []
    n = 0
    for block in roots_text:
        if g.chance(0.3):
            n += 1
            name = g.pick([f"inc{n}.conf", f"sub/inc{n}.conf", f"inc{n}.inc"])
            case.files[name] = "\n".join(block) + "\n"
            ref_name = name if g.chance(0.7) else (name.rsplit("/", 1)[0] + "/*.conf" if "/" in name else "*.inc")
            out.append([g.pick(["include ", "include  ", "includer ", "includem ", "includea ", "includew ",
                                "includeb "]) + ref_name])
        else:
            out.append(block)
    if g.chance(0.2):
        out.append([g.pick(["include missing.conf", "include /nonexistent/*.conf", "include", "include {a,b}.conf",
                            "includer missing.conf", "include inc9[0-9].conf", "include sub"])])
    return out


def add_continuations(g: Gen, lines: list, case: Case) -> list:
    """`\\` at the end of some lines (keepalived only joins these in $ definitions)."""
    out = []
    for line in lines:
        words = line.split(" ")
        if len(words) > 2 and g.chance(0.05):
            cut = g.int_in(1, len(words) - 1)
            out.append(" ".join(words[:cut]) + g.pick([" \\", "\\"]))
            out.append("    " + " ".join(words[cut:]))
            case.features.add("continuation")
        else:
            out.append(line)
    return out


# ---------------------------------------------------------------------------------------
# text mutations

def mutate(g: Gen, lines: list, case: Case) -> list:
    if not lines:
        return lines
    kws = sorted(space.all_keywords())
    for _ in range(g.int_in(1, 3)):
        i = g.int_in(0, len(lines) - 1)
        line = lines[i]
        m = g.int_in(0, 17)
        case.features.add("mutated")
        if m == 0:
            del lines[i]
        elif m == 1:
            lines.insert(i, line)
        elif m == 2 and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], line
        elif m == 3:
            # drop a brace
            for j in range(i, len(lines)):
                if "{" in lines[j] or "}" in lines[j]:
                    ch = g.pick([x for x in "{}" if x in lines[j]])
                    k = lines[j].rfind(ch)
                    lines[j] = lines[j][:k] + lines[j][k + 1:]
                    break
        elif m == 4:
            lines.insert(i, g.pick(["{", "}", "  {", "}}", "{ }"]))
        elif m == 5:
            words = line.split()
            if words:
                w = words[0]
                if len(w) > 3:
                    p = g.int_in(0, len(w) - 1)
                    w2 = g.pick([w[:p] + w[p + 1:], w[:p] + "x" + w[p:], w.upper(), w + "s", w.replace("_", "-")])
                    lines[i] = line.replace(w, w2, 1)
        elif m == 6:
            lines.insert(i, g.pick(["bogus_keyword 42", "    bogus", "bogus_block {", "frobnicate on"]))
        elif m == 7:
            # a comment somewhere on the line
            p = g.int_in(0, len(line))
            lines[i] = line[:p] + g.pick([" # c", "#", "! note", " !", "  # { }", "\\#"]) + line[p:]
        elif m == 8:
            words = line.split(" ")
            if len(words) > 1:
                j = g.int_in(1, len(words) - 1)
                words[j] = g.junk()
                lines[i] = " ".join(words)
        elif m == 9:
            words = line.split(" ")
            nonempty = [j for j, w in enumerate(words) if w]
            if nonempty:
                j = g.pick(nonempty)
                words[j] = g.pick(['"' + words[j] + '"', "'" + words[j] + "'", '"' + words[j], words[j] + '"'])
                lines[i] = " ".join(words)
        elif m == 10 and i + 1 < len(lines):
            lines[i] = line + " " + lines[i + 1].strip()
            del lines[i + 1]
        elif m == 11:
            lines[i] = g.pick(["\t", "  ", ""]) + line.replace("    ", "\t") + g.pick(["", " ", "\t", "\r"])
        elif m == 12:
            # a keyword from elsewhere in the tree
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(i, indent + g.pick(kws) + (" " + g.junk() if g.chance(0.5) else ""))
        elif m == 13:
            lines.insert(i, "")
        elif m == 14:
            p = g.int_in(0, len(line))
            lines[i] = line[:p] + g.pick(["{", "}", " { ", " } ", "\"", "'", "\\"]) + line[p:]
        elif m == 15:
            words = line.split(" ")
            lines[i] = " ".join(words + [g.junk()])
        elif m == 16:
            lines[i] = line + g.pick([" \\", "\\", " \\ "])
        else:
            lines[i] = line.replace(" ", g.pick(["  ", "\t", " \t "]))
    return lines


# ---------------------------------------------------------------------------------------

def generate(seed: int) -> Case:
    rng = random.Random(seed)
    g = Gen(rng, p_bad=rng.choice([0.0, 0.01, 0.03, 0.06, 0.12]))
    case = Case(seed=seed, files={})
    roots, features = gen_structure(g)
    case.features |= features
    layout = {"indent": g.pick(["    ", "  ", "\t", "", "        "]),
              "brace": g.pick(["same", "same", "same", "next", "inline"])}
    blocks = [render(g, [n], layout) for n in roots]
    if g.chance(0.12):
        blocks = add_includes(g, blocks, case)
    lines = [l for b in blocks for l in (b + ([""] if g.chance(0.7) else []))]
    if g.chance(0.15):
        lines = add_definitions(g, lines, case)
    if g.chance(0.06):
        lines = add_seq(g, lines, case)
    if g.chance(0.06):
        lines = add_conditionals(g, lines, case)
    if g.chance(0.06):
        lines = add_continuations(g, lines, case)
    if g.chance(0.35):
        lines = mutate(g, lines, case)
    if g.chance(0.1):
        # comments in odd places: whole-line, trailing, before a brace
        out = []
        for l in lines:
            if g.chance(0.1):
                out.append(g.pick(["# comment", "! comment", "#", "   # indented { comment", "!}"]))
            out.append(l + (g.pick([" # trailing", " !x", "# {", " #}"]) if g.chance(0.05) else ""))
        lines = out
        case.features.add("comments")
    if any("./local.sh" in t for t in lines) or g.chance(0.03):
        case.files["local.sh"] = "#!/bin/sh\nexit 0\n"
        case.executables.append("local.sh")
    text = "\n".join(lines)
    if g.chance(0.9):
        text += "\n"
    case.files["keepalived.conf"] = text
    return case


if __name__ == "__main__":
    import sys
    c = generate(int(sys.argv[1]))
    for name, t in c.files.items():
        print(f"==> {name} (args {c.args}, features {sorted(c.features)})")
        print(t)
