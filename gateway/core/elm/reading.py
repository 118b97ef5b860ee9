"""Hardened, tracked reading of a decoded ELM 3.2 JSON-LD credential (input side of ELM → ELMO).

The input comes from a wallet presentation, so it is checked before anything is mapped: depth,
node count and text size are bounded, and a value of the wrong JSON type is a ``ConversionError``
naming its path. Every key the mapping reads is remembered; what was never read is what the
conversion report lists (``unread``), as the forward direction's ``leftovers`` does for ELMO.
Paths are slash-separated with 1-based indices, e.g. ``credentialSubject/hasClaim[2]/title``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

from gateway.core.elmo.model import Text
from gateway.errors import InvalidInput

MAX_DEPTH: Final = 48
MAX_NODES: Final = 200_000
MAX_TEXT_CHARS: Final = 16_000_000
MAX_STRING_CHARS: Final = 8_000_000
_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_IGNORED: Final = frozenset({"id", "type", "@context"})


class ConversionError(InvalidInput):
    """The ELM input cannot be converted; the message names the ELM path and the problem."""


@dataclass(frozen=True, order=True)
class NotMapped:
    """One ELM term (at ``elm_path``) that has no place in the ELMO output, and why."""

    elm_path: str
    term: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"elm_path": self.elm_path, "term": self.term, "reason": self.reason}


@dataclass
class Tracker:
    """What was read (per JSON object), the id index for references, and explicit findings."""

    index: dict[str, tuple[Mapping[str, object], str]] = field(default_factory=dict)
    read: set[tuple[int, str]] = field(default_factory=set)
    whole: set[int] = field(default_factory=set)
    findings: list[NotMapped] = field(default_factory=list)

    def add(self, path: str, term: str, reason: str) -> None:
        self.findings.append(NotMapped(path, term, reason))


def check_limits(value: object, path: str, tracker: Tracker) -> None:
    """Bound depth, node count and text; index every described node by its ``id``."""
    nodes = 0
    chars = 0
    stack: list[tuple[object, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ConversionError(f"{where or '/'}: more than {MAX_NODES} JSON values")
        if depth > MAX_DEPTH:
            raise ConversionError(f"{where}: nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            chars += len(item)
            if len(item) > MAX_STRING_CHARS or chars > MAX_TEXT_CHARS:
                raise ConversionError(f"{where}: the credential holds too much text")
        elif isinstance(item, Mapping):
            node_id = item.get("id")
            described = set(item) - _IGNORED
            if isinstance(node_id, str) and described:
                known = tracker.index.get(node_id)
                if known is None or len(known[0]) < len(item):
                    tracker.index[node_id] = (item, where)
            for key, child in item.items():
                if not isinstance(key, str):
                    raise ConversionError(f"{where}: a key is not a string")
                stack.append((child, join(where, key), depth + 1))
        elif isinstance(item, list):
            for number, child in enumerate(item, start=1):
                stack.append((child, f"{where}[{number}]", depth + 1))
        elif item is not None and not isinstance(item, bool | int | float):
            raise ConversionError(f"{where}: {type(item).__name__} is not a JSON value")


def join(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


class Obj:
    """A JSON object of the input at ``path``; every accessor marks the key as read."""

    def __init__(self, data: Mapping[str, object], path: str, tracker: Tracker) -> None:
        self.data = data
        self.path = path
        self.tracker = tracker

    def at(self, key: str) -> str:
        return join(self.path, key)

    def has(self, key: str) -> bool:
        return self.data.get(key) not in (None, [], {}, "")

    def raw(self, key: str) -> object:
        if key in self.data:
            self.tracker.read.add((id(self.data), key))
        return self.data.get(key)

    def skip(self, *keys: str) -> None:
        """Mark ``keys`` read in full, nothing taken: they repeat what is mapped elsewhere."""
        for key in keys:
            self.covered(self.raw(key))

    def covered(self, value: object) -> None:
        """``value`` and everything below it count as read."""
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Mapping):
                self.tracker.whole.add(id(item))

    def note(self, key: str, reason: str, term: str | None = None) -> None:
        """Report ``key`` as not mapped (with ``reason``) and mark it handled."""
        if self.has(key):
            self.raw(key)
            self.tracker.add(self.at(key), term or key, reason)

    def types(self) -> tuple[str, ...]:
        value = self.raw("type")
        values = value if isinstance(value, list) else [value]
        return tuple(v for v in values if isinstance(v, str))

    def node_id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    def resolved(self) -> Obj:
        """The node itself, or the full description of a bare ``{"id": …}`` reference."""
        if set(self.data) - _IGNORED:
            return self
        node_id = self.node_id()
        known = self.tracker.index.get(node_id) if node_id else None
        return self if known is None else Obj(known[0], known[1], self.tracker)

    def objs(self, key: str) -> list[Obj]:
        """An object or a list of objects (JSON-LD allows both), references resolved."""
        value = self.raw(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        found: list[Obj] = []
        for number, item in enumerate(items, start=1):
            where = f"{self.at(key)}[{number}]" if isinstance(value, list) else self.at(key)
            if isinstance(item, str) and item.strip():
                item = {"id": item}  # a bare IRI is a reference
            if not isinstance(item, Mapping):
                raise ConversionError(f"{where}: expected a JSON object")
            found.append(Obj(item, where, self.tracker).resolved())
        return found

    def one(self, key: str, why_one: str = "ELMO keeps one") -> Obj | None:
        found = self.objs(key)
        for extra in found[1:]:
            self.tracker.add(extra.path, key, why_one)
            self.tracker.whole.add(id(extra.data))
        return found[0] if found else None

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ConversionError(f"{self.at(key)}: expected a string")
        text = str(value).strip()
        return text or None

    def texts(self, key: str, *, multiline: bool = False) -> tuple[Text, ...]:
        """A language map as ELMO texts (``und`` → no ``xml:lang``); tokens get spaces collapsed."""
        value = self.raw(key)
        if value is None:
            return ()
        where = self.at(key)
        if isinstance(value, str):
            value = {"und": value}
        if not isinstance(value, Mapping):
            raise ConversionError(f"{where}: expected a language map (an object of texts)")
        self.tracker.whole.add(id(value))
        found: list[Text] = []
        for lang, entry in value.items():
            if not _LANGUAGE_TAG.fullmatch(lang):
                raise ConversionError(f"{where}/{lang}: not a language tag")
            entries = entry if isinstance(entry, list) else [entry]
            for item in entries:
                if not isinstance(item, str):
                    raise ConversionError(f"{where}/{lang}: expected a string")
                clean = item.strip() if multiline else " ".join(item.split())
                if clean:
                    found.append(Text(clean, None if lang == "und" else lang))
        return tuple(found)

    def concept_ids(self, key: str) -> list[tuple[str, Obj]]:
        """Concept IRIs (the concept nodes count as read in full: labels travel with the IRI)."""
        found: list[tuple[str, Obj]] = []
        for concept in self.objs(key):
            self.tracker.whole.add(id(concept.data))
            node_id = concept.node_id()
            if node_id is None:
                raise ConversionError(f"{concept.path}: a concept needs an id")
            found.append((node_id, concept))
        return found

    def date(self, key: str) -> date | None:
        value = self.text(key)
        return None if value is None else parse_datetime(value, self.at(key)).date()

    def datetime(self, key: str) -> datetime | None:
        value = self.text(key)
        return None if value is None else parse_datetime(value, self.at(key))

    def decimal(self, key: str) -> Decimal | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ConversionError(f"{self.at(key)}: {value[:40]!r} is not a number") from None
        if not number.is_finite() or abs(number.adjusted()) > 12:
            raise ConversionError(f"{self.at(key)}: {value[:40]!r} is out of range")
        return number


def parse_datetime(value: str, where: str) -> datetime:
    """xsd:date or xsd:dateTime; without an offset it is read as UTC."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        raise ConversionError(f"{where}: {value[:40]!r} is not a date or date-time") from None
    if parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.replace(microsecond=0)


def unread(root: Obj, reasons: Mapping[str, str], default: str) -> Iterator[NotMapped]:
    """Every key of the input that no accessor read (one entry per key, not per descendant)."""
    tracker = root.tracker
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root.data, root.path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, list):
            stack.extend((c, f"{where}[{n}]") for n, c in reversed(list(enumerate(item, 1))))
            continue
        if not isinstance(item, Mapping) or id(item) in seen or id(item) in tracker.whole:
            continue
        seen.add(id(item))
        children: list[tuple[object, str]] = []
        for key, child in item.items():
            if key in _IGNORED or child in (None, [], {}, ""):
                continue
            if (id(item), key) in tracker.read:
                children.append((child, join(where, key)))
            else:
                yield NotMapped(join(where, key), key, reasons.get(key, default))
        stack.extend(reversed(children))
