"""Runs `keepalived -t` of keepalived 2.2.7 and of vigil on one case, in the current network
namespace, and compares the exit status and the normalised set of messages.

Normalisation: keepalived 2.2.7 reads the configuration once per process (parent, VRRP,
checker, BFD) and prefixes config errors with "(FILE: Line N) " or "(Line N) "; vigil prints
"FILE:LINE:COL: SEVERITY: " and may add a "(did you mean 'x'?)" hint. Both are stripped, the
case directory is replaced by "<DIR>", and duplicates collapse into a set. vigil's `warning:`
and `note:` lines are left out: they are what keepalived only logs (LOG_INFO, not printed by
-t) or vigil's own advice, which -t may print on top of keepalived's verdict.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

from generate import Case

NETNS_TOKEN = "__NETNS__"
TIMEOUT = 20.0

KA_PREFIX = re.compile(r"^\((?:[^()]*?: )?Line \d+\) ")
VIGIL_PREFIX = re.compile(r"^(?:.*?:\d+:\d+: )?(?:error|warning|fatal|note): ")
VIGIL_EXTRA = re.compile(r"^(?:.*?:\d+:\d+: )?(?:warning|note): ")
HINT = re.compile(r" \(did you mean '[^']*'\?\)$")


@dataclass
class Run:
    status: int                  # exit status; 128+N when killed by signal N; -1 on timeout
    stdout: str
    stderr: str
    seconds: float
    messages: set = field(default_factory=set)


@dataclass
class Result:
    case: Case
    keepalived: Run
    vigil: Run

    @property
    def exit_agrees(self) -> bool:
        return self.keepalived.status == self.vigil.status

    @property
    def messages_agree(self) -> bool:
        return self.keepalived.messages == self.vigil.messages

    @property
    def only_keepalived(self) -> set:
        return self.keepalived.messages - self.vigil.messages

    @property
    def only_vigil(self) -> set:
        return self.vigil.messages - self.keepalived.messages

    @property
    def vigil_crashed(self) -> bool:
        return self.vigil.status < 0 or self.vigil.status >= 128

    @property
    def keepalived_crashed(self) -> bool:
        return self.keepalived.status < 0 or self.keepalived.status >= 128


def normalise(text: str, prefix: re.Pattern, case_dir: str, drop: re.Pattern = None) -> set:
    out = set()
    for line in text.splitlines():
        if drop is not None and drop.match(line):
            continue
        line = prefix.sub("", line.rstrip("\n"))
        line = HINT.sub("", line)
        if case_dir:
            line = line.replace(case_dir + "/", "").replace(case_dir, "<DIR>")
        if line.strip():
            out.add(line)
    return out


def write_case(case: Case, directory: str, netns: str) -> None:
    for name, text in case.files.items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text.replace(NETNS_TOKEN, netns))
    for name in case.executables:
        os.chmod(os.path.join(directory, name), 0o755)


# Process groups of the `-t` runs still going (each runs in a session of its own, so a signal
# to this script does not reach them): stop_all() kills them when the script is told to stop.
_live_groups: set = set()
_live_lock = threading.Lock()
_stopping = threading.Event()
_cleanup_dirs: list = []


def remove_on_stop(directory: str) -> None:
    """stop_all() also removes DIRECTORY (a scratch tree of the run)."""
    _cleanup_dirs.append(directory)


def stop_all(signum: int = signal.SIGTERM, frame=None) -> None:
    """Signal handler: kill every running case's process group, then exit 128+signum. Worker
    threads that start a case after this see _stopping and start nothing."""
    _stopping.set()
    with _live_lock:
        groups = list(_live_groups)
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for directory in _cleanup_dirs:
        shutil.rmtree(directory, ignore_errors=True)
    os._exit(128 + signum)


def install_stop_handlers() -> None:
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, stop_all)


def run_binary(binary: str, case: Case, directory: str, timeout: float = TIMEOUT) -> Run:
    argv = [binary, "-t", "-f", case.main] + list(case.args)
    start = time.monotonic()
    if _stopping.is_set():
        return Run(-2, "", "stopping", 0.0)
    try:
        with _live_lock:
            p = subprocess.Popen(argv, cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True, env=child_env())
            _live_groups.add(p.pid)
    except OSError as e:
        return Run(-2, "", f"cannot run {binary}: {e}", 0.0)
    try:
        out, err = p.communicate(timeout=timeout)
        status = p.returncode
    except subprocess.TimeoutExpired:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        status = -1
    # keepalived -t forks children in some cases: make sure none of its group survives
    with _live_lock:
        _live_groups.discard(p.pid)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if status is not None and status < 0 and status != -1:
        status = 128 - status
    return Run(status, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
               time.monotonic() - start)


def child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    env["LC_ALL"] = "C"
    return env


def run_case(case: Case, keepalived: str, vigil: str, workroot: str, netns: str) -> Result:
    directory = tempfile.mkdtemp(prefix=f"c{case.seed}-", dir=workroot)
    try:
        write_case(case, directory, netns)
        k = run_binary(keepalived, case, directory)
        v = run_binary(vigil, case, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    k.messages = normalise(k.stderr + k.stdout, KA_PREFIX, directory)
    v.messages = normalise(v.stderr + v.stdout, VIGIL_PREFIX, directory, VIGIL_EXTRA)
    return Result(case, k, v)


# ---------------------------------------------------------------------------------------
# the namespace

def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=check)


def create_namespace(name: str) -> None:
    """eth0..eth3 (two veth pairs, up) and lo, with documentation-range addresses."""
    ip("netns", "add", name)
    try:
        ip("-n", name, "link", "add", "eth0", "type", "veth", "peer", "name", "eth1")
        ip("-n", name, "link", "add", "eth2", "type", "veth", "peer", "name", "eth3")
        for i in ("lo", "eth0", "eth1", "eth2", "eth3"):
            ip("-n", name, "link", "set", i, "up")
        ip("-n", name, "addr", "add", "192.0.2.1/24", "dev", "eth0")
        ip("-n", name, "addr", "add", "198.51.100.1/24", "dev", "eth1")
        ip("-n", name, "addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad")
    except subprocess.CalledProcessError:
        delete_namespace(name)
        raise


def delete_namespace(name: str) -> None:
    ip("netns", "del", name, check=False)
