"""SARIF 2.1.0 output, the format code-scanning tools read (GitHub code scanning, GitLab,
Azure DevOps, IDE viewers).

One run per tool: genfile's run lists every genfile rule (so a viewer can explain a rule that
did not fire in this file) and hadolint's findings, when it ran, go in a run of their own with
hadolint as the driver, so each result is attributed to the tool that produced it. Paths are
relative to the folder genfile ran in (``%SRCROOT%``), which is what code-scanning uploads
resolve against when run from the repository root.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

from genfile import __version__
from genfile.audit.finding import Finding, RuleInfo, Severity
from genfile.audit.report import Report, display
from genfile.audit.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub ranks security results by this property (0-10): high for secrets and root.
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}


def _rule(info: RuleInfo) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.title},
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
    }
    if info.why:
        entry["fullDescription"] = {"text": info.why}
    if info.fix:
        entry["help"] = {
            "text": f"{info.why}\n\nFix: {info.fix}",
            "markdown": f"{info.why}\n\n**Fix:** {info.fix}",
        }
    if info.help_uri:
        entry["helpUri"] = info.help_uri
    properties: dict[str, Any] = {}
    if info.tags:
        properties["tags"] = list(info.tags)
        if "security" in info.tags:
            properties["security-severity"] = _SECURITY_SEVERITY[info.severity]
    if properties:
        entry["properties"] = properties
    return entry


def _artifact(path: Path | None) -> dict[str, str]:
    """Relative to %SRCROOT% (the current folder) when inside it, else an absolute file URI."""
    shown = display(path)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).resolve().as_uri()}
    return {"uri": urllib.parse.quote(shown.replace("\\", "/"), safe="/-._~"), "uriBaseId": "%SRCROOT%"}


def _result(finding: Finding, index: int) -> dict[str, Any]:
    text = finding.message
    if finding.source == "genfile":
        text = f"{finding.message[:1].upper()}{finding.message[1:]}. Fix: {finding.fix_text}"
    location: dict[str, Any] = {"artifactLocation": _artifact(finding.file)}
    # A finding about a whole file (a pattern missing from .dockerignore) has no line of its
    # own; code-scanning tools still want a region, so it points at the file's first line.
    start = finding.line or 1
    location["region"] = {"startLine": start, "endLine": max(start, finding.end_line or start)}
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": location}],
    }
    if finding.also:
        result["properties"] = {"alsoReportedBy": list(finding.also)}
    return result


def _run(
    name: str, version: str | None, uri: str | None, rules: list[RuleInfo], findings: list[Finding]
) -> dict[str, Any]:
    ids = [r.id for r in rules]
    driver: dict[str, Any] = {"name": name, "rules": [_rule(r) for r in rules]}
    if uri:
        driver["informationUri"] = uri
    if version:
        driver["version"] = version
    return {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "results": [_result(f, ids.index(f.rule.id)) for f in sorted(findings, key=Finding.sort_key)],
        "columnKind": "unicodeCodePoints",
    }


def as_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log."""
    runs = [_run("genfile", __version__, None, [r.info for r in RULES], report.ours())]
    if report.hadolint is not None:
        theirs = report.theirs()
        rules = list({f.rule.id: f.rule for f in theirs}.values())
        runs.append(_run("hadolint", report.hadolint, "https://github.com/hadolint/hadolint", rules, theirs))
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": runs}
