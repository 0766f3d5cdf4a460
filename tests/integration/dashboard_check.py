#!/usr/bin/env python3
"""Checks that a scrape of /metrics serves every metric name and label a Grafana dashboard's
queries use (issue 15: "dashboards for either exporter's names render from our endpoint").

    dashboard_check.py --scrape FILE [--elsewhere NAME[:WHY]]... DASHBOARD.json...

From each dashboard it takes every panel target's PromQL `expr` and `legendFormat` and every
query variable (`label_values(SELECTOR, LABEL)`), at any nesting depth, and extracts:
  - metric names: identifiers in the expression that are neither functions, keywords nor
    label names (inside {...}, by (...), without (...), on (...), ignoring (...));
  - labels: matcher names in {...}, grouping labels, {{label}} in legends, LABEL in
    label_values().
A metric must have at least one sample in the scrape; a label must appear on a sample of
one of the metrics its query uses (a legend label on the query's metrics). Target labels
that Prometheus adds itself (instance, job) are not looked for. --elsewhere names metrics
that another exporter serves (node_exporter's node_systemd_unit_state, ...) with the reason,
printed and not looked for. Exit 0: all found; 1: something is missing (each listed).
"""
import argparse
import json
import re
import sys

TARGET_LABELS = {"instance", "job"}
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
            "or", "unless", "offset", "inf", "nan"}
AGGREGATIONS = {"sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
                "quantile", "count_values", "group"}
GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
IDENT = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")


def read_scrape(path):
    """metric name -> set of label names over its samples (text format 0.0.4)."""
    series = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            m = IDENT.match(line)
            if not m:
                continue
            labels = series.setdefault(m.group(0), set())
            rest = line[m.end():]
            if rest.startswith("{"):
                labels.update(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"', rest[:rest.rfind("}") + 1]))
    return series


def strip_strings(expr):
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)


def parse_expr(expr):
    """(metric names, label names) a PromQL expression uses."""
    text = strip_strings(expr)
    text = re.sub(r"\[[^\]]*\]", "", text)  # range and subquery durations
    metrics, labels = set(), set()
    i = 0
    while i < len(text):
        m = IDENT.match(text, i)
        if not m:
            i += 1
            continue
        word, i = m.group(0), m.end()
        j = i
        while j < len(text) and text[j].isspace():
            j += 1
        nxt = text[j] if j < len(text) else ""
        if word in GROUPING and nxt == "(":
            close = text.index(")", j)
            labels.update(IDENT.findall(text[j + 1:close]))
            i = close + 1
        elif word.lower() in KEYWORDS or word in AGGREGATIONS or nxt == "(":
            continue  # keyword or function
        else:
            metrics.add(word)
            if nxt == "{":
                close = text.index("}", j)
                labels.update(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", text[j + 1:close]))
                i = close + 1
    # a bare {label="x"} selector (no name) adds labels only
    for body in re.findall(r"(?:^|[^a-zA-Z0-9_:\s])\s*\{([^}]*)\}", text):
        labels.update(re.findall(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)", body))
    return metrics, labels


def queries_of(node, out):
    """(expr, legendFormat) of every target and label_values() variable, at any depth."""
    if isinstance(node, dict):
        if isinstance(node.get("expr"), str):
            out.append((node["expr"], node.get("legendFormat") or ""))
        q = node.get("query")
        if isinstance(q, dict):
            q = q.get("query")
        if isinstance(q, str) and q.startswith("label_values("):
            inner = q[len("label_values("):q.rfind(")")]
            selector, _, label = inner.rpartition(",")
            out.append((selector or label, "{{%s}}" % label.strip() if selector else ""))
        for v in node.values():
            queries_of(v, out)
    elif isinstance(node, list):
        for v in node:
            queries_of(v, out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scrape", required=True)
    ap.add_argument("--elsewhere", action="append", default=[])
    ap.add_argument("dashboards", nargs="+")
    args = ap.parse_args()
    series = read_scrape(args.scrape)
    elsewhere = dict((e.split(":", 1) + [""])[:2] for e in args.elsewhere)
    problems = []
    for path in args.dashboards:
        with open(path, encoding="utf-8") as f:
            dashboard = json.load(f)
        used_metrics, used_labels = set(), set()
        for expr, legend in queries_of(dashboard, []):
            metrics, labels = parse_expr(expr)
            labels |= set(re.findall(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}", legend))
            ours = {m for m in metrics if m not in elsewhere}
            used_metrics |= metrics
            for m in sorted(ours):
                if m not in series:
                    problems.append(f"{path}: metric {m} not served (query {expr!r})")
            if not ours:
                continue
            have = set().union(*(series.get(m, set()) for m in ours))
            for label in sorted(labels - TARGET_LABELS):
                if label not in have:
                    problems.append(f"{path}: label {label} not on {', '.join(sorted(ours))} (query {expr!r}, legend {legend!r})")
                used_labels.add(label)
        skipped = sorted(used_metrics & set(elsewhere))
        print(f"{path}: {len(used_metrics) - len(skipped)} metric names and {len(used_labels)} labels checked"
              + "".join(f"; {m} not ours ({elsewhere[m]})" for m in skipped))
    for p in problems:
        print("MISSING " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
