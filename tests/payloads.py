"""Hostile payloads shared by the core and web tests (decompression bombs)."""

from __future__ import annotations

import struct
import zlib

MB = 1 << 20


def gzip_bomb(megabytes: int) -> bytes:
    """A valid gzip member of ``megabytes`` MiB of zeros, built without inflating it.

    Once the window holds zeros, a sync-flushed deflate block of 1 MiB of zeros decodes the
    same anywhere, so it is repeated; about 1 KB per MiB.
    """
    zeros = bytes(MB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(zeros) + deflate.flush(zlib.Z_SYNC_FLUSH)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_SYNC_FLUSH)
    tail = deflate.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (megabytes * MB) & 0xFFFFFFFF)
    return header + head + block * (megabytes - 1) + tail + trailer
