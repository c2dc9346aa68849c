"""A password in a URL never shows: not in errors, reports, nor log lines, whatever its shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli import main
from harness.redaction import redact_url, scrub
from harness.run.http_server import serve_in_thread
from reference_app import Settings, create_app

SCENARIO = str(Path(__file__).resolve().parents[2] / "scenarios" / "full-interview-sync.yaml")
SECRET = "s3cr3tPW"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", "replay", SCENARIO, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://u:{SECRET}@127.0.0.1:5432:99/db",  # port libpq cannot read
        f"postgresql://u:{SECRET}%zz@127.0.0.1/db",  # bad percent-escape inside the password
        f"postgresql://u:{SECRET}@127.0.0.1:9/db?sslmode=bogus",
        f"host=127.0.0.1 port=9 password={SECRET} nonsense",  # conninfo with a stray word
        f"host=127.0.0.1 port=9 password='{SECRET} x' user=u",  # quoted, unreachable
        f"postgres ql://u:{SECRET}@127.0.0.1/db",  # not a URL at all
    ],
    ids=["bad-port", "bad-escape", "bad-option", "stray-word", "quoted", "no-scheme"],
)
def test_a_pg_url_libpq_cannot_use_never_shows_its_password(url):
    proc = _run("--pg-url", url)
    assert proc.returncode == 2, proc.stderr
    assert "persistguard: error:" in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_db_url_with_a_password_never_shows_it(tmp_path):
    proc = _run("--base-url", "http://127.0.0.1:9", "--db-url", f"postgresql://u:{SECRET}%zz@h/db")
    assert proc.returncode == 2
    assert SECRET not in proc.stdout + proc.stderr


def test_an_unreachable_base_url_with_credentials_never_shows_the_password(reference_database):
    proc = _run(
        "--base-url", f"http://user:{SECRET}@127.0.0.1:9", "--db-url", reference_database.url
    )
    assert proc.returncode == 2
    assert "cannot reach the backend at http://user:***@127.0.0.1:9" in proc.stderr
    assert SECRET not in proc.stdout + proc.stderr


def test_the_reports_target_never_shows_the_password(reference_database, tmp_path, capsys):
    app = create_app(Settings(reference_database.url))
    with serve_in_thread(app) as base_url:
        secret_url = base_url.replace("http://", f"http://user:{SECRET}@")
        code = main(
            [
                "replay",
                SCENARIO,
                "--base-url",
                secret_url,
                "--db-url",
                reference_database.url,
                "--report-json",
                str(tmp_path / "r.json"),
                "--junit-xml",
                str(tmp_path / "r.xml"),
            ]
        )
    out, err = capsys.readouterr()
    assert code == 0, out + err
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["scenarios"][0]["target"] == base_url.replace("http://", "http://user:***@")
    everything = out + err + (tmp_path / "r.json").read_text() + (tmp_path / "r.xml").read_text()
    assert SECRET not in everything


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:pw@h:5432/db", "postgresql://u:***@h:5432/db"),
        (
            "postgresql+psycopg://u:p%40w@h/db?sslmode=require",
            "postgresql+psycopg://u:***@h/db?sslmode=require",
        ),
        ("http://user:pw@example.com/x", "http://user:***@example.com/x"),
        ("http://example.com/x", "http://example.com/x"),
        ("host=h password=pw user=u", "host=h password=*** user=u"),
        ("host=h password='p w' user=u", "host=h password=*** user=u"),
        ("postgresql://h/db?password=pw&user=u", "postgresql://h/db?password=***&user=u"),
        ("postgresql://u:pw@h:1:2/db", "postgresql://u:***@h:1:2/db"),
    ],
)
def test_redact_url_masks_the_password_and_keeps_the_rest(url, shown):
    assert redact_url(url) == shown


def test_scrub_removes_a_password_a_message_echoes_in_part():
    url = "postgresql://u:ab%zzcdef@h/db"
    message = 'invalid percent-encoded token: "ab%zzcdef"; also "zzcdef" and u:ab%zzcdef@h'
    cleaned = scrub(message, url)
    assert "zzcdef" not in cleaned and "ab%zz" not in cleaned
    assert cleaned.startswith("invalid percent-encoded token: ")
