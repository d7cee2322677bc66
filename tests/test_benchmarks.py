"""The pure parts of benchmarks/images.py: baselines written per project shape, the target
evaluation, and the report's tables. No engine needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_baselines as bl  # noqa: E402
import bench_report as br  # noqa: E402
from bench_docker import BuildOutcome, ImageFacts  # noqa: E402

from genfile.detectors.node.versions import DEFAULT_NODE  # noqa: E402
from genfile.pipeline import detect, plan_stack  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"


def project(sample: str) -> bl.Project:
    """A Project from genfile's own detection, as the benchmark builds it."""
    detection = detect(SAMPLES / sample)
    data = {**detection.as_dict(), "plan": plan_stack(detection).as_dict()}
    manifest = SAMPLES / sample / "package.json"
    package_json = json.loads(manifest.read_text()) if manifest.is_file() else None
    return bl.project_from_detection(sample, json.loads(json.dumps(data, default=str)), package_json)


# --------------------------------------------------------------------------- baselines


def test_classic_python_requirements_installs_what_genfile_installs() -> None:
    p = project("python-flask-requirements")
    text = bl.classic_dockerfile(p).dockerfile or ""
    assert text.splitlines()[0] == "FROM python:3.11"
    assert "COPY . .\nRUN pip install -r requirements.txt gunicorn==23.0.0\n" in text
    assert "USER" not in text  # the article's "before" runs as root


def test_classic_python_follows_the_project_shape() -> None:
    assert "RUN pip install .\n" in (bl.classic_dockerfile(project("python-pep621-cli")).dockerfile or "")
    uv = bl.classic_dockerfile(project("python-fastapi-uv")).dockerfile or ""
    assert "uv sync --locked --no-dev" in uv and "ENV PATH=/app/.venv/bin:$PATH" in uv
    pipenv = bl.classic_dockerfile(project("python-pipenv")).dockerfile or ""
    assert "pipenv install --deploy --system" in pipenv
    poetry = bl.classic_dockerfile(project("python-fastapi-poetry"))
    assert "poetry export --only main" in (poetry.dockerfile or "") and poetry.notes


def test_article_recipe_is_literal_for_python_and_copies_includes() -> None:
    p = project("python-flask-requirements")
    includes = bl.requirement_includes(
        {
            "requirements.txt": "-r requirements/base.txt\npython-dotenv\n",
            "requirements/base.txt": "Flask\n",
        }
    )
    assert includes == ("requirements/base.txt",)
    baseline = bl.article_dockerfile(p, includes)
    text = baseline.dockerfile or ""
    for line in (
        "FROM python:3.11-slim AS builder",
        "RUN useradd --create-home --shell /bin/bash appuser",
        "COPY --from=builder /root/.local /home/appuser/.local",
        "COPY requirements/base.txt",
    ):
        assert line in text
    assert "pip install --user --no-cache-dir -r requirements.txt" in text
    assert baseline.dockerignore == bl.ARTICLE_DOCKERIGNORE


@pytest.mark.parametrize("sample", ["python-fastapi-uv", "python-fastapi-poetry", "python-pep621-cli"])
def test_article_recipe_is_na_without_requirements(sample: str) -> None:
    baseline = bl.article_dockerfile(project(sample))
    assert baseline.dockerfile is None and baseline.na and "requirements.txt" in baseline.na


def test_node_baselines_use_the_lockfile_tool() -> None:
    pnpm = project("node-nest-pnpm")
    assert "corepack enable && pnpm install" in (bl.classic_dockerfile(pnpm).dockerfile or "")
    article = bl.article_dockerfile(pnpm).dockerfile or ""
    assert (
        f"FROM node:{DEFAULT_NODE}-alpine AS builder" in article
        and "pnpm install --frozen-lockfile --prod" in article
    )
    assert "COPY --from=builder /app/dist ./dist" in article and "USER appuser" in article
    npm = bl.article_dockerfile(project("node-express-npm")).dockerfile or ""
    assert "COPY package*.json ./\nRUN npm ci --only=production\nCOPY . .\n" in npm
    assert "builder" not in npm  # no build script, no builder stage


def test_article_static_site_is_served_by_nginx() -> None:
    baseline = bl.article_dockerfile(project("node-vite-spa"))
    assert "FROM nginx:alpine" in (baseline.dockerfile or "")
    assert any("root master" in note for note in baseline.notes)


def test_go_baselines() -> None:
    p = project("go-templates")
    classic = bl.classic_dockerfile(p).dockerfile or ""
    assert classic.startswith("FROM golang:1.26\n") and "go build -o /app/webui ." in classic
    article = bl.article_dockerfile(p).dockerfile or ""
    assert "FROM gcr.io/distroless/base" in article
    assert "COPY --from=builder /app/templates /app/templates" in article


def test_fly_adaptation_only_drops_syntax_and_pins_major() -> None:
    text = (
        "# syntax = docker/dockerfile:1\n\nARG NODE_VERSION=20.20.2\nFROM node:${NODE_VERSION}-slim AS base\n"
    )
    adapted, args, notes = bl.adapt_fly_dockerfile(text, "24")
    assert adapted == text.split("\n", 1)[1]
    assert args == {"NODE_VERSION": "24"} and len(notes) == 2


