"""A Status List's bit string (Token Status List §4): packing LSB first, zlib, capped inflation."""

from __future__ import annotations

import enum
import zlib
from collections.abc import Iterable, Mapping
from typing import Final

from gateway.errors import InvalidInput

ALLOWED_BITS: Final = (1, 2, 4, 8)
"""Bits per entry the format allows (§4.1); we write 1 (valid/invalid) or 2 (with suspended)."""
COMPRESSION_LEVEL: Final = 9
"""§4.1 recommends the highest level; a mostly-zero list compresses to a few hundred bytes."""


class StatusListError(InvalidInput):
    """A status list (or the reference into one) is malformed; ``reason`` is a stable code."""

    def __init__(self, reason: str, message: str, *, detail: str | None = None) -> None:
        super().__init__(message, detail=detail)
        self.reason = reason


class StatusValue(enum.IntEnum):
    """Status Types (§7.1): the values we write and the ones a verifier interprets."""

    VALID = 0x00
    INVALID = 0x01
    SUSPENDED = 0x02


class StatusBits:
    """``size`` entries of ``bits`` bits each; entry ``i`` sits in byte ``i * bits // 8``,
    counted from the least significant bit (§4.1)."""

    __slots__ = ("_data", "bits", "size")

    def __init__(self, size: int, bits: int = 1, data: bytes | bytearray | None = None) -> None:
        if bits not in ALLOWED_BITS:
            raise StatusListError("status_list_bits", f"bits must be one of {ALLOWED_BITS}")
        if size < 1 or (size * bits) % 8:
            raise StatusListError("status_list_size", "size * bits must fill whole bytes")
        length = size * bits // 8
        if data is not None and len(data) != length:
            raise StatusListError("status_list_size", "status list data has the wrong length")
        self.size = size
        self.bits = bits
        self._data = bytearray(data) if data is not None else bytearray(length)

    @classmethod
    def with_values(
        cls, size: int, bits: int, values: Mapping[int, int] | Iterable[tuple[int, int]]
    ) -> StatusBits:
        """A list of ``size`` VALID entries with the given ``index → value`` set."""
        result = cls(size, bits)
        items = values.items() if isinstance(values, Mapping) else values
        for index, value in items:
            result.set(index, value)
        return result

    def _locate(self, index: int) -> tuple[int, int]:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.size:
            raise StatusListError("status_list_index_out_of_range", "index outside the list")
        position = index * self.bits
        return position // 8, position % 8

    def get(self, index: int) -> int:
        byte, shift = self._locate(index)
        return (self._data[byte] >> shift) & ((1 << self.bits) - 1)

    def set(self, index: int, value: int) -> None:
        byte, shift = self._locate(index)
        mask = (1 << self.bits) - 1
        if not 0 <= value <= mask:
            raise StatusListError(
                "status_list_value", f"value {value} does not fit {self.bits} bit"
            )
        self._data[byte] = (self._data[byte] & ~(mask << shift) & 0xFF) | (value << shift)

    def to_bytes(self) -> bytes:
        return bytes(self._data)

    def compressed(self) -> bytes:
        """DEFLATE in the ZLIB format (RFC 1950), as ``lst`` carries it before base64url."""
        return zlib.compress(self._data, COMPRESSION_LEVEL)

    @classmethod
    def decompress(cls, data: bytes, bits: int, *, max_bytes: int) -> StatusBits:
        """Inflate ``lst``; more than ``max_bytes`` inflated is refused (no zlib bombs)."""
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(data, max_bytes)
            if inflater.unconsumed_tail:
                raise StatusListError("status_list_too_large", "status list inflates too large")
            raw += inflater.flush()
        except zlib.error as exc:
            raise StatusListError(
                "status_list_malformed", "lst is not zlib data", detail=str(exc)
            ) from None
        if not inflater.eof or inflater.unused_data:
            raise StatusListError("status_list_malformed", "lst is not one complete zlib stream")
        if not raw:
            raise StatusListError("status_list_malformed", "lst is empty")
        return cls(len(raw) * 8 // bits, bits, raw)

    def count(self, value: int) -> int:
        """How many entries hold ``value`` (operators' figures; 1-bit lists counted fast)."""
        if self.bits == 1:
            ones = int.from_bytes(self._data, "little").bit_count()
            return ones if value == 1 else self.size - ones if value == 0 else 0
        return sum(1 for i in range(self.size) if self.get(i) == value)
