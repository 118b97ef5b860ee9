"""Structured-but-wrong inputs: mutations of valid documents, hostile values, random bytes.

Every property test here asserts the same thing: a parser given anything answers with a value
or one of the gateway's typed errors (``GatewayError``), never ``KeyError``, ``ValueError``,
``TypeError``, ``RecursionError`` or a library's internals. ``GATEWAY_FUZZ_EXAMPLES`` raises
the number of examples per test (default: modest, for ``make test``).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from lxml import etree

from gateway.errors import GatewayError

T = TypeVar("T")
EXAMPLES = int(os.environ.get("GATEWAY_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
HTTP_FUZZ = settings(FUZZ, max_examples=max(10, EXAMPLES // 3))


def typed(call: Callable[..., T], *args: Any, **kwargs: Any) -> T | GatewayError:
    """The call's value or its GatewayError; any other exception fails the property."""
    try:
        return call(*args, **kwargs)
    except GatewayError as exc:
        error = exc
    assert error.message, f"{type(error).__name__} without a message"
    return error


# --- values ---------------------------------------------------------------------------------

HOSTILE_STRINGS = [
    "",
    " ",
    "\t\n",
    "\x00",
    "\x7f\x1b[31m",
    "\u202eevil",
    "e\u0301\u0301\u0301",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎓",
    "\uffff\ufffe",
    "٣٤٥",
    "9" * 4400,
    "-1e309",
    "1e-400",
    "NaN",
    "Infinity",
    "0x1F",
    "1990-02-30",
    "2020-13-01T25:61:61Z",
    "-999999999-01-01",
    "<script>alert(1)</script>",
    "'; DROP TABLE learners; --",
    "%s%n%x",
    "../../../etc/passwd",
    "A" * 3000,
]
#: XML can carry neither NUL nor lone surrogates: the tree mutations draw from these.
XML_SAFE_STRINGS = [s for s in HOSTILE_STRINGS if "\x00" not in s and "\x1b" not in s]
XML_SAFE_STRINGS = [s for s in XML_SAFE_STRINGS if "\uffff" not in s and "\x7f" not in s]

text_values = st.sampled_from(HOSTILE_STRINGS) | st.text(max_size=30)
xml_text = st.sampled_from(XML_SAFE_STRINGS) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**30), 2**63, -1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | text_values
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def deep_json(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


# --- bytes ----------------------------------------------------------------------------------

SNIPPETS = [
    b'<!DOCTYPE x [<!ENTITY a "b">]>',
    b'<!ENTITY e SYSTEM "file:///etc/passwd">',
    b"&e;",
    b"&#0;",
    b"]]>",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\x00",
    b"<?xml-stylesheet href='http://evil/'?>",
    b"<a:b xmlns:a=''/>",
    b"9" * 4400,
    b'"' + b"\\ud800" + b'"',
    b"[" * 2000,
]


@st.composite
def mutated_bytes(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with a few byte-level edits: truncation, insertion, deletion, flips, snippets."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["truncate", "insert", "delete", "flip", "snippet", "repeat"]))
        if kind == "truncate":
            del data[where:]
        elif kind == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif kind == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif kind == "snippet":
            data[where:where] = draw(st.sampled_from(SNIPPETS))
        elif kind == "repeat":
            data[where:where] = bytes(data[where : where + 64]) * draw(st.integers(2, 50))
    return bytes(data)


# --- JSON -----------------------------------------------------------------------------------


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated_json(draw: st.DrawFn, base: Any) -> Any:
    """A deep copy of ``base`` with values replaced, keys dropped or added, lists duplicated."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(doc)))
        if not path:
            if draw(st.booleans()):
                doc = draw(json_values)
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        kind = draw(st.sampled_from(["replace", "drop", "add", "double"]))
        if kind == "replace":
            parent[last] = draw(json_values)
        elif kind == "drop":
            del parent[last]
        elif kind == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        elif kind == "double" and isinstance(parent[last], list):
            parent[last] = parent[last] * 2
    return doc


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


# --- XML trees ------------------------------------------------------------------------------


@st.composite
def mutated_xml(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` re-serialised after tree edits: elements dropped, doubled, moved, renamed, texts
    and attributes replaced by hostile values, deep nesting inserted."""
    root = etree.fromstring(base)  # the test's own copy of a document it built itself
    for _ in range(draw(st.integers(1, 5))):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        target = draw(st.sampled_from(elements))
        parent = target.getparent()
        kind = draw(
            st.sampled_from(["drop", "double", "text", "attr", "rename", "nest", "move", "clear"])
        )
        if kind == "drop" and parent is not None:
            parent.remove(target)
        elif kind == "double" and parent is not None:
            parent.insert(parent.index(target), copy.deepcopy(target))
        elif kind == "text":
            target.text = draw(xml_text)
        elif kind == "attr":
            names = [
                *target.attrib.keys(),
                "id",
                "type",
                "{http://www.w3.org/XML/1998/namespace}lang",
            ]
            target.set(str(draw(st.sampled_from(names))), draw(xml_text))
        elif kind == "rename":
            other = draw(st.sampled_from(elements))
            target.tag = other.tag
        elif kind == "nest":
            holder = target
            for _ in range(draw(st.sampled_from([2, 50, 120, 300]))):
                holder = etree.SubElement(holder, target.tag)
        elif kind == "move" and parent is not None:
            destination = draw(st.sampled_from(elements))
            if target not in destination.iterancestors() and destination is not target:
                destination.append(target)
        elif kind == "clear":
            target.clear()
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")
