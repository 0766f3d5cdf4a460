#!/usr/bin/env python3
"""Differential tester of `keepalived -t`: keepalived 2.2.7 against vigil on generated configs.

    differential.py run --vigil PATH [--seeds A:B|S1,S2,... | -n N [--first S]] [--jobs J] [--out DIR]
                        [--exceptions FILE] [--check [all|exit|crashes]] [--minimise N] [--quiet]
    differential.py show SEED             print the generated files of SEED
    differential.py repro SEED|DIR --vigil PATH   run one case (a seed or a saved case
                                          directory) and print both outputs
    differential.py minimise SEED|DIR --vigil PATH [--out DIR]

`run` prints the agreement rates on the exit status and on the message sets (overall, where
keepalived finishes, and without the configs that have LVS or BFD blocks) and the share of
configs whose exit status agrees or differs for a reason in the exceptions file. With --check
it exits 1 when a divergence (--check exit: an exit-status divergence) is not explained by a
class of the exceptions file, or when vigil crashes or hangs. Diverging
configs go to --out (one directory per seed: the files, `args`, `result.txt`, and `min/`,
the minimised form, for the first --minimise configs of each divergence signature).

Needs root (network namespace); exits 77 when it cannot create one or keepalived is missing.
The whole run happens in one private namespace with eth0..eth3, entered once.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import classify  # noqa: E402
import minimise as mini  # noqa: E402
from generate import Case, generate  # noqa: E402
import runner  # noqa: E402

KEEPALIVED = "/usr/sbin/keepalived"
SKIP = 77


# ---------------------------------------------------------------------------------------
# namespace: create one, re-run this script inside it, delete it

def in_namespace(argv: list) -> int:
    if os.environ.get("VIGIL_DIFF_NETNS"):
        return -1
    if os.geteuid() != 0:
        print("SKIP: needs root (network namespace)")
        return SKIP
    name = f"vgdiff{os.getpid()}"
    try:
        runner.create_namespace(name)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"SKIP: cannot create a network namespace: {e}")
        return SKIP
    env = dict(os.environ, VIGIL_DIFF_NETNS=name)
    p = None

    def forward(signum, frame):
        # meson's timeout (SIGTERM) or ^C: the run inside stops its cases; we then delete the
        # namespace in the finally below
        if p is not None and p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, forward)
    try:
        p = subprocess.Popen(["ip", "netns", "exec", name, sys.executable, os.path.abspath(__file__)] + argv, env=env)
        return p.wait()
    finally:
        if p is not None and p.poll() is None:
            p.kill()
            p.wait()
        runner.delete_namespace(name)


# ---------------------------------------------------------------------------------------
# cases from seeds or directories

def load_case_dir(path: str) -> Case:
    files = {}
    executables = []
    meta = {}
    if os.path.exists(os.path.join(path, "case.json")):
        with open(os.path.join(path, "case.json")) as f:
            meta = json.load(f)
    skip = {"case.json", "result.txt"}
    for root, dirs, names in os.walk(path):
        dirs[:] = [d for d in dirs if not (root == path and d == "min")]
        for n in names:
            full = os.path.join(root, n)
            rel = os.path.relpath(full, path)
            if rel in skip:
                continue
            with open(full, encoding="utf-8", errors="surrogateescape") as f:
                files[rel] = f.read()
            if os.access(full, os.X_OK):
                executables.append(rel)
    return Case(seed=meta.get("seed", 0), files=files, args=meta.get("args", []), executables=executables,
                features=set(meta.get("features", [])))


def case_from(spec: str) -> Case:
    if os.path.isdir(spec):
        return load_case_dir(spec)
    return generate(int(spec))


def save_case(case: Case, directory: str, result=None) -> None:
    os.makedirs(directory, exist_ok=True)
    for name, text in case.files.items():
        p = os.path.join(directory, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
    for name in case.executables:
        if name in case.files:
            os.chmod(os.path.join(directory, name), 0o755)
    with open(os.path.join(directory, "case.json"), "w") as f:
        json.dump({"seed": case.seed, "args": case.args, "features": sorted(case.features)}, f)
    if result is not None:
        with open(os.path.join(directory, "result.txt"), "w") as f:
            f.write(describe(result))


def describe(r) -> str:
    lines = [f"seed {r.case.seed}  args {' '.join(r.case.args) or '-'}  features {' '.join(sorted(r.case.features))}",
             f"exit: keepalived {r.keepalived.status}, vigil {r.vigil.status}"]
    for m in sorted(r.only_keepalived):
        lines.append(f"  only keepalived: {m}")
    for m in sorted(r.only_vigil):
        lines.append(f"  only vigil:      {m}")
    lines.append("--- keepalived stderr")
    lines.append(r.keepalived.stderr.rstrip())
    lines.append("--- vigil stderr")
    lines.append(r.vigil.stderr.rstrip())
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------

def is_lvs_bfd(case: Case) -> bool:
    return bool(case.features & {"lvs", "bfd"})


SHAPE_NUM = re.compile(r"-?\d+(\.\d+)?")
SHAPE_QUOTE = re.compile(r"'[^']*'")


def shape(m: str) -> str:
    return SHAPE_NUM.sub("N", SHAPE_QUOTE.sub("'…'", m))


def signature(r, verdict) -> tuple:
    msgs = [("k", shape(m)) for m in (verdict.unexplained_keepalived or r.only_keepalived)]
    msgs += [("v", shape(m)) for m in (verdict.unexplained_vigil or r.only_vigil)]
    return (r.keepalived.status, r.vigil.status, tuple(sorted(set(msgs))))


class Workspace:
    def __init__(self, vigil: str, keepalived: str):
        self.vigil = os.path.abspath(vigil)
        self.keepalived = keepalived
        self.netns = os.environ.get("VIGIL_DIFF_NETNS", "")
        # root-owned, private: scripts written into case directories are "secure"
        self.root = tempfile.mkdtemp(prefix="vigil-diff-")
        os.chmod(self.root, 0o700)
        runner.remove_on_stop(self.root)

    def run(self, case: Case):
        return runner.run_case(case, self.keepalived, self.vigil, self.root, self.netns)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.2f}% ({a}/{b})" if b else "n/a (0)"


def cmd_run(a) -> int:
    ws = Workspace(a.vigil, a.keepalived)
    classes = classify.load(a.exceptions) if a.exceptions and os.path.exists(a.exceptions) else []
    if a.seeds and ":" not in a.seeds:
        seeds = [int(x) for x in a.seeds.split(",") if x]
    elif a.seeds:
        lo, _, hi = a.seeds.partition(":")
        seeds = list(range(int(lo), int(hi)))
    else:
        seeds = list(range(a.first, a.first + a.n))
    start = time.monotonic()
    results = []
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            futures = {pool.submit(lambda s: ws.run(generate(s)), s): s for s in seeds}
            done = 0
            for f in concurrent.futures.as_completed(futures):
                results.append(f.result())
                done += 1
                if not a.quiet and done % 500 == 0:
                    print(f"... {done}/{len(seeds)} configs, {time.monotonic() - start:.0f} s", flush=True)
        results.sort(key=lambda r: r.case.seed)
        return report(a, ws, classes, results, time.monotonic() - start)
    finally:
        ws.close()


def report(a, ws, classes, results, seconds) -> int:
    n = len(results)
    core = [r for r in results if not is_lvs_bfd(r.case)]
    exit_ok = sum(r.exit_agrees for r in results)
    msg_ok = sum(r.exit_agrees and r.messages_agree for r in results)
    core_exit = sum(r.exit_agrees for r in core)
    core_msg = sum(r.exit_agrees and r.messages_agree for r in core)
    crashes = [r for r in results if r.vigil_crashed]
    ka_crashes = [r for r in results if r.keepalived_crashed]
    finished = [r for r in results if not r.keepalived_crashed]
    fin_exit = sum(r.exit_agrees for r in finished)
    fin_msg = sum(r.exit_agrees and r.messages_agree for r in finished)
    print(f"{n} configs (seeds {results[0].case.seed}..{results[-1].case.seed}), {seconds:.1f} s, "
          f"{a.jobs} jobs" if n else "0 configs")
    print(f"exit status agrees:          {pct(exit_ok, n)}")
    print(f"exit status and messages:    {pct(msg_ok, n)}")
    print(f"where keepalived finishes ({len(finished)} configs; it crashes, kills itself or hangs on "
          f"{len(ka_crashes)}): exit {pct(fin_exit, len(finished))}, exit and messages {pct(fin_msg, len(finished))}")
    print(f"without LVS/BFD ({len(core)} configs): exit {pct(core_exit, len(core))}, "
          f"exit and messages {pct(core_msg, len(core))}")
    print(f"vigil crashed or hung: {len(crashes)}")

    groups = {}
    class_count = {}
    unexplained = []
    explained = 0
    for r in results:
        if r.exit_agrees and (r.messages_agree or a.focus == "exit") and not r.vigil_crashed:
            continue
        v = classify.classify(r, classes)
        for c in v.classes:
            class_count[c] = class_count.get(c, 0) + 1
        if v.explained:
            explained += 1
        else:
            unexplained.append((r, v))
            groups.setdefault(signature(r, v), []).append(r)
    diverging = n - msg_ok + sum(1 for r in results if r.vigil_crashed and r.exit_agrees and r.messages_agree)
    print(f"diverging configs: {diverging}; explained by differential-exceptions.txt: {explained}; "
          f"unexplained: {len(unexplained)} in {len(groups)} signatures")
    exit_unexplained = sum(1 for r, v in unexplained if not r.exit_agrees or r.vigil_crashed)
    print(f"exit status agrees or its difference is explained: {pct(n - exit_unexplained, n)}")
    if class_count and not a.quiet:
        print("classes:")
        for c, k in sorted(class_count.items(), key=lambda x: -x[1]):
            print(f"  {k:6d}  {c}")

    ordered = sorted(groups.items(), key=lambda x: -len(x[1]))
    if ordered:
        print("unexplained signatures (count, exits keepalived/vigil, seeds, messages only one side prints):")
        for sig, rs in ordered[: a.show]:
            k, v, msgs = sig
            print(f"  {len(rs):5d}  {k}/{v}  seeds {' '.join(str(r.case.seed) for r in rs[:4])}")
            for side, m in msgs[:6]:
                print(f"           {'keepalived' if side == 'k' else 'vigil     '}: {m[:150]}")
    if crashes:
        print("vigil crashed or hung on seeds: " + " ".join(str(r.case.seed) for r in crashes[:20]))

    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for sig, rs in ordered:
            for r in rs:
                save_case(r.case, os.path.join(a.out, str(r.case.seed)), r)
        for r in crashes:
            save_case(r.case, os.path.join(a.out, str(r.case.seed)), r)
        if a.minimise:
            jobs = []
            for sig, rs in ordered:
                for r in rs[: a.minimise]:
                    jobs.append(r)
            verdicts = {id(r): v for r, v in unexplained}
            with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
                futs = [pool.submit(minimise_one, ws, r, verdicts.get(id(r)), os.path.join(a.out, str(r.case.seed), "min"))
                        for r in jobs]
                for f in futs:
                    f.result()
        with open(os.path.join(a.out, "signatures.txt"), "w") as f:
            for sig, rs in ordered:
                k, v, msgs = sig
                f.write(f"{len(rs)} {k}/{v} seeds {' '.join(str(r.case.seed) for r in rs)}\n")
                for side, m in msgs:
                    f.write(f"    {side}: {m}\n")
        print(f"diverging configs written to {a.out}")
    if a.check == "crashes":
        return 1 if crashes else 0
    if a.check == "exit":
        # the bounded CI run: no crash, every exit-status difference explained
        return 1 if crashes or exit_unexplained else 0
    return 1 if a.check and (unexplained or crashes) else 0


def minimise_one(ws, r, verdict, out: str):
    prefer = None
    if verdict is not None and (verdict.unexplained_keepalived or verdict.unexplained_vigil):
        prefer = {("keepalived", m) for m in verdict.unexplained_keepalived} | \
                 {("vigil", m) for m in verdict.unexplained_vigil}
    target = mini.target_of(r, prefer)
    small = mini.minimise(r.case, target, ws.run)
    save_case(small, out, ws.run(small))


def cmd_show(a) -> int:
    c = case_from(a.case)
    print(f"# args: {' '.join(c.args) or '-'}; features: {' '.join(sorted(c.features))}")
    for name, text in c.files.items():
        print(f"==> {name}")
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def cmd_repro(a) -> int:
    ws = Workspace(a.vigil, a.keepalived)
    try:
        r = ws.run(case_from(a.case))
        print(describe(r), end="")
        return 0 if r.exit_agrees and r.messages_agree else 1
    finally:
        ws.close()


def cmd_minimise(a) -> int:
    ws = Workspace(a.vigil, a.keepalived)
    try:
        c = case_from(a.case)
        r = ws.run(c)
        if r.exit_agrees and r.messages_agree:
            print("no divergence")
            return 0
        target = mini.target_of(r, side=a.side)
        small = mini.minimise(c, target, ws.run, budget=a.budget)
        r2 = ws.run(small)
        if a.out:
            save_case(small, a.out, r2)
        for name, text in small.files.items():
            print(f"==> {name}")
            print(text, end="" if text.endswith("\n") else "\n")
        print(describe(r2), end="")
        return 1
    finally:
        ws.close()


def main(argv: list) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    def common(sp):
        sp.add_argument("--vigil", default=os.path.join(HERE, "../../build/src/daemon/keepalived"))
        sp.add_argument("--keepalived", default=KEEPALIVED)

    r = sub.add_parser("run")
    common(r)
    r.add_argument("--seeds", help="A:B (B exclusive), or a list S1,S2,...")
    r.add_argument("-n", type=int, default=1000)
    r.add_argument("--first", type=int, default=1)
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--out")
    r.add_argument("--exceptions", default=os.path.join(HERE, "../config/differential-exceptions.txt"))
    r.add_argument("--check", nargs="?", const="all", choices=["all", "exit", "crashes"],
                   help="exit 1 on unexplained divergences (all), on unexplained exit-status divergences "
                        "(exit), or only when vigil crashes or hangs (crashes)")
    r.add_argument("--minimise", type=int, default=0, help="minimise the first N configs of each signature")
    r.add_argument("--show", type=int, default=30, help="signatures to print")
    r.add_argument("--quiet", action="store_true")
    r.add_argument("--focus", choices=["all", "exit"], default="all",
                   help="exit: only exit-status divergences are listed, written and checked")
    s = sub.add_parser("show")
    s.add_argument("case")
    rp = sub.add_parser("repro")
    common(rp)
    rp.add_argument("case")
    m = sub.add_parser("minimise")
    common(m)
    m.add_argument("case")
    m.add_argument("--out")
    m.add_argument("--side", choices=["keepalived", "vigil"])
    m.add_argument("--budget", type=int, default=600)
    a = p.parse_args(argv)

    if a.cmd == "show":
        return cmd_show(a)
    if not os.path.exists(a.keepalived):
        print(f"SKIP: {a.keepalived} missing")
        return SKIP
    if not os.path.exists(a.vigil):
        print(f"vigil binary {a.vigil} missing")
        return 2
    code = in_namespace(sys.argv[1:])
    if code >= 0:
        return code
    runner.install_stop_handlers()
    return {"run": cmd_run, "repro": cmd_repro, "minimise": cmd_minimise}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
