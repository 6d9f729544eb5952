"""Shared plumbing for the Python conformance scripts (bandwidth-numbers-sdk 1.2.0).

Interface (kept stable for the Rust test that spawns these scripts):
  in:  TNHUB_BASE_URL (API endpoint incl. prefix, e.g. http://127.0.0.1:41234/api),
       TNHUB_ACCOUNT_ID, TNHUB_USER, TNHUB_PASSWORD
  out: one line per step on stdout ("ok   <step> -> <detail>"); on the first failure a
       "FAIL <step>: <message>" line followed by indented "status:" / "request:" / "response:"
       lines, then exit code 1. Exit code 2 = bad configuration. Exit 0 = every step passed.
"""

import os
import random
import string
import sys
import time
import traceback

try:
    import requests
    from bandwidth_numbers import Account, Client, RestError
except ImportError:  # pragma: no cover
    print("FAIL setup: bandwidth-numbers-sdk is not installed; run scripts/setup-conformance.sh "
          "and use conformance/python/.venv/bin/python")
    sys.exit(2)


def _env(name):
    v = os.environ.get(name)
    if not v:
        print("FAIL setup: environment variable %s is not set" % name)
        print("     needs TNHUB_BASE_URL (e.g. http://127.0.0.1:8080/api), TNHUB_ACCOUNT_ID, TNHUB_USER, TNHUB_PASSWORD")
        sys.exit(2)
    return v


# OAuth mode (conformance/oauth.sh): TNHUB_CLIENT_ID + TNHUB_CLIENT_SECRET, or a ready
# TNHUB_ACCESS_TOKEN, and no base URL: the SDK keeps Bandwidth's default hosts.
CLIENT_ID = os.environ.get("TNHUB_CLIENT_ID", "")
CLIENT_SECRET = os.environ.get("TNHUB_CLIENT_SECRET", "")
ACCESS_TOKEN = os.environ.get("TNHUB_ACCESS_TOKEN", "")
OAUTH = bool((CLIENT_ID and CLIENT_SECRET) or ACCESS_TOKEN)
BASE_URL = os.environ.get("TNHUB_BASE_URL", "") if OAUTH else _env("TNHUB_BASE_URL").rstrip("/")
ACCOUNT_ID = _env("TNHUB_ACCOUNT_ID")
USER = "" if OAUTH else _env("TNHUB_USER")
PASSWORD = "" if OAUTH else _env("TNHUB_PASSWORD")
AREA_CODE = os.environ.get("TNHUB_AREA_CODE", "919")
STATE = os.environ.get("TNHUB_STATE", "NC")

if ACCESS_TOKEN:
    client = Client(account_id=ACCOUNT_ID, access_token=ACCESS_TOKEN,
                    access_token_expiration=int(time.time()) + 3000)
elif OAUTH:
    client = Client(account_id=ACCOUNT_ID, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
else:
    client = Client(url=BASE_URL, account_id=ACCOUNT_ID, username=USER, password=PASSWORD)
account = Account(client=client)

# Unique per run; letters and digits only (peer names must be alphanumeric).
RUN = format(int(time.time() * 1000), "x")[-8:] + "".join(random.choice(string.ascii_lowercase) for _ in range(4))


class AssertionFailed(Exception):
    pass


def expect(cond, message):
    if not cond:
        raise AssertionFailed(message)


def expect_eq(actual, expected, what):
    expect(str(actual) == str(expected), "%s: expected %r, got %r" % (what, str(expected), actual))


def http_status(err):
    """HTTP status carried by a client exception (RestError hides the HTTPError in __context__)."""
    e = err
    while e is not None:
        resp = getattr(e, "response", None)
        if resp is not None and getattr(resp, "status_code", None) is not None:
            return resp.status_code, resp
        e = e.__context__
    return None, None


_current = ["(start)"]


def _fail(err):
    if isinstance(err, AssertionFailed):
        print("FAIL %s: %s" % (_current[0], err))
    else:
        print("FAIL %s: %s: %s" % (_current[0], type(err).__name__, err))
        status, resp = http_status(err)
        if status is not None:
            print("     status: %s" % status)
            print("     request: %s %s" % (resp.request.method, resp.request.url))
            text = resp.text
            print("     response: %s" % (text if text else "(empty body)"))
        else:
            for line in traceback.format_exception(type(err), err, err.__traceback__)[-4:-1]:
                print("     " + line.strip().replace("\n", "\n     "))
    sys.stdout.flush()
    sys.exit(1)


class Out(object):
    def __init__(self, value, detail):
        self.value = value
        self.detail = detail


def out(value, detail):
    """Return out(value, "detail") from a step to get value back and print the detail."""
    return Out(value, detail)


def step(name, fn):
    """Runs one step; fn returns a detail string or out(value, detail). Any exception ends the script."""
    _current[0] = name
    try:
        result = fn()
    except SystemExit:
        raise
    except BaseException as err:  # noqa: BLE001 - every failure is reported the same way
        _fail(err)
    detail = result if isinstance(result, str) else (result.detail if isinstance(result, Out) else None)
    print("ok   %s%s" % (name, (" -> " + detail) if detail else ""))
    sys.stdout.flush()
    return result.value if isinstance(result, Out) else result


def expect_http_error(fn, accept=lambda s: 400 <= s < 500, what="a 4xx"):
    """Expects fn() to raise a client error whose HTTP status satisfies accept(); returns the status."""
    try:
        result = fn()
    except (RestError, requests.exceptions.HTTPError) as err:
        status, resp = http_status(err)
        if status is not None and accept(status):
            return status
        if status is None:
            raise
        raise AssertionFailed("expected %s, got HTTP %s: %s" % (what, status, resp.text[:500]))
    raise AssertionFailed("expected %s, but the call succeeded (%r)" % (what, result))


def is_gone(s):
    return s in (404, 400)


def poll(fn, done, timeout=20.0, interval=0.25):
    start = time.time()
    while True:
        last = fn()
        if done(last) or time.time() - start > timeout:
            return last
        time.sleep(interval)


def items(x):
    """BaseResourceList -> list; None -> []."""
    if x is None:
        return []
    return list(getattr(x, "items", x))


def finish():
    print("ok   all steps passed")
    sys.exit(0)


ADDRESS = {"house_number": "900", "street_name": "Main Campus", "street_suffix": "Dr", "city": "Raleigh",
           "state_code": "NC", "zip": "27606", "country": "United States", "address_type": "Service"}


def admin_token():
    """The operator plane's bearer token (TNHUB_ADMIN_TOKEN); scripts that play the losing carrier
    need it, and stop with exit code 2 without it (a configuration problem, not a skip)."""
    t = os.environ.get("TNHUB_ADMIN_TOKEN")
    if not t:
        print("FAIL setup: environment variable TNHUB_ADMIN_TOKEN is not set "
              "(this script forces port-in states through /admin)")
        sys.exit(2)
    return t


def admin(method, path, body=None):
    """Calls the operator plane (origin of TNHUB_BASE_URL + /admin + path, JSON); raises on non-2xx."""
    origin = "/".join(BASE_URL.split("/")[:3])
    r = requests.request(method, origin + "/admin" + path, json=body,
                         headers={"Authorization": "Bearer " + admin_token()})
    r.raise_for_status()
    return r.json() if r.content else None
