"""GF007 and GF008, no .dockerignore or one with gaps, on a project folder: what gets in is named,
at the COPY or the .dockerignore line that lets it back, for the project's ecosystem; an existing
.env is GF008's gap until COPY . . makes it GF009's error."""

from __future__ import annotations

from genfile.audit import audit_text
from tests.audit_rules.support import FLASK, PLAIN, found, ids
from tests.conftest import make_project


def test_no_dockerignore_points_at_the_copy_and_lists_what_gets_in(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, ".git/HEAD": "ref", ".venv/pyvenv.cfg": "home = /usr"})
    report = audit_text(PLAIN, dockerignore=None, project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF007")
    assert finding.line == 4 and ".git" in finding.message and ".venv" in finding.message


def test_dockerignore_gaps_name_what_leaks_and_the_line_that_lets_it_back(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, "node_modules/x/index.js": ""})
    report = audit_text(PLAIN, dockerignore=".git\n**/.env*\nnode_modules\n!node_modules\n", project=tmp_path)
    gaps = {f.message.split(" ")[0]: f for f in report.findings if f.rule.id == "GF008"}
    # .venv and venv are not in the project: no pattern for them would keep anything out.
    assert set(gaps) == {"node_modules"}
    assert gaps["node_modules"].line == 4 and "!node_modules" in gaps["node_modules"].fix_text


def test_only_what_exists_is_named_and_each_pattern_once(tmp_path) -> None:
    make_project(
        tmp_path,
        {**FLASK, ".venv/pyvenv.cfg": "home = /usr", ".env.local": "A=1", ".env.production": "B=2"},
    )
    only_files = 'FROM python:3.12-slim\nCOPY app.py .\nUSER 1\nEXPOSE 8000\nCMD ["gunicorn", "app:app"]\n'
    report = audit_text(only_files, dockerignore=".git\n", project=tmp_path)
    gaps = [f for f in report.findings if f.rule.id == "GF008"]
    fixes = [f.fix_text for f in gaps]
    assert sorted(fixes) == sorted(["Add `.venv` to .dockerignore.", "Add `**/.env.*` to .dockerignore."])
    env = next(f for f in gaps if "**/.env.*" in f.fix_text)
    assert ".env.local, .env.production" in env.message
    assert str(gaps[0].file).endswith(".dockerignore") and gaps[0].line is None
    assert not any("venv (" in f.message.replace(".venv", "") for f in gaps)  # no venv/ here


def test_dockerignore_rules_follow_the_ecosystem(tmp_path) -> None:
    make_project(tmp_path, {"go.mod": "module x\n\ngo 1.22\n", "main.go": "package main\nfunc main() {}\n"})
    text = (
        "FROM golang:1.22 AS b\nCOPY . .\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\n"
        'USER 1\nENTRYPOINT ["/x"]\n'
    )
    assert "GF008" not in ids(text, ignore=".git\n**/.env\n**/.env.*\n", project=tmp_path)


def test_existing_env_file_is_a_gap_without_copy_and_an_error_with_it(tmp_path) -> None:
    make_project(tmp_path, {**FLASK, ".env": "TOKEN=x"})
    only_files = 'FROM python:3.12-slim\nCOPY app.py .\nUSER 1\nEXPOSE 8000\nCMD ["gunicorn", "app:app"]\n'
    assert ("GF008", None) in found(only_files, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    assert "GF009" not in ids(only_files, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    both = ids(PLAIN, ignore=".git\n.venv\nvenv\n", project=tmp_path)
    assert "GF009" in both
