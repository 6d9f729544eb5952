"""Checks an XML response body against the OpenAPI document that describes it.

schemathesis validates JSON bodies only; tnhub's customer API answers XML.
`problems()` says what is wrong with one response: a status the operation
does not document, a body that is not well-formed XML 1.0 (a strict parser,
plus an explicit scan for the characters XML 1.0 forbids), a root element
other than the documented schema's, or an element the schema does not
declare. The mapping from schema to XML is OpenAPI's: an object's property
is an element named by its `xml.name` (else the property name); an array
property is its items repeated (named by the items' `xml.name`), inside a
wrapper element when `xml.wrapped`. A schema that declares no properties
(a free-form object or `{}`) accepts any content.
"""

import re
import xml.etree.ElementTree as ET

# XML 1.0 (fifth edition) Char: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD,
# U+10000-U+10FFFF. Anything else may not appear, raw or as a reference.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")


def resolve(doc, node):
    """Follows local `$ref`s (`#/components/...`)."""
    seen = 0
    while isinstance(node, dict) and "$ref" in node:
        at = doc
        for part in node["$ref"].lstrip("#/").split("/"):
            at = at[part]
        node = at
        seen += 1
        if seen > 32:
            raise ValueError("a $ref cycle")
    return node


def ref_name(node):
    """The component name a `$ref` points at, if any."""
    if isinstance(node, dict) and "$ref" in node:
        return node["$ref"].rsplit("/", 1)[-1]
    return None


def documented_response(doc, op, status):
    responses = op.get("responses", {})
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return resolve(doc, responses[key])
    return None


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _merged(doc, schema):
    """An object schema with `allOf`/`oneOf`/`anyOf` members folded in."""
    schema = resolve(doc, schema)
    if not isinstance(schema, dict):
        return {}
    props = dict(schema.get("properties", {}))
    free = "properties" not in schema
    for key in ("allOf", "oneOf", "anyOf"):
        for member in schema.get(key, []):
            m = _merged(doc, member)
            if "properties" in m:
                props.update(m["properties"])
                free = False
    if free and schema.get("type") == "array":
        return schema
    out = dict(schema)
    if not free:
        out["properties"] = props
    return out


def _xml_name(doc, schema, default):
    s = resolve(doc, schema) if isinstance(schema, dict) else {}
    return (s.get("xml") or {}).get("name") or default


def _children_by_name(doc, schema):
    """Maps each element name an object schema allows to the schema of that element.

    Returns None when the schema accepts any content."""
    schema = _merged(doc, schema)
    if "properties" not in schema:
        return None
    out = {}
    for key, prop in schema["properties"].items():
        p = resolve(doc, prop)
        if isinstance(p, dict) and p.get("type") == "array":
            items = p.get("items", {})
            item_name = _xml_name(doc, items, key)
            if (p.get("xml") or {}).get("wrapped"):
                out[_xml_name(doc, p, key)] = ("wrapper", items, item_name)
            else:
                out[item_name] = ("element", items)
        else:
            out[_xml_name(doc, prop, key)] = ("element", prop)
    return out


def _check_element(doc, el, schema, where, out):
    allowed = _children_by_name(doc, schema)
    if allowed is None:
        return
    for child in el:
        name = _local(child.tag)
        here = f"{where}/{name}"
        if name not in allowed:
            out.append(f"element {here} is not declared in the schema")
            continue
        entry = allowed[name]
        if entry[0] == "wrapper":
            _, items, item_name = entry
            for item in child:
                iname = _local(item.tag)
                if iname != item_name:
                    out.append(f"element {here}/{iname} is not declared (the list holds {item_name})")
                else:
                    _check_element(doc, item, items, f"{here}/{iname}", out)
        else:
            _check_element(doc, child, entry[1], here, out)


def well_formed(text):
    """Why `text` is not well-formed XML 1.0, or None."""
    bad = FORBIDDEN.search(text)
    if bad:
        return f"character U+{ord(bad.group()):04X} is not allowed in XML 1.0 (at {bad.start()})"
    for ref in CHAR_REF.finditer(text):
        v = ref.group(1)
        code = int(v[1:], 16) if v.startswith("x") else int(v)
        if FORBIDDEN.match(chr(code)) if code < 0x110000 else True:
            return f"character reference {ref.group()} names a character XML 1.0 forbids"
    try:
        ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        return f"not well-formed XML: {e}"
    return None


def problems(doc, method, path, status, content_type, text):
    """Everything wrong with one response of `method path` (a path template)."""
    ct = (content_type or "").split(";")[0].strip().lower()
    op = doc["paths"].get(path, {}).get(method.lower())
    if op is None:
        # A method the path does not document (the fuzzer tries TRACE and
        # the like): what it answers must still be well-formed.
        why = well_formed(text) if ct.endswith("xml") and text else None
        return [why] if why else []
    response = documented_response(doc, op, status)
    if response is None:
        return [f"status {status} is not documented"]
    if not ct.endswith("xml") or not text:
        return []
    out = []
    why = well_formed(text)
    if why:
        return [why]
    content = response.get("content") or {}
    media = next((v for k, v in content.items() if k.endswith("xml")), None)
    if media is None:
        return [f"an XML body, but {status} documents no XML content"]
    if "schema" not in media:
        return [f"an XML body, but {status} has no XML schema"]
    root = ET.fromstring(text.encode("utf-8"))
    got = _local(root.tag)
    # A status answered in several shapes documents them as `oneOf`.
    top = resolve(doc, media["schema"])
    candidates = top.get("oneOf") or top.get("anyOf") or [media["schema"]]
    roots = []
    for schema in candidates:
        expected = _xml_name(doc, schema, ref_name(schema))
        roots.append(expected)
        if expected is None or expected == got:
            _check_element(doc, root, schema, got, out)
            return out
    return [f"root <{got}>, but the documented schema's root is <{'> or <'.join(roots)}>"]
