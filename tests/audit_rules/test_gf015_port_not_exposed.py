"""GF015, the server port is not exposed: the port comes from detection, and without a project the
rule is skipped."""

from __future__ import annotations

from genfile.audit import audit_text
from tests.audit_rules.support import FLASK, GOOD_IGNORE, PLAIN, ids
from tests.conftest import make_project


def test_missing_expose_uses_detection_and_is_skipped_without_it(tmp_path) -> None:
    make_project(tmp_path, FLASK)
    text = PLAIN.replace("EXPOSE 8000\n", "")
    report = audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF015")
    assert "Flask server listens on port 8000" in finding.message and finding.line == 6
    assert "GF015" not in ids(text)  # no project, no detection: the rule is skipped


def _gf015(tmp_path, cmd: str, files=FLASK, env: str = "") -> str:
    make_project(tmp_path, files)
    text = PLAIN.replace("EXPOSE 8000\n", env).replace('CMD ["gunicorn", "app:app"]', cmd)
    report = audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path)
    return next(f for f in report.findings if f.rule.id == "GF015").message


def test_flask_run_listens_on_flasks_default_port_not_genfiles(tmp_path) -> None:
    message = _gf015(tmp_path, 'CMD ["flask", "run", "--host", "0.0.0.0"]')
    assert "port 5000" in message and "own default" in message and "8000" not in message


def test_the_port_the_command_states_wins(tmp_path) -> None:
    message = _gf015(tmp_path, 'CMD ["sh", "-c", "exec gunicorn -b 0.0.0.0:7000 app:app"]')
    assert "port 7000" in message and "says so" in message


def test_a_server_that_reads_port_follows_env_port(tmp_path) -> None:
    message = _gf015(tmp_path, 'CMD ["gunicorn", "app:app"]', env="ENV PORT=9100\n")
    assert "port 9100" in message and "ENV PORT=9100" in message
