#!/usr/bin/env python3
"""The differential anchor of `vigil status` for LVS: what keepalived 2.2.7 put in the kernel
is what our status says.

usage: lvs_status_check.py TABLE STATUS_JSON [TABLE STATUS_JSON]...

TABLE is keepalived's table after a step (tests/vm/lvs.sh's `table`: ipvsadm -Ln --sort, then
"--" and ipvsadm -S -n); STATUS_JSON is `vigil status --json` taken after vigil's table became
the same. For each pair, the services and their destinations with their weights must be those
the status lists: every virtual server whose service is in the table ("alive"), with its real
servers that are in the table ("in_ipvs", at weight "current"), and its sorry server at weight
1 while "active". Exit status 1 with the differences printed, else 0.
"""
import json
import re
import sys


def from_table(path):
    services = {}
    current = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "--":
                break
            m = re.match(r"^(TCP|UDP|SCTP|FWM)\s+(\S+)\s", line)
            if m:
                current = services.setdefault(f"{m.group(1).lower()} {m.group(2)}", {})
                continue
            m = re.match(r"^\s+->\s+(\S+)\s+\S+\s+(\d+)\s", line)
            if m and current is not None:
                current[m.group(1)] = int(m.group(2))
    return services


def address_port(name):
    # keepalived's "[ADDR]:PROTO:PORT"
    m = re.match(r"^\[(.*)\]:[a-z]+:(\d+)$", name)
    return f"{m.group(1)}:{m.group(2)}" if m else name


def from_status(path):
    with open(path) as f:
        status = json.load(f)
    lvs = status.get("lvs")
    if lvs is None:
        raise SystemExit(f"{path}: no LVS part (lvs is null)")
    services = {}
    for vs in lvs["virtual_servers"]:
        if not vs["alive"]:
            continue
        if vs["kind"] == "fwmark":
            key = f"fwm {vs['fwmark']}"
        else:
            key = f"{vs['protocol']} {vs['address']}:{vs['port']}"
        dests = services.setdefault(key, {})
        for rs in vs["real_servers"]:
            if rs["in_ipvs"]:
                dests[f"{rs['address']}:{rs['port']}"] = rs["weight"]["current"]
        if vs["sorry"]["active"]:
            dests[address_port(vs["sorry"]["server"])] = 1
    return services


def main(args):
    if len(args) < 2 or len(args) % 2:
        raise SystemExit(__doc__)
    failed = 0
    for table, status in zip(args[0::2], args[1::2]):
        want, got = from_table(table), from_status(status)
        if want != got:
            failed = 1
            print(f"lvs_status_check: {status} differs from {table}")
            print(f"  keepalived's table: {json.dumps(want, sort_keys=True)}")
            print(f"  vigil's status:     {json.dumps(got, sort_keys=True)}")
        else:
            alive = sum(1 for d in got.values() for w in d.values() if w > 0)
            print(f"lvs_status_check: {status}: {len(got)} services, {alive} destinations up: as keepalived's table")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
