"""`gateway elm convert|check --micro` as an operator runs them: real processes, a seeded store."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.storage.helpers import rows
from tests.test_cli import KARIN, run
from tests.test_cli_wallet import config

__all__ = ["config"]  # the migrated, seeded deployment of test_cli_wallet, a fixture here too


@pytest.fixture(scope="module")
def karin_elmo(config: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("elmo") / "karin.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--out", str(out))
    return out


def test_convert_micro_prints_one_credential_per_complete_course(
    config: Path, karin_elmo: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    done = run(config, "elm", "convert", str(karin_elmo), "--micro", "--report", str(report))
    credentials = json.loads(done.stdout)
    titles = [c["credentialSubject"]["hasClaim"][0]["title"]["en"] for c in credentials]
    assert "Database Design I" in titles
    assert "Linear Algebra and Geometry I" not in titles
    assert all(c["credentialProfiles"][0]["prefLabel"]["en"] == "Generic" for c in credentials)
    assert "not a micro-credential: 1MA025 'Linear Algebra and Geometry I'" in done.stderr
    assert "element 6: the syllabus states no learning outcomes" in done.stderr
    assert "element 9: the syllabus states no form of assessment" in done.stderr  # EC7113
    courses = json.loads(report.read_text(encoding="utf-8"))
    issued = [c for c in courses if c["credential_id"] is not None]
    assert [c["credential_id"] for c in issued] == [c["id"] for c in credentials]
    assert {c["code"]: c["missing"] for c in courses if not c["eligible"]}["1MA025"] == [6]

    checked = run(config, "elm", "check", str(tmp_path / "m.json"), check=False)
    assert checked.returncode != 0
    (tmp_path / "m.json").write_text(done.stdout, encoding="utf-8")
    checked = run(config, "elm", "check", str(tmp_path / "m.json"))
    assert [(r["present"], r["missing"]) for r in json.loads(checked.stdout)] == [(11, [])] * len(
        credentials
    )


def test_check_micro_gives_every_course_its_verdict(config: Path, karin_elmo: Path) -> None:
    done = run(config, "elm", "check", str(karin_elmo), "--micro")
    courses = {c["code"]: c for c in json.loads(done.stdout)}
    assert courses["1DL301"]["eligible"] is True
    assert courses["1DL301"]["present"] == 11
    assert courses["EC7113"]["missing"] == [9]
    assert courses["EC7113"]["gaps"][0]["reason"] == "no-assessment"
    assert courses["1DL301-TEN1"]["eligible"] is False


def test_a_foreign_elmo_says_which_elements_could_not_be_filled(
    config: Path, schema_dir: Path
) -> None:
    foreign = schema_dir / "elmo" / "example.xml"  # the University of Oslo's official example
    done = run(config, "elm", "convert", str(foreign), "--micro")
    assert json.loads(done.stdout) == []
    assert (
        "elements 6, 9, 10, 11: the awarding institution is not in this gateway's results store"
        in done.stderr
    )
    checked = json.loads(run(config, "elm", "check", str(foreign), "--micro").stdout)
    assert checked
    assert all({6, 9, 10, 11} <= set(c["missing"]) for c in checked)


def test_plain_check_of_a_transcript_is_unchanged(config: Path, karin_elmo: Path) -> None:
    done = run(config, "elm", "check", str(karin_elmo))
    reports = json.loads(done.stdout)
    assert [r["missing"] for r in reports] == [[6, 9, 10, 11]] * 3


def _result_id(config: Path, code: str) -> int:
    url = str(tomllib.loads(config.read_text(encoding="utf-8"))["database"]["url"])
    ((result_id,),) = rows(
        url,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "JOIN opportunities o ON o.id = r.opportunity_id WHERE l.national_id = ? AND o.code = ?",
        KARIN,
        code,
    )
    return int(result_id)


def test_wallet_offer_micro_offers_every_complete_course_in_three_formats(config: Path) -> None:
    done = run(config, "wallet", "offer", "--learner", KARIN, "--micro")
    credentials = [line for line in done.stdout.splitlines() if line.startswith("credential ")]
    elm = [line for line in credentials if line.endswith("Europass ELM (Annex I missing: none)")]
    flat = [line for line in credentials if line.endswith(": EU micro-credential")]
    badges = [line for line in credentials if line.endswith(": Open Badge")]
    assert len(elm) == len(flat) == len(badges) == len(credentials) // 3 >= 5
    assert any("Database Design I (Uppsala University)" in line for line in elm)
    assert not any("Linear Algebra" in line for line in credentials)

    one = run(config, "wallet", "offer", "--learner", KARIN, "--micro", "--select",
              str(_result_id(config, "1DL301")))  # fmt: skip
    assert [line.split(": ", 1)[1] for line in one.stdout.splitlines()[4:]] == [
        "Database Design I (Uppsala University): Europass ELM (Annex I missing: none)",
        "Database Design I (Uppsala University): EU micro-credential",
        "Database Design I (Uppsala University): Open Badge",
    ]
    refused = run(config, "wallet", "offer", "--learner", KARIN, "--micro", "--select",
                  str(_result_id(config, "1MA025")), check=False)  # fmt: skip
    assert refused.returncode == 1
    assert "is not a complete micro-credential: element(s) 6 missing" in refused.stderr
    both = run(config, "wallet", "offer", "--learner", KARIN, "--micro", "--import", "1",
               check=False)  # fmt: skip
    assert both.returncode == 1
    assert "--micro" in both.stderr
