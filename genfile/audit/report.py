"""An audit's result and its two renderings for people and scripts: grouped text (coloured at
a terminal) and JSON. SARIF, for code-scanning tools, lives in :mod:`genfile.audit.sarif`.

The score is a quick read of "how far from good", not a metric to optimise: it counts only
genfile's own rules (so it does not depend on whether hadolint happens to be installed), and a
rule that fires many times costs at most twice, because one habit repeated is one thing to fix.
"""

from __future__ import annotations

import os
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from genfile import __version__
from genfile.audit.finding import Finding, Severity

PENALTY = {Severity.ERROR: 20, Severity.WARNING: 8, Severity.INFO: 2}
MAX_REPEAT = 2
WIDTH = 100

RED, YELLOW, CYAN, BOLD, DIM, RESET = "\033[31m", "\033[33m", "\033[36m", "\033[1m", "\033[2m", "\033[0m"
_COLOURS = {Severity.ERROR: RED, Severity.WARNING: YELLOW, Severity.INFO: CYAN}
_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}


@dataclass(frozen=True)
class Report:
    """What an audit found in one Dockerfile."""

    dockerfile: Path
    findings: tuple[Finding, ...]
    dockerignore: Path | None = None  # the .dockerignore that was read (None: there is none)
    project: str | None = None  # what genfile detected, e.g. 'python project "shop" (Flask)'
    notes: tuple[str, ...] = ()
    hadolint: str | None = None  # hadolint's version when it ran

    def ours(self) -> list[Finding]:
        return [f for f in self.findings if f.source == "genfile"]

    def theirs(self) -> list[Finding]:
        return [f for f in self.findings if f.source != "genfile"]

    @property
    def score(self) -> int:
        """100 minus 20 per error, 8 per warning, 2 per info (genfile's rules; each rule counted
        at most twice), never below 0."""
        repeats = Counter(f.rule.id for f in self.ours())
        penalty = sum(PENALTY[self._severity(rule_id)] * min(n, MAX_REPEAT) for rule_id, n in repeats.items())
        return max(0, 100 - penalty)

    def _severity(self, rule_id: str) -> Severity:
        return next(f.severity for f in self.ours() if f.rule.id == rule_id)

    def counts(self, findings: list[Finding] | None = None) -> dict[str, int]:
        chosen = self.ours() if findings is None else findings
        return {s.label: sum(1 for f in chosen if f.severity == s) for s in reversed(Severity)}

    def at_least(self, severity: Severity) -> bool:
        """True when a finding (genfile's or hadolint's) is at ``severity`` or worse."""
        return any(f.severity >= severity for f in self.findings)


def display(path: Path | None) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    if path is None:
        return "Dockerfile"
    try:
        key = (path, os.getcwd())
    except OSError:
        return _display(path)
    shown = _DISPLAYED.get(key)
    if shown is None:  # every finding names its file: resolve each path once, not per finding
        if len(_DISPLAYED) > 256:
            _DISPLAYED.clear()
        shown = _DISPLAYED[key] = _display(path)
    return shown


_DISPLAYED: dict[tuple[Path, str], str] = {}


