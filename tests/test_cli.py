"""The `gateway` command as an operator uses it: real processes, a temp config, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.storage.helpers import Backend

GATEWAY = [sys.executable, "-m", "gateway"]
KARIN = "19900315-2389"


def run(config: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*GATEWAY, "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def config(
    tmp_path_factory: pytest.TempPathFactory, schema_dir: Path, database_backend: Backend
) -> Path:
    """A deployment in a temp folder: migrated, seeded, with generated certificates."""
    home = tmp_path_factory.mktemp("deployment")
    path = home / "gateway.toml"
    path.write_text(
        f"""
[server]
public_url = "http://127.0.0.1:8080"
[database]
url = "{database_backend.empty(home)}"
[signing]
cert = "{home}/certs/elmo.crt"
key = "{home}/certs/elmo.key"
ca_cert = "{home}/certs/ca.crt"
ca_key = "{home}/certs/ca.key"
[wallet]
signing_cert = "{home}/certs/wallet.crt"
signing_key = "{home}/certs/wallet.key"
[registry]
source = "{home}/registry.json"
[schemas]
dir = "{schema_dir}"
[logging]
format = "text"
""",
        encoding="utf-8",
    )
    run(path, "db", "upgrade")
    run(path, "seed", "--demo")
    created = run(path, "certs")
    assert "created" in created.stdout
    return path


def test_certs_are_kept_unless_forced(config: Path) -> None:
    assert "kept" in run(config, "certs").stdout
    home = config.parent
    key = (home / "certs/elmo.key").read_bytes()
    assert (home / "certs/elmo.key").stat().st_mode & 0o077 == 0
    run(config, "certs", "--force")
    assert (home / "certs/elmo.key").read_bytes() != key


def test_export_then_verify(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "karin.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--out", str(out))
    verified = run(config, "elmo", "verify", str(out), "--schema")
    line = verified.stdout.strip()
    assert line.startswith("valid: Karin Andersson (1990-03-15), 3 report(s)")
    assert "ECTS" in line
    assert len(line.splitlines()) == 1


def test_packed_export_verifies_packed(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "karin.b64"
    run(config, "elmo", "export", "--learner", KARIN, "--packed", "--out", str(out))
    assert out.read_bytes().startswith(b"H4sI")  # gzip magic, base64
    assert run(config, "elmo", "verify", str(out), "--packed").stdout.startswith("valid:")


def test_tampered_file_fails_with_the_reason(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "karin.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--out", str(out))
    data = out.read_bytes()
    out.write_bytes(data.replace(b"<resultLabel>", b"<resultLabel>A", 1))
    failed = run(config, "elmo", "verify", str(out), check=False)
    assert failed.returncode == 1
    assert failed.stdout.startswith("invalid:")
    assert "digest" in failed.stdout


def test_one_degree_is_exported_with_its_documents(config: Path, tmp_path: Path) -> None:
    """`gateway elmo export --learner ID --degree CODE` (issue #13)."""
    out = tmp_path / "degree.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--degree", "UU-EX-2012-04711", "--out",
        str(out))  # fmt: skip
    verified = run(config, "elmo", "verify", str(out), "--schema")
    assert verified.stdout.startswith("valid: Karin Andersson (1990-03-15), 1 report(s)")
    assert "180 ECTS" in verified.stdout  # the courses' credits, counted once
    xml = out.read_text(encoding="utf-8")
    assert "<type>Degree Programme</type>" in xml
    assert "<type>Diploma</type>" in xml
    assert "<type>Diploma Supplement</type>" in xml
    withdrawn = run(config, "elmo", "export", "--learner", "19800214-1359", "--degree",
                    "UU-EX-2007-03390", check=False)  # fmt: skip
    assert withdrawn.returncode == 1
    assert "no awarded degree with code 'UU-EX-2007-03390'" in withdrawn.stderr
    both = run(config, "elmo", "export", "--learner", KARIN, "--degree", "X", "--select", "1",
               check=False)  # fmt: skip
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr


def test_unknown_learner_and_selection_are_clear_errors(config: Path) -> None:
    missing = run(config, "elmo", "export", "--learner", "19000101-0000", check=False)
    assert missing.returncode == 1
    assert "19000101-0000" not in missing.stderr  # no national id in messages
    bad = run(config, "elmo", "export", "--learner", KARIN, "--select", "999999", check=False)
    assert bad.returncode == 1
    assert "999999" in bad.stderr


def test_broken_import_changes_nothing_and_names_the_field(config: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            {
                "format": "emrex-gateway/records",
                "version": 1,
                "learners": [
                    {
                        "national_id": "19990101-1234",
                        "given_names": "Test",
                        "family_name": "Person",
                        "birth_date": "1999-02-30",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    done = run(config, "import", str(broken), check=False)
    assert done.returncode == 1
    assert "broken.json" in done.stdout
    assert "birth_date" in done.stdout


def test_bad_config_key_is_named(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[server]\nprot = 1\n", encoding="utf-8")
    done = run(config, "db", "upgrade", check=False)
    assert done.returncode == 1
    assert "server.prot" in done.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly(config: Path, tmp_path: Path) -> None:
    """`gateway elm convert FILE | head -c 100`: no traceback when the pipe closes."""
    elmo = tmp_path / "karin.xml"
    run(config, "elmo", "export", "--learner", KARIN, "--out", str(elmo))
    command = [*GATEWAY, "--config", str(config), "elm", "convert", str(elmo)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as convert:
        assert convert.stdout is not None
        assert convert.stderr is not None
        assert convert.stdout.read(100).startswith(b"[")
        convert.stdout.close()  # the reader goes away; ~180 KB of JSON-LD do not fit the pipe
        errors = convert.stderr.read().decode()
        assert convert.wait(timeout=120) == 141, errors
    assert errors == ""  # no traceback, no "Exception ignored … BrokenPipeError"


def test_purge_reports_what_it_forgot(config: Path) -> None:
    """The command's wiring; what is purged and kept: tests/storage/test_retention.py."""
    purged = run(config, "db", "purge").stdout.strip()
    assert purged == (
        "purged what ended more than 30 day(s) ago: 0 OOTS exchange(s), "
        "0 EMREX client fetch(es), 0 wallet offer(s)"
    )
