"""`gateway badge issue` as an operator runs it: a real process on the seeded store."""

from __future__ import annotations

import io
import json
from pathlib import Path

from lxml import etree
from PIL import Image

from tests.test_cli import KARIN, run
from tests.test_cli_wallet import config

__all__ = ["config"]  # the migrated, seeded deployment of test_cli_wallet, a fixture here too


def test_badge_issue_writes_the_credential_and_the_baked_images(
    config: Path, tmp_path: Path
) -> None:
    out = tmp_path / "badges"
    done = run(
        config, "badge", "issue", "--learner", KARIN, "--course", "1DL301", "--out", str(out)
    )
    written = [Path(line) for line in done.stdout.splitlines()]
    assert [p.name for p in written] == ["1DL301.jwt", "1DL301.json", "1DL301.svg", "1DL301.png"]
    jwt = (out / "1DL301.jwt").read_text(encoding="ascii").strip()
    credential = json.loads((out / "1DL301.json").read_text(encoding="utf-8"))
    assert credential["credentialSubject"]["achievement"]["name"] == "Database Design I"
    assert KARIN not in (out / "1DL301.json").read_text(encoding="utf-8")
    png = Image.open(io.BytesIO((out / "1DL301.png").read_bytes()))
    assert png.text["openbadgecredential"] == jwt  # type: ignore[attr-defined]
    assert etree.fromstring((out / "1DL301.svg").read_bytes())[0].get("verify") == jwt


def test_badge_issue_says_why_a_course_is_no_badge(config: Path, tmp_path: Path) -> None:
    refused = run(config, "badge", "issue", "--learner", KARIN, "--course", "1MA025",
                  "--out", str(tmp_path), check=False)  # fmt: skip
    assert refused.returncode == 1
    assert "not a complete micro-credential: element 6" in refused.stderr
    unknown = run(config, "badge", "issue", "--learner", KARIN, "--course", "XX0000",
                  "--out", str(tmp_path), check=False)  # fmt: skip
    assert unknown.returncode != 0
    assert "no passed course XX0000" in unknown.stderr
    assert list(tmp_path.iterdir()) == []
