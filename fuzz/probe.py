"""Deterministic probes of every documented operation, checked like the fuzzer's.

Where schemathesis draws random inputs, this sends to every operation the
requests whose answers the document most often forgets: no credentials,
an account not granted, ids that name nothing, ids holding characters XML
1.0 forbids, malformed, empty or hostile XML bodies, and each query
parameter with a value out of range or holding forbidden characters. Every answer goes
through xmlcheck.problems() (documented status, well-formed XML, the
documented root and elements). It never sends a valid body, so it changes
nothing on the server.

    python fuzz/probe.py DOC.yaml BASE ACCOUNT USER PASSWORD ADMIN_TOKEN
"""

import re
import sys
import urllib.parse
import urllib.request
import urllib.error
import base64

import yaml

import xmlcheck

METHODS = ("get", "put", "post", "delete", "patch")
# \x01 and U+FFFE are not XML 1.0 characters; a server that echoes them
# into an error body writes a document no XML parser accepts.
HOSTILE = "a\x01b\ufffe"
BAD_BODIES = [
    "<Unclosed",
    "",
    f"<Thing><Name>{HOSTILE}</Name></Thing>",
]


def fill(path, account, hostile):
    """A concrete URL path: the account, and ids that name nothing."""

    def value(m):
        name = m.group(1)
        if name == "accountId":
            return account
        if hostile:
            return urllib.parse.quote(HOSTILE)
        if name == "tn":
            return "2025550199"
        return "987654"

    return re.sub(r"\{([^}]+)\}", value, path)


def send(method, url, headers, body=None):
    data = body.encode("utf-8") if body is not None else None
    req = urllib.request.Request(url, data=data, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read().decode("utf-8", "replace")


def main():
    doc_file, base, account, user, password, admin = sys.argv[1:7]
    doc = yaml.safe_load(open(doc_file, encoding="utf-8"))
    origin = re.match(r"https?://[^/]+", base).group()
    basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    failures = []
    sent = 0
    for path, item in doc["paths"].items():
        root = item.get("servers") == [{"url": "/"}]
        for method, op in item.items():
            if method not in METHODS:
                continue
            open_op = op.get("security") == []
            admin_op = path.startswith("/admin")
            auth = {"Authorization": f"Bearer {admin}" if admin_op else basic}
            probes = []
            if not open_op:
                probes.append(("no credentials", fill(path, account, False), {}, None))
            if "{accountId}" in path:
                probes.append(("an account not granted", fill(path, "1234567", False), auth, None))
            if re.search(r"\{(?!accountId)", path):
                probes.append(("ids naming nothing", fill(path, account, False), auth, None))
                probes.append(("ids with forbidden characters", fill(path, account, True), auth, None))
            if "requestBody" in op:
                for body in BAD_BODIES:
                    probes.append((f"body {body[:20]!r}", fill(path, account, False), auth, body))
            probes.append(("a query with forbidden characters", fill(path, account, False) + "?x=" + urllib.parse.quote(HOSTILE), auth, None))
            for param in op.get("parameters", []):
                param = xmlcheck.resolve(doc, param)
                if param.get("in") == "query":
                    for bad in ("-1", HOSTILE):
                        query = urllib.parse.urlencode({param["name"]: bad})
                        probes.append((f"query {query}", fill(path, account, False) + "?" + query, auth, None))
            for what, url_path, headers, body in probes:
                url = (origin if root else base) + url_path
                h = dict(headers)
                if body is not None:
                    h["Content-Type"] = "application/json" if admin_op else "application/xml"
                status, ctype, text = send(method, url, h, body)
                sent += 1
                for p in xmlcheck.problems(doc, method, path, status, ctype, text):
                    failures.append(f"{method.upper()} {path} ({what}) -> {status}: {p}")
    for f in failures:
        print(f)
    print(f"probe: {sent} requests, {len(failures)} problem(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
