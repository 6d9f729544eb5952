"""schemathesis hooks: the XML check schemathesis lacks (see xmlcheck.py).

Loaded through SCHEMATHESIS_HOOKS=hooks (scripts/fuzz.sh puts fuzz/ on
PYTHONPATH). Every response of every generated case goes through
xmlcheck.problems(): a documented status, well-formed XML 1.0, the documented
root and only declared elements.
"""

import schemathesis

import xmlcheck


@schemathesis.check
def xml_bodies(ctx, response, case):
    """Fails a case whose XML body breaks the document (xmlcheck.problems)."""
    content_type = (response.headers.get("content-type") or [""])[0]
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssertionError(f"the body is not UTF-8: {e}") from None
    found = xmlcheck.problems(
        case.operation.schema.raw_schema,
        case.method,
        case.operation.path,
        response.status_code,
        content_type,
        text,
    )
    if found:
        raise AssertionError("; ".join(found))
    return None