def test_fly_pnpm_gets_the_projects_pin() -> None:
    text = "ARG NODE_VERSION=20.20.2\nFROM node:${NODE_VERSION}-slim AS base\nARG PNPM_VERSION=latest\n"
    _, args, notes = bl.adapt_fly_dockerfile(text, "24", "10.34.8")
    assert args == {"NODE_VERSION": "24", "PNPM_VERSION": "10.34.8"}
    assert any("ERR_PNPM_BAD_CONFIG_DEP" in note for note in notes)
    assert bl.adapt_fly_dockerfile(text, "24")[1] == {"NODE_VERSION": "24"}  # no pin, left alone


def test_build_error_names_the_cause_and_the_step() -> None:
    log = (
        "#9 [builder 4/4] RUN pip install --user -r requirements.txt\n"
        "#9 1.393   error: subprocess-exited-with-error\n"
        "#9 1.393       Error: pg_config executable not found.\n"
        "#9 ERROR: executor failed running [/bin/sh -c pip install]: exit code: 1\n"
    )
    assert BuildOutcome(1.0, False, log).error() == (
        "Error: pg_config executable not found. — "
        "ERROR: executor failed running [/bin/sh -c pip install]: exit code: 1"
    )


def test_final_base_follows_stages_and_args() -> None:
    fly = (
        "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim AS base\nFROM base AS build\nRUN x\nFROM base\n"
    )
    assert bl.final_base(fly) == "node:20-slim"
    assert bl.final_base(fly, {"NODE_VERSION": "24"}) == "node:24-slim"
    genfile = "FROM --platform=$BUILDPLATFORM golang:1.26 AS builder\nFROM gcr.io/distroless/static:nonroot\n"
    assert bl.final_base(genfile) == "gcr.io/distroless/static:nonroot"


def test_source_file_and_edits() -> None:
    p = bl.Project("x", "node", "24", ("node", "server.js"), source_file="next.config.mjs")
    files = ["next.config.mjs", "app/page.js", "app/health/route.js", "tests/a.test.js", "vite.config.js"]
    assert bl.pick_source_file(p, files) == "app/page.js"
    assert bl.source_edit("main.go", "package main\n", 0) == "package main\n// benchmark edit 0\n"
    assert bl.source_edit("app.py", "x = 1", 2) == "x = 1\n# benchmark edit 2\n"


def test_dependency_edits() -> None:
    assert bl.add_requirement("Flask\n", "six==1.17.0") == "Flask\nsix==1.17.0\n"
    empty = '[project]\nname = "a"\ndependencies = []\n\n[tool.x]\ndependencies = ["no"]\n'
    assert 'dependencies = ["six==1.17.0"]\n\n[tool.x]' in bl.add_pep621_dependency(empty, "six==1.17.0")
    many = '[project]\ndependencies = [\n    "fastapi",\n]\n'
    assert bl.add_pep621_dependency(many, "six") == '[project]\ndependencies = ["six", \n    "fastapi",\n]\n'
    pipfile = '[packages]\nflask = "==3.1.3"\n'
    assert (
        bl.add_pipfile_package(pipfile, "six", "1.17.0")
        == '[packages]\nsix = "==1.17.0"\nflask = "==3.1.3"\n'
    )


# --------------------------------------------------------------------------- report


def facts(size: int, user: str = "10001", base: int = 100 * br.MB, **extra: object) -> ImageFacts:
    return ImageFacts(
        size=size, layers=5, user=user, base_image="base", base_size=base, added=size - base, **extra
    )  # type: ignore[arg-type]


def sample_result(ecosystem: str = "python") -> br.SampleResult:
    return br.SampleResult(
        "python-x",
        ecosystem,
        "app.py",
        "six",
        None,
        {
            "genfile": br.VariantResult(
                "genfile", facts=facts(150 * br.MB), cold=[10.0, 12.0], edit=[0.5, 0.4], dep=[5.0, 5.0]
            ),
            "classic": br.VariantResult(
                "classic",
                facts=facts(700 * br.MB, user="", base=650 * br.MB),
                cold=[20.0, 22.0],
                edit=[10.0, 2.0],
                dep=[20.0, 20.0],
            ),
            "article": br.VariantResult(
                "article",
                facts=facts(149 * br.MB, user="appuser"),
                cold=[8.0, 9.0],
                edit=[0.6, 0.5],
                dep=[4.0, 4.0],
            ),
        },
    )


def test_targets_are_evaluated_per_run_and_explained() -> None:
    targets = {t.key: t for t in br.evaluate(sample_result())}
    assert targets["size-60"].met is True  # 150 vs 700 MB
    assert targets["size-article"].met is False and "added over base" in targets["size-article"].hint
    # per-run ratios 0.05 and 0.20: median 0.125 > 0.10 even though the medians give 0.45/6.0
    assert targets["edit-10"].met is False and "0.05, 0.20" in targets["edit-10"].figures
    assert targets["edit-article"].met is True
    assert targets["non-root"].met and targets["no-compiler"].met and targets["no-cache"].met
    assert "size-fly" not in targets  # fly is for Node samples only


