"""gzip + base64 transport form: round trip, strict base64, capped inflation, plain XML."""

from __future__ import annotations

import base64
import gzip
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from gateway.core.elmo.pack import pack_elmo, unpack_elmo
from gateway.errors import InvalidInput, PayloadTooLarge
from tests.payloads import gzip_bomb

MB = 1 << 20


def _unpack(data: str | bytes, packed: int = MB, xml: int = 4 * MB) -> bytes:
    return unpack_elmo(data, max_packed_bytes=packed, max_xml_bytes=xml)


def test_round_trip_is_gzip_then_standard_base64(signed_xml: bytes) -> None:
    packed = pack_elmo(signed_xml)
    raw = base64.b64decode(packed, validate=True)
    assert raw[:2] == b"\x1f\x8b"
    assert gzip.decompress(raw) == signed_xml
    assert packed == pack_elmo(signed_xml)  # no timestamp in the gzip header
    assert _unpack(packed) == signed_xml
    assert _unpack(packed.encode("ascii")) == signed_xml


def test_wrapped_base64_is_tolerated(signed_xml: bytes) -> None:
    packed = pack_elmo(signed_xml)
    wrapped = "\r\n".join(packed[i : i + 76] for i in range(0, len(packed), 76)) + "\n"
    assert _unpack(wrapped) == signed_xml


def test_base64_of_plain_xml_is_accepted(schema_dir: Path) -> None:
    path = schema_dir / "elmo" / "examples" / "emrex-gateway" / "sampleElmo.b64"
    xml = _unpack(path.read_text(encoding="ascii"))
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<elmo ')
    with pytest.raises(PayloadTooLarge, match="larger than 1000 bytes"):
        _unpack(path.read_text(encoding="ascii"), xml=1000)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        pytest.param("H4sI$AAA", "not base64: characters outside", id="bad-character"),
        pytest.param("H4sI-_AA", "not base64: characters outside", id="url-safe-alphabet"),
        pytest.param("H4sIAAA", "not base64", id="bad-length"),
        pytest.param("H4=sIAAA", "not base64", id="padding-inside"),
        pytest.param("åäö=", "non-ASCII", id="non-ascii"),
        pytest.param("   ", "empty", id="empty"),
        pytest.param(
            base64.b64encode(b"%PDF-1.4 not xml").decode(), "neither gzip nor XML", id="pdf"
        ),
        pytest.param(
            base64.b64encode(gzip.compress(b"<elmo/>")[:-9]).decode(), "truncated", id="truncated"
        ),
        pytest.param(
            base64.b64encode(gzip.compress(b"<elmo/>") + b"junk").decode(),
            "trailing data",
            id="trailing-data",
        ),
        pytest.param(
            base64.b64encode(b"\x1f\x8b" + b"\x00" * 30).decode(), "not valid gzip", id="bad-gzip"
        ),
    ],
)
def test_malformed_input_is_invalid(data: str, problem: str) -> None:
    with pytest.raises(InvalidInput, match=problem) as caught:
        _unpack(data)
    assert not isinstance(caught.value, PayloadTooLarge)


def test_corrupted_gzip_checksum_is_invalid() -> None:
    raw = bytearray(gzip.compress(b"<elmo>" + b"x" * 100 + b"</elmo>"))
    raw[-8] ^= 0xFF  # CRC32
    with pytest.raises(InvalidInput, match="not valid gzip"):
        _unpack(base64.b64encode(bytes(raw)))


def test_oversize_packed_input_is_refused_before_decoding() -> None:
    with pytest.raises(PayloadTooLarge, match="larger than 1048576 bytes"):
        _unpack("A" * (MB + 4))


def test_inflation_limit_is_exact() -> None:
    xml = b"<elmo>" + b"a" * 994 + b"</elmo>"  # 1007 bytes
    assert _unpack(pack_elmo(xml), xml=len(xml)) == xml
    with pytest.raises(PayloadTooLarge, match="inflates to more than 1006 bytes"):
        _unpack(pack_elmo(xml), xml=len(xml) - 1)


def test_gzip_bomb_stops_at_the_limit_without_inflating() -> None:
    bomb = gzip_bomb(1024)  # 1 GiB of zeros in ~1 MB
    assert len(bomb) < 1_100_000
    assert zlib.decompressobj(wbits=31).decompress(bomb, 3 * MB) == bytes(3 * MB)  # really zeros
    packed = base64.b64encode(bomb)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(PayloadTooLarge, match="inflates to more than 2097152 bytes"):
            unpack_elmo(packed, max_packed_bytes=2 * MB, max_xml_bytes=2 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2.0
    # base64 copy + decoded bomb + at most the limit: nowhere near a gigabyte
    assert peak < 12 * MB, peak
