#!/usr/bin/env python3
"""Counts which P0 client calls the conformance scripts cover, and prints the uncovered ones;
then how many of the Node client's methods of every tier (P0, P1, P2) the scripts call.

The denominators come from the endpoint inventory (endpoints.md, default
/work/shared/docs/endpoints.md or the first argument):
  * Node: the method names of the "P0 — 91" list in its section 5;
  * Python: every call in the Python column of the inventory rows whose tier is P0 (90), plus the
    few Python calls of its section 6 that tnhub serves although the spec has no such path.

A call counts as covered by a script when a step name of that script names it as a whole token
(`step("Site.orders.get(id).tns.list", …)`; qualifiers such as "(id set)" or "()" are ignored) AND
the script's source contains a call of its last segment (`getOrdersAsync(` / `.list(`), so a step
cannot claim a call by its name alone. Skipped calls wait for an endpoint being added elsewhere.

This is a tool for people changing the scripts, not a test: it reads sources, runs nothing.
Exit code 1 when some call that is not skipped is uncovered.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Calls left out on purpose, with the reason (none at present: every P0
# call has its step).
SKIPPED = {"node": {}, "python": {}}
# Python calls of endpoints.md section 6 (no path in the spec) that tnhub serves all the same,
# and the P1 calls the scripts make.
PYTHON_EXTRAS = ["TelephoneNumber.history.list", "TelephoneNumber.tnreservation.get", "account.hosts.list"]


def inventory(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^- \*\*P0 — \d+\*\*: (.*)$", text, re.M)
    if not m:
        sys.exit("no '- **P0 — N**:' line in %s" % path)
    node = re.findall(r"`([^`]+)`", m.group(1))
    python = []
    for line in text.splitlines():
        if not re.match(r"^\| \d+ \|", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 7 or cells[6] != "P0" or cells[5] == "—":
            continue
        for call in re.findall(r"`([^`]+)`", cells[5]):
            if call not in python:
                python.append(call)
    return node, python


def node_tiers(path):
    """Every tier's Node methods: the `- **Pn — N**:` lists of section 5."""
    text = open(path, encoding="utf-8").read()
    return {m.group(1): re.findall(r"`([^`]+)`", m.group(2))
            for m in re.finditer(r"^- \*\*(P\d) — \d+\*\*: (.*)$", text, re.M)}


def normalise(call):
    """`Order.save (id set)` -> `Order.save`; `SipPeer.movetns()` -> `SipPeer.movetns`."""
    call = re.sub(r"\s*\([^)]*\)$", "", call)
    return re.sub(r"\(\)$", "", call)


STEP = re.compile(r"""\bstep\(\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`)""")


def scripts(client):
    folder = os.path.join(ROOT, client)
    ext = ".mjs" if client == "node" else ".py"
    found = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(ext) and name != "harness.py":
            src = open(os.path.join(folder, name), encoding="utf-8").read()
            steps = [next(g for g in m.groups() if g is not None) for m in STEP.finditer(src)]
            found["%s/%s" % (client, name)] = (steps, src)
    if client == "node":  # the shared set-up steps live in the harness and run in every script
        src = open(os.path.join(folder, "lib", "harness.mjs"), encoding="utf-8").read()
        steps = [next(g for g in m.groups() if g is not None) for m in STEP.finditer(src)]
        found["node/lib/harness.mjs"] = (steps, src)
    return found


def covering(call, client, found):
    name = normalise(call)
    token = re.compile(r"(?<![\w.])" + re.escape(name) + r"(?![\w.(])")
    last = re.escape(name.split(".")[-1])
    invoked = re.compile(r"\b" + last + (r"(Async)?\(" if client == "node" else r"\("))
    return [s for s, (steps, src) in found.items() if any(token.search(x) for x in steps) and invoked.search(src)]


def report(client, calls):
    found = scripts(client)
    covered, missing = 0, []
    print("## %s: %d P0 calls" % (client, len(calls)))
    for call in calls:
        where = covering(call, client, found)
        if where:
            covered += 1
            print("  %-45s %s" % (call, ", ".join(where)))
        elif call in SKIPPED[client]:
            print("  %-45s (skipped: %s)" % (call, SKIPPED[client][call]))
        else:
            missing.append(call)
            print("  %-45s UNCOVERED" % call)
    print("%s: %d of %d covered, %d skipped, %d uncovered" % (
        client, covered, len(calls), sum(c in SKIPPED[client] for c in calls), len(missing)))
    return missing


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/docs/endpoints.md"
    node, python = inventory(path)
    missing = report("node", node)
    missing += report("python", python)
    print("## python, beyond P0 (endpoints.md section 6 and P1, served by tnhub)")
    found = scripts("python")
    for call in PYTHON_EXTRAS:
        where = covering(call, "python", found)
        print("  %-45s %s" % (call, ", ".join(where) if where else "UNCOVERED"))
        if not where:
            missing.append(call)
    tiers = node_tiers(path)
    found = scripts("node")
    counts = {t: sum(bool(covering(c, "node", found)) for c in calls) for t, calls in tiers.items()}
    print("## node, every tier (endpoints.md section 5)")
    for tier, calls in tiers.items():
        if tier != "P0":
            for call in calls:
                where = covering(call, "node", found)
                if where:
                    print("  %-45s %s" % (call, ", ".join(where)))
    print("node: %d of %d methods covered (%s)" % (
        sum(counts.values()), sum(len(c) for c in tiers.values()),
        ", ".join("%s %d/%d" % (t, counts[t], len(c)) for t, c in tiers.items())))
    if missing:
        print("uncovered: " + ", ".join(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
