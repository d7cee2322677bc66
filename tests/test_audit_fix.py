"""``genfile audit --fix``: shows the diff to genfile's Dockerfile; writes it (keeping a .bak)
only with --yes or a confirmation at a terminal; the result is exactly ``genfile init --stdout``."""

from __future__ import annotations

from pathlib import Path

import pytest

from genfile.audit import audit
from genfile.cli import main as genfile_main
from genfile.detectors.python.versions import DEFAULT_PYTHON
from tests.audit_cases.support import copy_case, run_audit
from tests.conftest import ALL_SAMPLES

BEFORE = (Path(__file__).parent / "audit_cases" / "article-before" / "Dockerfile").read_text()


def init_stdout(project: Path, capsys, *extra: str) -> dict[str, str]:
    """What `genfile init --stdout` prints, split back into files."""
    assert genfile_main(["init", str(project), "--stdout", *extra]) == 0
    out, _ = capsys.readouterr()
    files: dict[str, str] = {}
    name = None
    for line in out.splitlines(keepends=True):
        if line.startswith("# ---- ") and line.rstrip().endswith(" ----"):
            name = line[len("# ---- ") : -len(" ----\n")]
            files[name] = ""
        elif name is not None:
            files[name] += line
    return files


def test_fix_with_yes_writes_genfiles_dockerfile_and_keeps_a_backup(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    expected = init_stdout(project, capsys)
    code, out, err = run_audit(capsys, str(project), "--fix", "--yes", "--no-hadolint")
    assert code == 0, err
    assert "-FROM python:3.11" in out and "+FROM python:3.11-slim" in out  # the diff was shown
    # The audited Dockerfile's Python (3.11) is kept, not upgraded to genfile's default, and said.
    assert DEFAULT_PYTHON != "3.11" and "Dockerfile:1: python 3.11 (FROM python:3.11)" in out
    same_but_version = expected["Dockerfile"].replace(f"python:{DEFAULT_PYTHON}", "python:3.11")
    assert (project / "Dockerfile").read_text().count("\n") == same_but_version.count("\n")
    assert "FROM python:3.11-slim" in (project / "Dockerfile").read_text()
    assert (project / "Dockerfile.bak").read_text() == BEFORE
    assert (project / ".dockerignore").read_text() == expected[".dockerignore"]  # it was missing
    assert "(previous kept as Dockerfile.bak)" in out
    assert "genfile starts gunicorn" in out  # what is not kept (python app.py) is listed
    after = audit(project, hadolint=False)
    assert not [f for f in after.findings if f.severity.label != "info"], after.findings


def test_fix_without_yes_and_without_a_terminal_writes_nothing(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    before = sorted(p.name for p in project.iterdir())
    code, out, _ = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0
    assert "+++ " in out and "--- " in out
    assert "Nothing written (no terminal to confirm)" in out and "--fix --yes" in out
    assert sorted(p.name for p in project.iterdir()) == before
    assert (project / "Dockerfile").read_text() == BEFORE


def test_fix_keeps_an_existing_dockerignore_and_honours_saved_answers(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    (project / ".dockerignore").write_text(".git\n")
    (project / "genfile.toml").write_text('[init]\nversion = "3.11"\nport = 9000\n')
    expected = init_stdout(project, capsys)
    code, out, _ = run_audit(capsys, str(project), "--fix", "--yes", "--no-hadolint")
    assert code == 0
    written = (project / "Dockerfile").read_text()
    assert (
        written == expected["Dockerfile"] and "FROM python:3.11-slim" in written and "EXPOSE 9000" in written
    )
    assert (project / ".dockerignore").read_text() == ".git\n"
    assert 'version = "3.11"' not in out  # nothing to point out: the versions agree


def test_fix_on_a_dockerfile_that_already_matches(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    assert run_audit(capsys, str(project), "--fix", "--yes", "--no-hadolint")[0] == 0
    code, out, _ = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0 and "nothing to change" in out
    assert (project / "Dockerfile.bak").read_text() == BEFORE  # the first backup is not overwritten


def test_fail_on_still_applies_with_fix(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    code, _, _ = run_audit(capsys, str(project), "--fix", "--fail-on", "error", "--no-hadolint")
    assert code == 1  # the audited (old) file had an error; nothing was written without --yes
    assert (project / "Dockerfile").read_text() == BEFORE


def test_yes_without_fix_is_refused(capsys) -> None:
    code, _, err = run_audit(capsys, ".", "--yes")
    assert code == 2 and "--yes only applies to --fix" in err


class _Answer:
    def __init__(self, value: bool) -> None:
        self.value = value

    def unsafe_ask(self) -> bool:
        return self.value


def _at_a_terminal(monkeypatch, answer: bool) -> list[str]:
    """Pretend stdin and stdout are a terminal and answer the confirmation with ``answer``."""
    import sys

    import questionary

    asked: list[str] = []

    def confirm(question: str, default: bool = False) -> _Answer:
        asked.append(question)
        return _Answer(answer)

    monkeypatch.setattr(questionary, "confirm", confirm)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return asked


def test_fix_at_a_terminal_asks_and_writes_on_yes(tmp_path, capsys, monkeypatch) -> None:
    project = copy_case(tmp_path)
    asked = _at_a_terminal(monkeypatch, True)
    code, out, _ = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0 and asked and "Dockerfile.bak" in asked[0]
    assert (project / "Dockerfile.bak").read_text() == BEFORE
    assert (project / "Dockerfile").read_text().startswith("# Dockerfile for article-before")


def test_fix_at_a_terminal_writes_nothing_on_no(tmp_path, capsys, monkeypatch) -> None:
    project = copy_case(tmp_path)
    _at_a_terminal(monkeypatch, False)
    code, out, _ = run_audit(capsys, str(project), "--fix", "--no-hadolint")
    assert code == 0 and "Nothing written." in out
    assert (project / "Dockerfile").read_text() == BEFORE and not (project / "Dockerfile.bak").exists()


# One saved answer per sample, chosen to change what it renders (a Go main package where the
# sample has several programs, else the UID), so a command that skipped genfile.toml differs.
SAVED = {"go-cmd-layout": 'main = "./cmd/migrate"\n'}


@pytest.mark.parametrize("sample", ALL_SAMPLES)
def test_fix_writes_exactly_what_init_prints_saved_answers_included(sample, sample_copy, capsys) -> None:
    project = sample_copy(sample)
    (project / "genfile.toml").write_text("[init]\n" + SAVED.get(sample, "uid = 20123\n"))
    # --fix writes the Dockerfile where it is (here, the sample's top folder, also when the
    # app is in a sub-folder): init writing into that folder must print the same file.
    expected = init_stdout(project, capsys, "--output-dir", str(project))["Dockerfile"]
    (project / "Dockerfile").write_text("FROM scratch\n")
    code, _, err = run_audit(capsys, str(project), "--fix", "--yes", "--no-hadolint")
    assert code == 0, err
    assert (project / "Dockerfile").read_text() == expected
    marker = "./cmd/migrate" if sample in SAVED else "USER 20123:20123"
    assert marker in expected
