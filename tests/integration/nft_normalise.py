#!/usr/bin/env python3
"""Reads `nft -j list ruleset` on stdin, prints it normalised for comparison: no metainfo,
no handles, counters zeroed, one object per line (tables, chains, sets, rules in nft's order)."""
import json
import sys


def scrub(value):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "handle":
                continue
            if key == "counter" and isinstance(item, dict):
                out[key] = {"packets": 0, "bytes": 0}
                continue
            out[key] = scrub(item)
        return out
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


ruleset = json.load(sys.stdin).get("nftables", [])
for entry in ruleset:
    if "metainfo" in entry:
        continue
    print(json.dumps(scrub(entry), sort_keys=True))
