"""``genfile audit`` end to end: the article's "before" Dockerfile beside a Flask app, the three
output formats, exit codes for CI, errors, suppression, and hadolint's findings merged in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from genfile.audit import Severity, audit, audit_text
from genfile.audit import hadolint as hadolint_tool
from genfile.audit.rules import RULES
from tests.audit_cases.support import ARTICLE, copy_case, run_audit

# What a reviewer says about the article's "before" (FROM python:3.11 / WORKDIR /app /
# COPY . . / RUN pip install -r requirements.txt / CMD ["python", "app.py"]), line by line.
ARTICLE_FINDINGS = {
    ("GF001", 1),  # single stage on a full image: compilers ship
    ("GF002", 1),  # python:3.11 is the 1 GB flavour
    ("GF005", 3),  # COPY . . before pip install
    ("GF007", 3),  # no .dockerignore: COPY . . takes everything
    ("GF006", 4),  # pip's cache stays in the layer
    ("GF004", 5),  # no USER: root
    ("GF016", 5),  # python app.py runs Flask's development server
    ("GF015", 5),  # Flask on port 5000, no EXPOSE
}


def test_article_before_yields_the_expected_findings_at_their_lines() -> None:
    report = audit(ARTICLE, hadolint=False)
    assert {(f.rule.id, f.line) for f in report.findings} == ARTICLE_FINDINGS
    assert report.project == 'python project "article-before", Flask, port 5000'
    by_id = {f.rule.id: f for f in report.findings}
    assert by_id["GF004"].severity is Severity.ERROR
    assert "useradd" in by_id["GF004"].fix_text and "USER 10001:10001" in by_id["GF004"].fix_text
    assert "python:3.11-slim" in by_id["GF002"].fix_text
    assert "Copy requirements.txt first" in by_id["GF005"].fix_text
    assert "app.py:14" in by_id["GF015"].message and "EXPOSE 5000" in by_id["GF015"].fix_text
    assert '"gunicorn", "--access-logfile", "-", "app:app"' in by_id["GF016"].fix_text
    assert report.score == 100 - 20 - 6 * 8 - 2


def test_human_output_groups_by_severity_with_why_fix_and_score(capsys) -> None:
    code, out, _ = run_audit(capsys, str(ARTICLE), "--no-hadolint")
    assert code == 0
    assert out.index("Errors (1)") < out.index("Warnings (6)") < out.index("Info (1)")
    assert re.search(r"GF004 +\S*Dockerfile:5 +The container runs as root", out)
    assert "Why: " in out and "Fix: " in out
    assert "Score: 30/100" in out
    assert "genfile audit" in out and "--fix" in out.splitlines()[-1]
    assert "\033[" not in out  # no colour when stdout is not a terminal


def test_colour_only_when_asked() -> None:
    from genfile.audit.report import render_text

    report = audit(ARTICLE, hadolint=False)
    assert "\033[31m" in render_text(report, color=True)
    assert "\033[" not in render_text(report, color=False)


def test_json_output_parses_and_carries_every_finding(capsys) -> None:
    code, out, _ = run_audit(capsys, str(ARTICLE), "--format", "json", "--no-hadolint")
    assert code == 0
    data = json.loads(out)
    assert data["score"] == 30 and data["summary"] == {"error": 1, "warning": 6, "info": 1}
    assert {(f["rule"], f["line"]) for f in data["findings"]} == ARTICLE_FINDINGS
    first = data["findings"][0]
    assert first["severity"] == "error" and first["source"] == "genfile"
    assert set(first) >= {"rule", "severity", "title", "message", "why", "fix", "file", "line"}


def test_sarif_output_is_structurally_valid(capsys) -> None:
    code, out, _ = run_audit(capsys, str(ARTICLE), "--format", "sarif", "--no-hadolint")
    assert code == 0
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "genfile"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == [r.info.id for r in RULES]  # every rule described, fired or not
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(ARTICLE_FINDINGS)
    seen = set()
    for result in run["results"]:
        assert result["ruleId"] == ids[result["ruleIndex"]]
        assert result["level"] in ("error", "warning", "note") and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("Dockerfile")
        assert location["artifactLocation"]["uriBaseId"] in run["originalUriBaseIds"]
        assert location["region"]["startLine"] >= 1
        seen.add((result["ruleId"], location["region"]["startLine"]))
    assert seen == ARTICLE_FINDINGS
    security = next(r for r in driver["rules"] if r["id"] == "GF004")
    assert security["properties"]["security-severity"] == "8.0"


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [(None, 0), ("error", 1), ("warning", 1), ("info", 1)],
)
def test_fail_on_gates_ci(capsys, fail_on, expected) -> None:
    args = ["--fail-on", fail_on] if fail_on else []
    code, _, _ = run_audit(capsys, str(ARTICLE), "--no-hadolint", "--format", "json", *args)
    assert code == expected


def test_fail_on_counts_only_findings_at_or_above_the_level(tmp_path, capsys) -> None:
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.20\nADD conf.yml /etc/\nUSER 1000\nCMD ["true"]\n')
    (tmp_path / ".dockerignore").write_text(".git\n**/.env\n**/.env.*\n")
    assert run_audit(capsys, str(tmp_path), "--no-hadolint", "--fail-on", "warning")[0] == 0  # GF012: info
    assert run_audit(capsys, str(tmp_path), "--no-hadolint", "--fail-on", "info")[0] == 1


def test_parse_error_names_file_and_line_exit_2(tmp_path, capsys) -> None:
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nRUN echo hi\nENV ONLY_A_KEY\nCMD x\n")
    code, out, err = run_audit(capsys, str(tmp_path))
    assert code == 2 and not out
    assert re.fullmatch(
        r"genfile: error: \S*Dockerfile:3: BuildKit cannot parse it \(ENV must have two arguments\).*\n", err
    )


def test_missing_dockerfile_is_a_user_error(tmp_path, capsys) -> None:
    code, _, err = run_audit(capsys, str(tmp_path))
    assert code == 2 and "no Dockerfile here" in err and "genfile init" in err


def test_dash_f_reads_another_dockerfile(tmp_path, capsys) -> None:
    (tmp_path / "Dockerfile.prod").write_text('FROM node\nUSER node\nCMD ["node", "x.js"]\n')
    code, out, _ = run_audit(capsys, str(tmp_path), "-f", str(tmp_path / "Dockerfile.prod"), "--no-hadolint")
    assert code == 0 and "GF003" in out and "Dockerfile.prod:1" in out


def test_dockerfile_specific_ignore_file_wins(tmp_path) -> None:
    (tmp_path / "app.Dockerfile").write_text('FROM alpine:3.20\nCOPY . .\nUSER 1\nCMD ["true"]\n')
    (tmp_path / "app.Dockerfile.dockerignore").write_text("**\n")
    report = audit(tmp_path, tmp_path / "app.Dockerfile", hadolint=False)
    assert report.dockerignore == tmp_path / "app.Dockerfile.dockerignore"
    assert not [f for f in report.findings if f.rule.id in ("GF007", "GF008")]


def test_ignore_flag_and_inline_comment_silence_rules(tmp_path, capsys) -> None:
    project = copy_case(tmp_path)
    code, out, _ = run_audit(
        capsys, str(project), "--no-hadolint", "--format", "json", "--ignore", "GF015,gf016"
    )
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert code == 0 and "GF015" not in rules and "GF016" not in rules and "GF004" in rules
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace("CMD", "# legacy image\n# genfile ignore=runs-as-root\nCMD")
    )
    assert "GF004" not in {f.rule.id for f in audit(project, hadolint=False).findings}


def test_unknown_rule_in_ignore_is_a_user_error(capsys) -> None:
    code, _, err = run_audit(capsys, str(ARTICLE), "--ignore", "GF999")
    assert code == 2 and "unknown rule 'GF999'" in err


def test_help_and_rule_list(capsys) -> None:
    code, out, _ = run_audit(capsys, "--help")
    assert code == 0 and "--fail-on" in out and "--fix" in out and "sarif" in out
    code, out, _ = run_audit(capsys, "--list-rules")
    assert code == 0 and len(out.splitlines()) == len(RULES) and out.startswith("GF001")


def test_fix_cannot_mix_with_machine_formats(capsys) -> None:
    code, _, err = run_audit(capsys, str(ARTICLE), "--fix", "--format", "sarif")
    assert code == 2 and "--fix" in err


def test_unrecognised_project_skips_only_the_detection_rule(tmp_path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM ubuntu:24.04\nCMD bash\n")
    report = audit(tmp_path, hadolint=False)
    assert {f.rule.id for f in report.findings} == {"GF004", "GF013"}
    assert any("GF015" in n for n in report.notes)


@pytest.mark.skipif(hadolint_tool.find() is None, reason="hadolint is not installed")
def test_hadolint_findings_are_merged_and_labelled() -> None:
    text = 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nUSER 1000\nCMD ["curl"]\n'
    report = audit_text(text, dockerignore=".git\n**/.env\n**/.env.*\n", hadolint=True)
    assert report.hadolint
    cache = next(f for f in report.findings if f.rule.id == "GF006")
    assert cache.also == ("hadolint DL3009",) and cache.line == 2  # same problem, shown once
    theirs = {(f.source, f.rule.id, f.line) for f in report.findings if f.source == "hadolint"}
    assert ("hadolint", "DL3008", 2) in theirs  # apt versions not pinned: genfile has no such rule
    assert not any(f.rule.id == "DL3009" for f in report.findings)
    assert report.score == 100 - 8  # hadolint's findings are listed, not scored


def test_hadolint_missing_is_a_note_not_an_error(monkeypatch) -> None:
    monkeypatch.setattr(hadolint_tool, "find", lambda: None)
    report = audit(ARTICLE)
    assert report.hadolint is None and any("hadolint is not installed" in n for n in report.notes)


def test_every_rule_is_documented() -> None:
    ids = [r.info.id for r in RULES]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and len(ids) >= 14
    for rule in RULES:
        info = rule.info
        assert re.fullmatch(r"GF\d{3}", info.id) and re.fullmatch(r"[a-z-]+", info.name)
        assert info.title and len(info.why) > 60 and info.fix and info.tags, info.id


def test_audit_accepts_path_strings(tmp_path) -> None:
    project = copy_case(tmp_path)
    assert audit(str(project), str(Path(project) / "Dockerfile"), hadolint=False).findings


def test_sarif_uses_absolute_uris_for_files_outside_the_current_folder(tmp_path, monkeypatch) -> None:
    from genfile.audit.sarif import as_sarif

    project = copy_case(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = as_sarif(audit(project, hadolint=False))["runs"][0]["results"][0]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (project / "Dockerfile").resolve().as_uri()}
