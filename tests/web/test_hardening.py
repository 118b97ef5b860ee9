"""The hostile-input suite, surface by surface (issue #7): `pytest tests/web/test_hardening.py`.

XXE, billion laughs, gzip bombs, signature wrapping, oversize bodies, wrong content types, CSRF,
XSS in every reflected field, open redirects, SQL metacharacters and replays; each case asserts
the response and that no data changed. The cases of each surface live in ``tests/web/hardening/``
(one module per surface, under the module size limit) and are collected here, with their
fixtures.
"""

from __future__ import annotations

from tests.web.hardening.client_return import *  # noqa: F403
from tests.web.hardening.contact_point import *  # noqa: F403
from tests.web.hardening.import_files import *  # noqa: F403
from tests.web.hardening.login import *  # noqa: F403
from tests.web.hardening.oots import *  # noqa: F403
from tests.web.hardening.registry import *  # noqa: F403
from tests.web.hardening.wallet import *  # noqa: F403
