"""`gateway elm to-elmo FILE [--out FILE]`: Karin's ELM credential back to ELMO, and bad files."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from tests.test_cli import KARIN, run
from tests.test_cli_wallet import config

__all__ = ["config"]  # the migrated, seeded deployment of test_cli_wallet, a fixture here too


def test_to_elmo_writes_valid_elmo_and_prints_the_report(
    config: Path, tmp_path: Path, schema_dir: Path
) -> None:
    elmo = tmp_path / "karin.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--out", str(elmo))
    credentials = json.loads(run(config, "elm", "convert", str(elmo)).stdout)
    source = tmp_path / "credential.json"
    source.write_text(json.dumps({"vct": "urn:eudi:elm:1", "elm": credentials[0]}), "utf-8")
    out = tmp_path / "back.xml"
    done = run(config, "elm", "to-elmo", str(source), "--out", str(out))
    report = json.loads(done.stdout)
    assert report["schema"] == "valid against ELMO 1.7.0"
    assert report["written"] == str(out)
    (first,) = report["reports"]
    assert first["opportunities"] >= 1
    terms = {item["term"] for item in report["not_mapped"]}
    assert {"displayParameter", "evidence"} <= terms
    assert all(item["elm_path"] and item["reason"] for item in report["not_mapped"])
    root = etree.fromstring(out.read_bytes())
    ElmoSchema.load(schema_dir).validate(root)
    assert parse_elmo(root).learner.identifier("nationalIdentifier") == KARIN


def test_to_elmo_refuses_bad_files_with_the_reason(config: Path, tmp_path: Path) -> None:
    text = tmp_path / "text.json"
    text.write_text("not json", "utf-8")
    done = run(config, "elm", "to-elmo", str(text), check=False)
    assert done.returncode != 0
    assert "is not JSON" in done.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"credentialSubject": {"hasClaim": [7]}}), "utf-8")
    done = run(config, "elm", "to-elmo", str(broken), check=False)
    assert done.returncode != 0
    assert "credentialSubject/givenName: the learner has no name" in done.stderr
