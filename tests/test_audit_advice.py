"""What the audit advises must be true: no "replace it" at 100/100 or when --fix would change
nothing, and a hadolint finding that says what a genfile rule says on the same line is one
finding (genfile's text, hadolint's code mentioned)."""

from __future__ import annotations

import shutil

from genfile.audit import audit_text
from genfile.cli import main as genfile_main
from tests.audit_cases.support import copy_case, run_audit
from tests.conftest import SAMPLES

ADVICE = "Replace it with the Dockerfile genfile writes"


def test_no_replace_advice_at_100_even_with_hadolint_findings(tmp_path, capsys) -> None:
    project = tmp_path / "app"
    shutil.copytree(SAMPLES / "python-flask-requirements", project)
    assert genfile_main(["init", str(project), "--yes"]) == 0
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace("\nWORKDIR /app\n", "\nWORKDIR /app\nRUN cd /app && ls\n", 1)
    )
    capsys.readouterr()
    code, out, _ = run_audit(capsys, str(project))
    assert code == 0 and "Score: 100/100" in out and "DL3003" in out  # hadolint has its say
    assert ADVICE not in out


def test_no_replace_advice_for_genfiles_own_dockerfile(tmp_path, capsys) -> None:
    project = tmp_path / "app"
    shutil.copytree(SAMPLES / "python-flask-requirements", project)
    assert genfile_main(["init", str(project), "--yes"]) == 0
    capsys.readouterr()
    code, out, _ = run_audit(capsys, str(project), "--no-hadolint")
    assert code == 0 and ADVICE not in out


def test_replace_advice_when_fix_would_help(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    code, out, _ = run_audit(capsys, str(project), "--no-hadolint")
    assert code == 0 and f"{ADVICE} for this project: genfile audit {project} --fix" in out


def test_hadolint_dl3064_joins_genfiles_gf010_on_the_same_line() -> None:
    text = 'FROM python:3.12-slim\nENV API_TOKEN=abc123\nUSER 1\nCMD ["python", "-V"]\n'
    report = audit_text(text, hadolint=True)
    assert report.hadolint is not None, report.notes
    assert not [f for f in report.findings if f.rule.id == "DL3064"]
    (secret,) = [f for f in report.findings if f.rule.id == "GF010"]
    assert secret.line == 2 and secret.also == ("hadolint DL3064",)
