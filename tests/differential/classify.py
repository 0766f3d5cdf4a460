"""Divergence classes of tests/config/differential-exceptions.txt.

The file keeps the golden-config lines read by tests/config/run-differential
("CASE KEEPALIVED_EXIT VIGIL_EXIT reason") and adds class sections for generated configs:

    [class NAME]
    area: vrrp | lvs | bfd | parser | global
    exit: KEEPALIVED VIGIL        (optional; '*' matches any status)
    keepalived: REGEX             (a message only keepalived prints; repeatable)
    vigil: REGEX                  (a message only vigil prints; repeatable)
    messages: ignore              (with exit: the messages are not compared, e.g. when
                                   keepalived crashes half way)
    reason: why the difference stays (free text, may continue on indented lines)

A result is explained when every message printed by one side only matches a pattern of that
side in some class and, if the exit statuses differ, a class whose `exit` matches the pair
either has no message patterns or matched one of those messages. Patterns are Python
regular expressions matched against the whole normalised message (re.fullmatch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Klass:
    name: str
    area: str = ""
    exit: tuple = None
    keepalived: list = field(default_factory=list)
    vigil: list = field(default_factory=list)
    ignore_messages: bool = False
    reason: str = ""

    def exit_matches(self, k: int, v: int) -> bool:
        if self.exit is None:
            return False
        ek, ev = self.exit
        return (ek == "*" or ek == str(k)) and (ev == "*" or ev == str(v))


def load(path: str) -> list:
    classes = []
    cur = None
    last_key = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("[class ") and line.endswith("]"):
                cur = Klass(line[7:-1].strip())
                classes.append(cur)
                last_key = None
                continue
            if cur is None or not line.strip() or line.lstrip().startswith("#"):
                continue
            if line[0] in " \t" and last_key == "reason":
                cur.reason += " " + line.strip()
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            last_key = key
            if key == "area":
                cur.area = value
            elif key == "exit":
                parts = value.split()
                if len(parts) != 2:
                    raise ValueError(f"{path}: class {cur.name}: exit needs two statuses")
                cur.exit = (parts[0], parts[1])
            elif key in ("keepalived", "vigil"):
                getattr(cur, key).append(re.compile(value))
            elif key == "messages":
                if value != "ignore":
                    raise ValueError(f"{path}: class {cur.name}: messages: only 'ignore'")
                cur.ignore_messages = True
            elif key == "reason":
                cur.reason = value
            else:
                raise ValueError(f"{path}: class {cur.name}: unknown key '{key}'")
    return classes


@dataclass
class Verdict:
    explained: bool
    classes: set
    unexplained_keepalived: set
    unexplained_vigil: set
    exit_explained: bool


def classify(result, classes: list) -> Verdict:
    if not result.exit_agrees and not result.vigil_crashed:
        k, v = result.keepalived.status, result.vigil.status
        for c in classes:
            if c.ignore_messages and c.exit_matches(k, v) and (
                    not c.keepalived or any(p.fullmatch(m) for p in c.keepalived for m in result.keepalived.messages)):
                return Verdict(True, {c.name}, set(), set(), True)
    used = set()
    matched_by = {}
    un_k, un_v = set(), set()
    for side, msgs, bucket in (("keepalived", result.only_keepalived, un_k), ("vigil", result.only_vigil, un_v)):
        for m in msgs:
            hit = [c for c in classes if any(p.fullmatch(m) for p in getattr(c, side))]
            if hit:
                for c in hit:
                    used.add(c.name)
                    matched_by.setdefault(c.name, 0)
                    matched_by[c.name] += 1
            else:
                bucket.add(m)
    exit_ok = True
    if not result.exit_agrees and not result.vigil_crashed:
        k, v = result.keepalived.status, result.vigil.status
        exit_ok = False
        for c in classes:
            if c.exit_matches(k, v) and ((not c.keepalived and not c.vigil) or c.name in matched_by):
                exit_ok = True
                used.add(c.name)
                break
    elif result.vigil_crashed:
        exit_ok = False
    return Verdict(exit_ok and not un_k and not un_v, used, un_k, un_v, exit_ok)