def test_size_miss_caused_by_a_heavier_base_says_so() -> None:
    result = sample_result()
    # 3 MB heavier base, 1 MB less added on top: still larger, but only because of the base
    result.variants["genfile"].facts = facts(152 * br.MB, base=103 * br.MB)
    result.variants["article"].facts = facts(150 * br.MB, user="appuser")
    miss = {t.key: t for t in br.evaluate(result)}["size-article"]
    assert miss.met is False and "the whole gap is the base image" in miss.hint
    # the same size over an identical base: the hint must not blame the base
    result.variants["genfile"].facts = facts(152 * br.MB)
    assert "base image" not in {t.key: t for t in br.evaluate(result)}["size-article"].hint


def test_rebuild_comparison_allows_a_tie_within_noise_but_not_a_real_loss() -> None:
    result = sample_result()
    result.variants["genfile"].edit = [0.12, 0.11, 0.13]
    result.variants["article"].edit = [0.10, 0.12, 0.11]  # 0.01 s apart: a tie
    tie = {t.key: t for t in br.evaluate(result)}["edit-article"]
    assert tie.met is True and "a tie" in tie.hint
    text = "\n".join(br.targets_section(br.evaluate(result)))
    assert "Counted as met as ties" in text and "python-x" in text

    result.variants["genfile"].edit = [0.7, 0.7, 0.8]
    result.variants["article"].edit = [0.5, 0.6, 0.5]  # 0.2 s slower: a loss
    loss = {t.key: t for t in br.evaluate(result)}["edit-article"]
    assert loss.met is False and loss.hint == "0.20 s slower"


def test_image_targets_fail_on_root_compiler_and_cache() -> None:
    result = sample_result()
    result.variants["genfile"].facts = facts(
        150 * br.MB, user="0:0", compilers=["gcc"], caches={"/root/.cache": 2 * br.MB}
    )
    targets = {t.key: t for t in br.evaluate(result)}
    assert not targets["non-root"].met and not targets["no-compiler"].met and not targets["no-cache"].met


def test_unavailable_baseline_is_not_measurable() -> None:
    result = sample_result()
    result.variants["article"] = br.VariantResult("article", status="n/a", reason="no requirements.txt")
    targets = {t.key: t for t in br.evaluate(result)}
    assert targets["size-article"].met is None and "no requirements.txt" in targets["size-article"].figures


def test_is_root() -> None:
    assert br.is_root("") and br.is_root("root") and br.is_root("0:0")
    assert not br.is_root("10001:10001") and not br.is_root("appuser")


def test_markdown_tables_and_round_trip() -> None:
    meta = br.Meta(
        "2026-01-01 00:00 UTC", "Docker 20.10", "2 CPUs", "0.1.0", 2, "python benchmarks/images.py"
    )
    report = br.Report(
        meta, [sample_result()], br.DetectResult(100_000, 12.0, [300.0, 320.0], [250.0, 260.0])
    )
    text = br.render_markdown(report, "img/benchmarks.png", "## Analysis\n\nwhy")
    assert "| python-x | 150.0 MB | 700.0 MB | 149.0 MB | n/a | 79% smaller |" in text
    assert "| final image | 150.0 MB | 700.0 MB | 149.0 MB |" in text
    assert "root (no USER) ⚠" in text and "local stand-ins" in text and "## Analysis" in text
    assert "![image size" in text and "100,000 files" in text
    assert "0.5 s (0.4–0.5)" in text  # median (min–max)
    again = br.from_json(br.to_json(report))
    assert again == report


def test_update_replaces_a_sample_in_place_and_the_report_says_when() -> None:
    import images

    meta = br.Meta("2026-01-01 00:00 UTC", "Docker", "2 CPUs", "0.1.0", 3, "python benchmarks/images.py")
    first, second = sample_result(), sample_result()
    second.sample = "python-y"
    report = br.Report(meta, [first, second])
    redone = sample_result()
    redone.variants["genfile"].facts = facts(140 * br.MB)
    images.merge(report, redone)
    assert [s.sample for s in report.samples] == ["python-x", "python-y"]
    assert report.samples[0].variants["genfile"].facts.size == 140 * br.MB  # type: ignore[union-attr]
    other = sample_result()
    other.sample = "python-z"
    images.merge(report, other)
    assert [s.sample for s in report.samples] == ["python-x", "python-y", "python-z"]

    meta.updates.append("python-x on 2026-01-02 00:00 UTC (`python benchmarks/images.py --update ...`)")
    text = br.render_markdown(report, "img/benchmarks.png")
    assert "- Re-measured later: python-x on 2026-01-02" in text
    report.samples[0].measured, report.samples[0].seconds = "2026-01-02 00:00 UTC", 60.0
    assert "Measured on 2026-01-02 00:00 UTC in 1.0 min." in br.render_markdown(report, "img/b.png")
    assert br.from_json(br.to_json(report)) == report