def _display(path: Path) -> str:
    try:
        resolved = path.resolve()
        cwd = Path.cwd().resolve()
        if resolved == cwd or cwd in resolved.parents:
            return resolved.relative_to(cwd).as_posix()
    except OSError:
        pass
    return str(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def summary(counts: dict[str, int]) -> str:
    parts = [_plural(n, label) for label, n in counts.items() if n]
    return ", ".join(parts) if parts else "no findings"


def render_text(report: Report, *, color: bool = False) -> str:
    """Findings grouped by severity, each with its place, what was seen, why and how to fix."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    out: list[str] = []
    head = f"genfile audit: {display(report.dockerfile)}"
    if report.project:
        head += f" ({report.project})"
    out.append(paint(head, BOLD))
    if not report.findings:
        out += ["", "No findings: this Dockerfile does what genfile would do."]
    for severity in sorted(Severity, reverse=True):
        group = sorted((f for f in report.findings if f.severity == severity), key=Finding.sort_key)
        if not group:
            continue
        out += ["", paint(f"{_HEADINGS[severity]} ({len(group)})", BOLD + _COLOURS[severity])]
        for finding in group:
            out += _finding_lines(finding, paint, _COLOURS[severity])
    out.append("")
    out.append(paint(f"Score: {report.score}/100", BOLD) + f"  genfile rules: {summary(report.counts())}")
    theirs = report.theirs()
    if report.hadolint is not None:
        merged = sum(len(f.also) for f in report.ours())
        line = f"hadolint {report.hadolint}: {summary(report.counts(theirs))} of its own"
        if merged:
            line += f", {_plural(merged, 'finding')} shared with genfile's rules"
        out.append(line)
    for note in report.notes:
        out.append(paint(f"note: {note}", DIM))
    return "\n".join(out) + "\n"


def _finding_lines(finding: Finding, paint: Any, colour: str) -> list[str]:
    where = display(finding.file) + (f":{finding.line}" if finding.line else "")
    label = finding.rule.id if finding.source == "genfile" else f"{finding.source} {finding.rule.id}"
    lines = [f"  {paint(label, colour)}  {where}  {paint(finding.rule.title, BOLD)}"]
    indent = " " * 6
    if finding.source == "genfile":
        message = (
            finding.message
            if finding.message.startswith("genfile")
            else finding.message[:1].upper() + finding.message[1:]
        )
        lines += _wrap(message + ".", indent, hang="")
        lines += _wrap(f"{paint('Why:', DIM)} {finding.why_text}", indent, paint("Why:", DIM))
        lines += _wrap(f"{paint('Fix:', DIM)} {finding.fix_text}", indent, paint("Fix:", DIM))
        if finding.also:
            lines.append(f"{indent}{paint('(also reported by ' + ', '.join(finding.also) + ')', DIM)}")
    elif finding.rule.help_uri:
        lines.append(f"{indent}{paint('See ' + finding.rule.help_uri, DIM)}")
    return lines


def _wrap(text: str, indent: str, label: str = "", hang: str = "     ") -> list[str]:
    # Wrap on the plain text (colour codes would count as width), then restore the label.
    plain = text.replace(label, "\0", 1) if label else text
    wrapped = textwrap.wrap(
        plain, width=WIDTH, initial_indent=indent, subsequent_indent=indent + hang, break_on_hyphens=False
    )
    return [line.replace("\0", label, 1) if label else line for line in wrapped]


def as_json(report: Report) -> dict[str, Any]:
    """The machine-readable report (stable keys; ``line`` is null for file-level findings)."""
    return {
        "tool": "genfile",
        "version": __version__,
        "dockerfile": display(report.dockerfile),
        "dockerignore": display(report.dockerignore) if report.dockerignore else None,
        "project": report.project,
        "score": report.score,
        "summary": report.counts(),
        "hadolint": {"version": report.hadolint, "summary": report.counts(report.theirs())}
        if report.hadolint
        else None,
        "findings": [
            {
                "source": f.source,
                "rule": f.rule.id,
                "name": f.rule.name,
                "severity": f.severity.label,
                "title": f.rule.title,
                "message": f.message,
                "why": f.why_text,
                "fix": f.fix_text,
                "file": display(f.file),
                "line": f.line,
                "end_line": f.end_line or f.line,
                "tags": list(f.rule.tags),
                "also": list(f.also),
                "help_uri": f.rule.help_uri,
            }
            for f in sorted(report.findings, key=Finding.sort_key)
        ],
        "notes": list(report.notes),
    }


def use_color(stream: Any) -> bool:
    """Colour for a terminal, never for a pipe or file, and never when NO_COLOR is set."""
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ
