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
from genfile.audit.report import Report, display
from genfile.audit.rules import RULES
from genfile.detection import Detection
from genfile.errors import GenfileError, ManifestError, UnknownProjectError
from genfile.plan import BuildPlan


def ignore_file_for(context: Path, dockerfile: Path) -> Path:
    """The .dockerignore BuildKit uses: ``<Dockerfile name>.dockerignore`` beside the
    Dockerfile when there is one, else ``.dockerignore`` at the root of the context."""
    specific = dockerfile.with_name(dockerfile.name + ".dockerignore")
    return specific if specific.is_file() else context / ".dockerignore"


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
    ignore = None
    if ignore_path.is_file():
        try:
            ignore = IgnoreFile.parse(ignore_path.read_text(encoding="utf-8-sig"), ignore_path)
        except (OSError, UnicodeDecodeError) as exc:
            raise ManifestError(
                ignore_path, "cannot be read as UTF-8 text", fix="fix or delete the file"
            ) from exc
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
    for rule in RULES:
        info = rule.info
        if info.id in skipped or info.name.upper() in skipped:
            continue
        for hit in rule.check(context):
            if hit.file is None and hit.line is not None:
                silenced = parsed.suppressed(hit.line)
                if info.id in silenced or info.name.upper() in silenced:
                    continue
            findings.append(
                Finding(
                    info, hit.message, hit.file or dockerfile_path, hit.line, hit.end_line, hit.why, hit.fix
                )
            )
    notes = [note] if note else []
    version = None
    if hadolint:
        result = hadolint_tool.run(parsed.text, dockerfile_path, project)
        if result.note:
            notes.append(result.note)
        else:
            version = result.version or "(unknown version)"
            findings = hadolint_tool.merge(findings, result.findings)
    return Report(
        dockerfile=dockerfile_path,
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        dockerignore=ignore.path if ignore is not None else None,
        project=_describe(detection, plan),
        notes=tuple(notes),
        hadolint=version,
    )
