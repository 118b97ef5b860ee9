"""Pure, synchronous protocol logic: no I/O, no aiohttp, no SQL."""
