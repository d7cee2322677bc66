"""Side by side: genfile's images against the Dockerfiles people write today.

For every sample project it builds (a) genfile's Dockerfile, (b) the classic single-stage file
the seed article starts from, (c) the article's multi-stage recipe where it applies and (d),
for Node, what ``@flydotio/dockerfile`` writes; then records size, bytes over the base,
layers, cold build, rebuild after a source edit and after a dependency change, the user, and
whether a shell, package manager, compiler or package cache is left in the final image. It
also times ``genfile detect`` on a synthetic 100,000-file repository. Writes
``<out>/benchmarks.md``, ``<out>/img/benchmarks.png`` and the raw ``<out>/benchmarks/results.json``.

    python benchmarks/images.py [--samples python-django node-next ...] [--runs 3] [--out docs/]
    python benchmarks/images.py --report-only docs/benchmarks/results.json   # re-render only
    python benchmarks/images.py --update docs/benchmarks/results.json --samples python-django

``--update`` re-measures only the named samples (after a template change) and merges them into
the earlier results; the report lists each such re-measurement.

Needs a Docker engine with BuildKit, network access to PyPI and npm, and Node's npx (for
the fly.io generator). It empties the BuildKit cache before every cold build and removes
every image it tagged (``genfile-bench/...``) when done.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import bench_baselines as bl
from bench_docker import Docker
from bench_report import (
    DetectResult,
    Meta,
    Report,
    SampleResult,
    VariantResult,
    from_json,
    render_markdown,
    to_json,
    write_chart,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
ANALYSIS = Path(__file__).resolve().parent / "analysis.md"
COPY_IGNORE = shutil.ignore_patterns("node_modules", ".venv", "__pycache__", ".pytest_cache", ".next", "dist")
TOOL_TIMEOUT = 600


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- preparing


@dataclass
class Variant:
    """A Dockerfile ready to build: its pristine folder (copied afresh for every run)."""

    result: VariantResult
    folder: Path | None = None
    dockerfile: str = ""
    build_args: dict[str, str] = field(default_factory=dict)
    image_ids: list[str] = field(default_factory=list)


def genfile_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """genfile as a user runs it (this interpreter's installed package)."""
    return subprocess.run(
        [sys.executable, "-m", "genfile", *args], capture_output=True, text=True, timeout=TOOL_TIMEOUT
    )


def copy_project(source: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source, dest, ignore=COPY_IGNORE, symlinks=True)


def load_project(sample: str, folder: Path) -> bl.Project:
    """genfile's own findings about the project, which every baseline reuses."""
    result = genfile_cli("detect", str(folder), "--json")
    if result.returncode != 0:
        raise RuntimeError(f"genfile detect {sample} failed: {result.stderr.strip()}")
    package_json = folder / "package.json"
    manifest = json.loads(package_json.read_text()) if package_json.is_file() else None
    return bl.project_from_detection(sample, json.loads(result.stdout), manifest)


def prepare_genfile(orig: Path, folder: Path) -> Variant:
    copy_project(orig, folder)
    result = genfile_cli("init", str(folder), "--yes", "--force", "--no-backup")
    variant = Variant(VariantResult("genfile"), folder)
    if result.returncode != 0:
        variant.result.status, variant.result.reason = "failed", f"genfile init: {result.stderr.strip()}"
        return variant
    variant.dockerfile = (folder / "Dockerfile").read_text()
    return variant


def prepare_baseline(name: str, baseline: bl.Baseline, orig: Path, folder: Path) -> Variant:
    variant = Variant(VariantResult(name, notes=list(baseline.notes)), build_args=dict(baseline.build_args))
    if baseline.dockerfile is None:
        variant.result.status, variant.result.reason = "n/a", baseline.na or ""
        return variant
    copy_project(orig, folder)
    (folder / "Dockerfile").write_text(baseline.dockerfile)
    if baseline.dockerignore is not None:
        (folder / ".dockerignore").write_text(baseline.dockerignore)
    variant.folder, variant.dockerfile = folder, baseline.dockerfile
    return variant


def prepare_fly(project: bl.Project, orig: Path, folder: Path) -> Variant:
    """What ``@flydotio/dockerfile`` writes for the project (non-interactive, --force)."""
    variant = Variant(VariantResult("fly"))
    npx = shutil.which("npx")
    if npx is None:
        variant.result.status, variant.result.reason = "n/a", "npx (Node.js) is not installed on this host"
        return variant
    copy_project(orig, folder)
    result = subprocess.run(
        [npx, "--yes", "@flydotio/dockerfile@latest", "--force"],
        cwd=folder,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TOOL_TIMEOUT,
    )
    dockerfile = folder / "Dockerfile"
    if result.returncode != 0 or not dockerfile.is_file():
        variant.result.status = "n/a"
        variant.result.reason = f"the generator failed: {(result.stderr or result.stdout).strip()[-300:]}"
        return variant
    text, args, notes = bl.adapt_fly_dockerfile(
        dockerfile.read_text(),
        project.version,
        project.package_manager_version if project.package_manager == "pnpm" else None,
    )
    dockerfile.write_text(text)
    variant.result.notes = [f"written by @flydotio/dockerfile {fly_version()}", *notes]
    variant.folder, variant.dockerfile, variant.build_args = folder, text, args
    return variant


def fly_version() -> str:
    """The version ``npx @flydotio/dockerfile@latest`` ran (its --version prints "unknown")."""
    npm = shutil.which("npm")
    if npm is None:
        return "(version unknown)"
    result = subprocess.run(
        [npm, "view", "@flydotio/dockerfile@latest", "version"],
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT,
    )
    return result.stdout.strip() or "(version unknown)"


def prepare_variants(project: bl.Project, orig: Path, work: Path) -> dict[str, Variant]:
    files = {
        p: (orig / p).read_text()
        for p in ("requirements.txt", *project.dependency_files)
        if (orig / p).is_file()
    }
    includes = bl.requirement_includes(files) if "requirements.txt" in files else ()
    variants = {
        "genfile": prepare_genfile(orig, work / "genfile"),
        "classic": prepare_baseline("classic", bl.classic_dockerfile(project), orig, work / "classic"),
        "article": prepare_baseline(
            "article", bl.article_dockerfile(project, includes), orig, work / "article"
        ),
    }
    if project.ecosystem == "node":
        variants["fly"] = prepare_fly(project, orig, work / "fly")
    return variants


# --------------------------------------------------------------------------- dependency change


def find_tool(name: str) -> str | None:
    """A tool on PATH, or installed beside this interpreter (a venv's bin folder)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.is_file() else None)


def _dependency_command(project: bl.Project) -> tuple[list[str] | None, str]:
    """The project's own tool adding the benchmark's dependency (None: done by editing text)."""
    py = "==".join(bl.PYTHON_EXTRA_DEPENDENCY)
    node = "@".join(bl.NODE_EXTRA_DEPENDENCY)
    manager = project.package_manager
    commands = {
        "uv": ["uv", "add", "--no-sync", py],
        "poetry": ["poetry", "add", "--lock", py],
        "pdm": ["pdm", "add", "--no-sync", py],
        "pipenv": ["pipenv", "lock"],
        "npm": ["npm", "install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", node],
        "yarn": [
            "npx",
            "--yes",
            "yarn@1.22.22",
            "add",
            node,
            "--ignore-scripts",
            "--ignore-engines",
            "--non-interactive",
        ],
        "pnpm": [
            "npx",
            "--yes",
            f"pnpm@{project.package_manager_version or 'latest'}",
            "add",
            node,
            "--lockfile-only",
            "--ignore-scripts",
        ],
    }
    return commands.get(manager), py if project.ecosystem == "python" else node


def dependency_change(project: bl.Project, orig: Path, scratch: Path) -> tuple[dict[str, str] | None, str]:
    """The manifest and lockfile contents after adding one small dependency, and what was
    done; or None and why it is skipped."""
    if project.ecosystem == "go":
        return (
            None,
            "no Go module proxy here, so no module can be added (the samples are stdlib-only or vendored)",
        )
    if project.package_manager == "bun":
        return None, "bun is not installed on this host"
    copy_project(orig, scratch)
    command, requirement = _dependency_command(project)
    if project.package_manager == "pip":
        return _edit_pip_manifest(project, scratch, requirement)
    if project.package_manager == "pipenv":
        pipfile = scratch / "Pipfile"
        pipfile.write_text(bl.add_pipfile_package(pipfile.read_text(), *bl.PYTHON_EXTRA_DEPENDENCY))
        requirement += " added to Pipfile [packages], then"
    assert command is not None
    tool = find_tool(command[0])
    if tool is None:
        return None, f"{command[0]} is not installed on this host, so the lockfile cannot be regenerated"
    env = {
        **os.environ,
        "PIPENV_VENV_IN_PROJECT": "1",
        "PIPENV_IGNORE_VIRTUALENVS": "1",
        "PIPENV_NOSPIN": "1",
        "POETRY_VIRTUALENVS_IN_PROJECT": "true",
        "COREPACK_ENABLE_DOWNLOAD_PROMPT": "0",
    }
    result = subprocess.run(
        [tool, *command[1:]],
        cwd=scratch,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=TOOL_TIMEOUT,
    )
    if result.returncode != 0:
        return None, f"`{bl.shell_join(command)}` fails here: {_tool_error(result)}"
    changed = _changed_files(orig, scratch)
    if not changed:
        return None, f"`{bl.shell_join(command)}` changed no file"
    how = "locked with" if project.package_manager == "pipenv" else "added with"
    return changed, f"{requirement} {how} `{bl.shell_join(command)}` ({', '.join(sorted(changed))})"


def _tool_error(result: subprocess.CompletedProcess[str]) -> str:
    """The last lines a failing tool wrote, preferring stderr (stdout holds its progress)."""
    for stream in (result.stderr, result.stdout):
        lines = [line.strip() for line in stream.splitlines() if line.strip()]
        if lines:
            return " ".join(lines[-2:])[-300:]
    return f"exit status {result.returncode}"


def _edit_pip_manifest(
    project: bl.Project, scratch: Path, requirement: str
) -> tuple[dict[str, str] | None, str]:
    if "requirements.txt" in project.dependency_files:
        path = scratch / "requirements.txt"
        return {
            "requirements.txt": bl.add_requirement(path.read_text(), requirement)
        }, f"{requirement} appended to requirements.txt"
    if (scratch / "pyproject.toml").is_file():
        try:
            text = bl.add_pep621_dependency((scratch / "pyproject.toml").read_text(), requirement)
        except ValueError as exc:
            return None, f"pyproject.toml: {exc}"
        return {"pyproject.toml": text}, f"{requirement} added to [project] dependencies in pyproject.toml"
    return None, "no requirements.txt or [project] dependencies to add to"


MANIFESTS = (
    "requirements.txt",
    "pyproject.toml",
    "uv.lock",
    "poetry.lock",
    "pdm.lock",
    "Pipfile",
    "Pipfile.lock",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
)


def _changed_files(orig: Path, scratch: Path) -> dict[str, str]:
    changed = {}
    for name in MANIFESTS:
        after = scratch / name
        if after.is_file():
            text = after.read_text()
            before = orig / name
            if not before.is_file() or before.read_text() != text:
                changed[name] = text
    return changed


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Changes:
    """The two edits every run makes, in this order, after the cold build."""

    edited_file: str | None
    dependency_files: Mapping[str, str] | None


def measure(docker: Docker, sample: str, variant: Variant, run: int, changes: Changes, work: Path) -> None:
    """One run of one variant: cold build, source-edit rebuild, dependency rebuild."""
    result = variant.result
    assert variant.folder is not None
    context = work / f"run-{result.variant}"
    copy_project(variant.folder, context)
    tag = f"genfile-bench/{sample}:{result.variant}"
    docker.prune_build_cache()
    cold = docker.build(context, tag, no_cache=True, build_args=variant.build_args)
    variant.image_ids.append(docker.image_id(tag) or tag)
    if not cold.ok:
        result.status, result.reason = "failed", f"cold build failed: {cold.error()}"
        log(f"  {result.variant}: cold build FAILED: {cold.error()[:200]}")
        return
    result.cold.append(cold.seconds)
    if result.facts is None:
        result.facts = docker.facts(tag, bl.final_base(variant.dockerfile, variant.build_args))
    result.edit.append(
        _rebuild(docker, variant, context, tag, "source edit", _edit_source(context, changes, run))
    )
    dep = None
    if changes.dependency_files:
        for name, text in changes.dependency_files.items():
            (context / name).write_text(text)
        dep = _rebuild(docker, variant, context, tag, "dependency change", True)
    result.dep.append(dep)
    log(f"  {result.variant}: cold {cold.seconds:.1f}s, edit {_fmt(result.edit[-1])}, dep {_fmt(dep)}")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}s"


def _edit_source(context: Path, changes: Changes, run: int) -> bool:
    if changes.edited_file is None:
        return False
    path = context / changes.edited_file
    path.write_text(bl.source_edit(changes.edited_file, path.read_text(), run))
    return True


def _rebuild(
    docker: Docker, variant: Variant, context: Path, tag: str, what: str, changed: bool
) -> float | None:
    if not changed:
        return None
    outcome = docker.build(context, tag, build_args=variant.build_args)
    variant.image_ids.append(docker.image_id(tag) or tag)
    if outcome.ok:
        return outcome.seconds
    problem = f"rebuild after the {what} failed: {outcome.error()}"
    if problem not in variant.result.problems:
        variant.result.problems.append(problem)
    return None


def save_dockerfiles(sample: str, variants: Mapping[str, Variant], out: Path) -> None:
    """Keep every Dockerfile that was built beside the report, and link it from the tables."""
    folder = out / "benchmarks" / sample
    folder.mkdir(parents=True, exist_ok=True)
    for name, variant in variants.items():
        if not variant.dockerfile:
            continue
        (folder / f"{name}.Dockerfile").write_text(variant.dockerfile)
        ignore = variant.folder / ".dockerignore" if variant.folder else None
        if ignore is not None and ignore.is_file():
            (folder / f"{name}.dockerignore").write_text(ignore.read_text())
        variant.result.dockerfile = f"benchmarks/{sample}/{name}.Dockerfile"


def bench_sample(docker: Docker, sample: str, work: Path, runs: int, out: Path) -> SampleResult:
    """Every variant of one sample, ``runs`` times; its images are removed afterwards."""
    log(f"[{sample}] preparing")
    started = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    orig = work / "orig"
    copy_project(SAMPLES / sample, orig)
    project = load_project(sample, orig)
    variants = prepare_variants(project, orig, work)
    files = sorted(p.relative_to(orig).as_posix() for p in orig.rglob("*") if p.is_file())
    edited = bl.pick_source_file(project, files)
    dep_files, dep_text = dependency_change(project, orig, work / "dependency-scratch")
    changes = Changes(edited, dep_files)
    save_dockerfiles(sample, variants, out)
    try:
        for run in range(runs):
            log(f"[{sample}] run {run + 1}/{runs}")
            for variant in variants.values():
                if variant.result.status == "ok":
                    measure(docker, sample, variant, run, changes, work)
    finally:
        docker.remove_images([ref for v in variants.values() for ref in v.image_ids])
        docker.remove_images([f"genfile-bench/{sample}:{name}" for name in variants])
    return SampleResult(
        sample,
        project.ecosystem,
        edited,
        dependency=dep_text if dep_files else None,
        dependency_skip=None if dep_files else dep_text,
        variants={name: v.result for name, v in variants.items()},
        measured=utc_now(),
        seconds=time.monotonic() - started,
    )


def bench_detect(files: int, runs: int) -> DetectResult:
    """``genfile detect`` on ``benchmarks/detect_large.py``'s synthetic tree."""
    from detect_large import build_tree

    from genfile.pipeline import detect, plan_stack

    root = Path(tempfile.mkdtemp(prefix="genfile-bench-detect-"))
    try:
        start = time.monotonic()
        build_tree(root, files)
        built = time.monotonic() - start
        cli, inprocess = [], []
        for _ in range(runs):
            start = time.monotonic()
            result = genfile_cli("detect", str(root), "--json")
            cli.append((time.monotonic() - start) * 1000)
            if result.returncode != 0:
                raise RuntimeError(f"genfile detect failed: {result.stderr.strip()}")
            start = time.monotonic()
            plan_stack(detect(root))
            inprocess.append((time.monotonic() - start) * 1000)
        return DetectResult(files, built, cli, inprocess)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- report


def machine() -> str:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM"
    return (
        f"{os.cpu_count()} CPUs{f' ({cpu})' if cpu else ''}{memory}, {platform.system()} {platform.release()}"
    )


def write_report(report: Report, out: Path) -> Path:
    chart = out / "img" / "benchmarks.png"
    write_chart(report, chart)
    analysis = ANALYSIS.read_text() if ANALYSIS.is_file() else ""
    doc = out / "benchmarks.md"
    doc.write_text(render_markdown(report, "img/benchmarks.png", analysis))
    (out / "benchmarks").mkdir(parents=True, exist_ok=True)
    (out / "benchmarks" / "results.json").write_text(to_json(report))
    return doc


def merge(report: Report, result: SampleResult) -> None:
    """Add a sample's result, replacing an earlier one of the same sample in its place."""
    for i, earlier in enumerate(report.samples):
        if earlier.sample == result.sample:
            report.samples[i] = result
            return
    report.samples.append(result)


def all_samples() -> list[str]:
    order = {"python": 0, "node": 1, "go": 2}
    names = [p.name for p in SAMPLES.iterdir() if p.is_dir()]
    return sorted(names, key=lambda n: (order.get(n.split("-")[0], 9), n))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--samples", nargs="+", metavar="NAME", help="sample_projects/ folders (default: all)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per timing; the median is reported")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "docs", help="where the report goes (default: docs/)"
    )
    parser.add_argument("--detect-files", type=int, default=100_000, help="size of the synthetic repository")
    parser.add_argument("--skip-detect", action="store_true", help="do not time genfile detect")
    parser.add_argument(
        "--report-only",
        type=Path,
        metavar="RESULTS_JSON",
        help="re-render the report from a results.json, build nothing",
    )
    parser.add_argument(
        "--update",
        type=Path,
        metavar="RESULTS_JSON",
        help="re-measure only --samples and merge them into this results.json (after a template change)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        doc = write_report(from_json(args.report_only.read_text()), args.out)
        log(f"wrote {doc}")
        return 0
    if args.update and not args.samples:
        log("images.py: error: --update needs --samples (the samples to re-measure)")
        return 2
    docker = Docker()
    probe = docker.run("info", check=False, timeout=60)
    if probe.returncode != 0:
        log(f"images.py: error: no Docker engine answers ({probe.stderr.strip()[:200]})")
        return 2
    samples = args.samples or all_samples()
    unknown = [s for s in samples if not (SAMPLES / s).is_dir()]
    if unknown:
        log(f"images.py: error: no such sample: {', '.join(unknown)} (see {SAMPLES})")
        return 2
    from genfile import __version__

    meta = Meta(
        date=utc_now(),
        engine=f"Docker {docker.server_version()} (its built-in BuildKit)",
        machine=machine(),
        genfile_version=__version__,
        runs=args.runs,
        command="python benchmarks/images.py " + " ".join(sys.argv[1:] if argv is None else argv),
    )
    report = Report(meta, [])
    if args.update:
        report = from_json(args.update.read_text())
        report.meta.updates.append(f"{', '.join(samples)} on {meta.date} (`{meta.command}`)")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="genfile-bench-"))
    try:
        for sample in samples:
            merge(report, bench_sample(docker, sample, work / sample, args.runs, args.out))
            shutil.rmtree(work / sample, ignore_errors=True)
            if not args.update:
                meta.duration_s = time.monotonic() - started
            write_report(report, args.out)  # a partial report survives an interrupted run
        if not args.skip_detect and not args.update:
            log(f"[detect] {args.detect_files:,} files")
            report.detect = bench_detect(args.detect_files, max(args.runs, 3))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not args.update:
        meta.duration_s = time.monotonic() - started
    doc = write_report(report, args.out)
    log(f"wrote {doc} in {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
