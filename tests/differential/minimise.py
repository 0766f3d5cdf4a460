"""Delta minimiser: shrinks a diverging case while the divergence holds.

The divergence is pinned by a Target: both exit statuses and, when there is one, a message
printed by one side only. Shrinking removes chunks of lines (halving the chunk size down to
one line, over every file of the case), then single words, then whole included files, and
keeps each removal after which the target divergence still shows.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Callable, Optional

from generate import Case


@dataclass(frozen=True)
class Target:
    """Both exit statuses, and the one-sided messages: a smaller case keeps the divergence
    when its exit statuses are the same, it prints no one-sided message the original did not
    print (so that shrinking does not trade the divergence for another one, e.g. by removing
    a brace), and it still prints `message` on `side` when one is pinned."""
    keepalived_status: int
    vigil_status: int
    side: Optional[str] = None       # "keepalived" or "vigil"
    message: Optional[str] = None
    only_keepalived: frozenset = frozenset()
    only_vigil: frozenset = frozenset()

    def holds(self, result) -> bool:
        if result.keepalived.status != self.keepalived_status or result.vigil.status != self.vigil_status:
            return False
        if not result.only_keepalived <= self.only_keepalived or not result.only_vigil <= self.only_vigil:
            return False
        if self.message is None:
            return True
        only = result.only_keepalived if self.side == "keepalived" else result.only_vigil
        return self.message in only


def target_of(result, prefer: Optional[set] = None, side: Optional[str] = None) -> Target:
    """The divergence to keep: exit pair, the one-sided messages, and one of them pinned
    (an unexplained one first) when the exit statuses agree."""
    k, v = result.keepalived.status, result.vigil.status
    ok, ov = frozenset(result.only_keepalived), frozenset(result.only_vigil)
    if k != v:
        return Target(k, v, None, None, ok, ov)
    candidates = []
    if prefer:
        candidates = sorted((s, m) for s, m in prefer)
    if not candidates:
        candidates = sorted([("keepalived", m) for m in ok] + [("vigil", m) for m in ov])
    if side is not None:
        candidates = [c for c in candidates if c[0] == side] or candidates
    if candidates:
        s, m = candidates[0]
        return Target(k, v, s, m, ok, ov)
    return Target(k, v, None, None, ok, ov)


def _with_lines(case: Case, name: str, lines: list) -> Case:
    c = copy.copy(case)
    c.files = dict(case.files)
    c.files[name] = "\n".join(lines) + ("\n" if lines else "")
    return c


def minimise(case: Case, target: Target, run: Callable[[Case], object], budget: int = 400) -> Case:
    """The smallest case found within `budget` runs for which target.holds(run(case))."""
    runs = 0

    def ok(c: Case) -> bool:
        nonlocal runs
        runs += 1
        return target.holds(run(c))

    best = case
    # whole included files
    for name in [n for n in best.files if n != best.main]:
        if runs >= budget:
            break
        c = copy.copy(best)
        c.files = {k: v for k, v in best.files.items() if k != name}
        c.executables = [e for e in best.executables if e != name]
        if ok(c):
            best = c
    # chunks of lines
    for name in sorted(best.files, key=lambda n: n != best.main):
        lines = best.files[name].split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        chunk = max(1, len(lines) // 2)
        while chunk >= 1 and runs < budget:
            i = 0
            changed = False
            while i < len(lines) and runs < budget:
                trial = lines[:i] + lines[i + chunk:]
                c = _with_lines(best, name, trial)
                if ok(c):
                    best, lines, changed = c, trial, True
                else:
                    i += chunk
            if not changed:
                chunk //= 2
        # words within lines
        for i in range(len(lines)):
            words = lines[i].split(" ")
            j = 0
            while j < len(words) and len(words) > 1 and runs < budget:
                trial_words = words[:j] + words[j + 1:]
                trial = lines[:i] + [" ".join(trial_words)] + lines[i + 1:]
                c = _with_lines(best, name, trial)
                if ok(c):
                    best, lines, words = c, trial, trial_words
                else:
                    j += 1
        # indentation
        if runs < budget:
            trial = [l.strip() for l in lines]
            if trial != lines:
                c = _with_lines(best, name, trial)
                if ok(c):
                    best, lines = c, trial
    if best.args and runs < budget:
        c = copy.copy(best)
        c.args = []
        if ok(c):
            best = c
    return best
