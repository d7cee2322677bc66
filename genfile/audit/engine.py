"""Run an audit: read the Dockerfile and .dockerignore of a build context, detect the project,
apply every rule, merge hadolint's opinion.

Two entry points: :func:`audit` for a folder on disk (what the command uses) and
:func:`audit_text` for a Dockerfile held in memory (what tests and other tools use, e.g. to
audit what ``genfile.render`` produced before anything is written).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from genfile import generate
from genfile.audit import hadolint as hadolint_tool
from genfile.audit.context import AuditContext
from genfile.audit.finding import Finding
from genfile.audit.ignore import IgnoreFile
from genfile.audit.parse import ParsedDockerfile, parse, read_dockerfile
from genfile.audit.reading import read_capped
from genfile.audit.report import Report, display
from genfile.audit.rules import RULES
from genfile.detection import Detection
from genfile.errors import GenfileError, ManifestError, UnknownProjectError
from genfile.plan import BuildPlan


def ignore_file_for(context: Path, dockerfile: Path) -> Path:
    """The .dockerignore BuildKit uses: ``<Dockerfile name>.dockerignore`` beside the
    Dockerfile when there is one, else ``.dockerignore`` at the root of the context."""
    specific = dockerfile.with_name(dockerfile.name + ".dockerignore")
    return specific if specific.exists() else context / ".dockerignore"


def read_ignore_file(path: Path) -> IgnoreFile | None:
    """The .dockerignore at ``path`` (None when there is none). Like the Dockerfile it must be
    a regular file of at most 1 MiB: a named pipe, a device or a folder there is an error."""
    try:
        data = read_capped(path, noun="a .dockerignore file", fix="make it a regular file, or delete it")
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        return IgnoreFile.parse(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError as exc:
        raise ManifestError(path, "cannot be read as UTF-8 text", fix="fix or delete the file") from exc


def audit(
    project: str | Path,
    dockerfile: str | Path | None = None,
    *,
    hadolint: bool = True,
    skip: Iterable[str] = (),
) -> Report:
    """Audit ``dockerfile`` (default: ``<project>/Dockerfile``) built with ``project`` as context."""
    context = Path(project)
    if not context.is_dir():
        raise UnknownProjectError(
            f"{project}: no such folder", "give the folder you build from (the context)"
        )
    path = Path(dockerfile) if dockerfile is not None else context / "Dockerfile"
    text = read_dockerfile(path)
    parsed = parse(text, path)
    ignore_path = ignore_file_for(context, path)
    ignore = read_ignore_file(ignore_path)
    return _run(parsed, ignore, ignore_path, context, hadolint=hadolint, skip=skip)


def audit_text(
    text: str,
    *,
    dockerignore: str | None = None,
    project: str | Path | None = None,
    hadolint: bool = False,
    skip: Iterable[str] = (),
) -> Report:
    """Audit Dockerfile ``text``; ``dockerignore`` is the .dockerignore's text (None: there is
    none) and ``project`` the build context to detect and look into (None: text alone)."""
    context = Path(project) if project is not None else None
    path = (context or Path(".")) / "Dockerfile"
    parsed = parse(text, path)
    ignore_path = (context or Path(".")) / ".dockerignore"
    ignore = IgnoreFile.parse(dockerignore, ignore_path) if dockerignore is not None else None
    return _run(parsed, ignore, ignore_path, context, hadolint=hadolint, skip=skip)


def _detect(project: Path | None) -> tuple[Detection | None, BuildPlan | None, str | None]:
    """What genfile detects in the context, for the rules that need it (None when nothing)."""
    if project is None:
        return None, None, None
    try:
        detection, given = generate.prepare(project)
        plan = generate.plan_for(detection, given, Path(detection.root), require_command=False)
    except UnknownProjectError:
        return (
            None,
            None,
            f"genfile recognises no project in {display(project)}: the EXPOSE check (GF015) was skipped",
        )
    except GenfileError as exc:
        return None, None, f"project detection failed ({exc.message}): the EXPOSE check (GF015) was skipped"
    return detection, plan, None


def _describe(detection: Detection | None, plan: BuildPlan | None) -> str | None:
    if detection is None:
        return None
    framework = detection.fact("framework")
    text = f'{detection.ecosystem} project "{detection.project_name}"'
    extras = [str(framework.value)] if framework else []
    if plan is not None and plan.port:
        extras.append(f"port {plan.port}")
    return text + (f", {', '.join(extras)}" if extras else "")


# A rule that applies at thousands of places says one thing thousands of times: the report
# lists the first ones and says there are more (a generated Dockerfile of 10,000 RUN lines
# would otherwise print megabytes of the same finding).
MAX_PER_RULE = 200


def _too_many(rule: str) -> str:
    return (
        f"{rule} applies at more than {MAX_PER_RULE} places: the first {MAX_PER_RULE} are listed "
        "(fix those and audit again)"
    )


def _first_per_rule(findings: tuple[Finding, ...], notes: list[str]) -> tuple[Finding, ...]:
    """hadolint's findings, at most MAX_PER_RULE per rule (a note says which were cut)."""
    seen: dict[str, int] = {}
    kept = []
    for finding in findings:
        count = seen.get(finding.rule.id, 0)
        if count == MAX_PER_RULE:
            notes.append(_too_many(f"hadolint {finding.rule.id}"))
        if count < MAX_PER_RULE:
            kept.append(finding)
        seen[finding.rule.id] = count + 1
    return tuple(kept)


def _run(
    parsed: ParsedDockerfile,
    ignore: IgnoreFile | None,
    ignore_path: Path,
    project: Path | None,
    *,
    hadolint: bool,
    skip: Iterable[str],
) -> Report:
    detection, plan, note = _detect(project)
    context = AuditContext(parsed, ignore, ignore_path, project, detection, plan)
    skipped = {s.upper() for s in skip}
    dockerfile_path = context.dockerfile_path
    findings: list[Finding] = []
    notes = [note] if note else []
    for rule in RULES:
        info = rule.info
        if info.id in skipped or info.name.upper() in skipped:
            continue
        listed = 0
        for hit in rule.check(context):
            if hit.file is None and hit.line is not None:
                silenced = parsed.suppressed(hit.line)
                if info.id in silenced or info.name.upper() in silenced:
                    continue
            if listed == MAX_PER_RULE:
                notes.append(_too_many(info.id))
                break  # the rest is the same habit again: stop looking
            listed += 1
            findings.append(
                Finding(
                    info, hit.message, hit.file or dockerfile_path, hit.line, hit.end_line, hit.why, hit.fix
                )
            )
    version = None
    if hadolint:
        result = hadolint_tool.run(parsed.text, dockerfile_path, project)
        if result.note:
            notes.append(result.note)
        else:
            version = result.version or "(unknown version)"
            findings = hadolint_tool.merge(findings, _first_per_rule(result.findings, notes))
    return Report(
        dockerfile=dockerfile_path,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        dockerignore=ignore.path if ignore is not None else None,
        project=_describe(detection, plan),
        notes=tuple(notes),
        hadolint=version,
    )
