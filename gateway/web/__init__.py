"""The aiohttp surface: the only module tree that imports aiohttp."""
