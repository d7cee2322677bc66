"""The peer suite's report: ``docs/peer-suite.md`` for people, ``results.json`` for tools."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from peer_run import CaseResult, ExampleResult


@dataclass
class Meta:
    command: str
    started: str
    wall_seconds: float
    jobs: int
    engine: str
    genfile_commit: str
    suite_source: str
    measured: list[str] = field(default_factory=list)  # examples this run measured (all, or --only)


def to_json(meta: Meta, results: list[ExampleResult]) -> str:
    return json.dumps({"meta": meta.__dict__, "examples": [r.as_dict() for r in results]}, indent=1) + "\n"


def from_json(text: str) -> tuple[Meta, list[ExampleResult]]:
    data = json.loads(text)
    results = []
    for raw in data["examples"]:
        cases = [CaseResult(**c) for c in raw.pop("cases")]
        results.append(ExampleResult(**raw, cases=cases))
    return Meta(**data["meta"]), results


def _size(n: int | None) -> str:
    return f"{n / 1e6:.0f} MB" if n else "–"


def _secs(s: float | None) -> str:
    return f"{s:.0f} s" if s is not None else "–"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def totals(results: list[ExampleResult]) -> dict[str, Counter[str]]:
    """Verdict counts per language, and for all examples ("all")."""
    by: dict[str, Counter[str]] = {}
    for r in results:
        for key in (r.language, "all"):
            by.setdefault(key, Counter())[r.verdict] += 1
    return by


def render_markdown(meta: Meta, results: list[ExampleResult]) -> str:
    counts = totals(results)
    out = [
        "# genfile on a peer's test suite: Railpack's example apps",
        "",
        "Each of Railpack's example apps (in `../shared/peer-suites/railpack/`) is copied to a temporary",
        "folder, `genfile init --yes` runs there with no flags, the image is built with the `docker build`",
        "line genfile printed, and every case of the example's `test.json` runs a container with the",
        "case's environment: `expectedOutput` strings must all appear in what the container prints,",
        "`httpCheck` must answer with the expected status (and body). A case is *not applicable* only",
        "with a log or configuration line that proves it needs what this machine cannot provide; it",
        "never counts as a pass. An image that runs as root fails, whatever its cases do.",
        "",
        f"Produced by `{meta.command}` on {meta.started} ({meta.engine}, {meta.jobs} jobs, "
        f"{meta.wall_seconds / 60:.1f} min wall time), genfile at {meta.genfile_commit}. "
        f"Suite: {meta.suite_source}.",
        "",
        "## Totals",
        "",
        "| language | passed / applicable | not applicable | genfile failures |",
        "|---|---|---|---|",
    ]
    for lang in [*sorted(k for k in counts if k != "all"), "all"]:
        c = counts[lang]
        applicable = c["pass"] + c["fail"]
        label = "**all**" if lang == "all" else lang
        out.append(f"| {label} | {c['pass']} / {applicable} | {c['not applicable']} | {c['fail']} |")
    out += [
        "",
        "## Every example",
        "",
        "| example | language | verdict | stack | image | build | user | reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: r.name):
        user = "–" if r.root is None else (f"root ({r.user or 'unset'})" if r.root else r.user)
        out.append(
            f"| {r.name} | {r.language} | {r.verdict} | {r.stack or '–'} | {_size(r.image_size)} | "
            f"{_secs(r.build_seconds)} | {_cell(user)} | {_cell(r.cause)[:220]} |"
        )
    failures = [r for r in results if r.verdict == "fail"]
    out += ["", "## genfile failures: the cause of each", ""]
    if not failures:
        out.append("None.")
    for r in sorted(failures, key=lambda r: r.name):
        out.append(f"- **{r.name}**: {_cell(r.cause)}")
        tail = (
            r.build_log_tail
            if r.build_ok is False
            else next((c.log_tail for c in r.cases if c.verdict == "fail" and c.log_tail), [])
        )
        if tail:
            out += ["  <details><summary>last log lines</summary>", "", "  ```"]
            out += [f"  {line}" for line in tail[-8:]]
            out += ["  ```", "  </details>"]
    na = [
        (r, c)
        for r in sorted(results, key=lambda r: r.name)
        for c in r.cases
        if c.verdict == "not applicable"
    ]
    here = [(r, c) for r, c in na if not c.detail.startswith("by design:")]
    design = [(r, c) for r, c in na if c.detail.startswith("by design:")]
    out += [
        "",
        "## Not applicable, with the line that shows it",
        "",
        "Cases that need what this machine cannot provide (a registry, a download host, a service,",
        "an exact image release) or that test Railpack's own configuration:",
        "",
    ]
    out += [
        f"- **{r.name}** case {c.index} ({_cell(c.check)}): {_cell(c.detail)} — `{_cell(c.proof)[:240]}`"
        for r, c in here
    ] or ["None."]
    out += [
        "",
        "Cases whose expectation contradicts a practice genfile keeps on purpose (the server runs as",
        "PID 1 without a package manager; a production server, not the framework's development one):",
        "",
    ]
    out += [
        f"- **{r.name}** case {c.index} ({_cell(c.check)}): "
        f"{_cell(c.detail.removeprefix('by design: '))} — `{_cell(c.proof)[:240]}`"
        for r, c in design
    ] or ["None."]
    notes = [f"- {r.name}: {_cell(n)}" for r in results for n in r.notes]
    notes += [f"- {r.name} case {c.index}: {_cell(c.note)}" for r in results for c in r.cases if c.note]
    if notes:
        out += ["", "## How the harness had to run some examples", "", *sorted(notes)]
    out += [
        "",
        "## Reproduce",
        "",
        "```bash",
        "python benchmarks/peer_suite.py                      # the whole suite (needs a Docker engine)",
        "python benchmarks/peer_suite.py --only python-flask,go-mod  # a few, merged into results.json",
        "```",
        "",
    ]
    return "\n".join(out)


def write(meta: Meta, results: list[ExampleResult], report: Path, results_json: Path) -> None:
    report.parent.mkdir(parents=True, exist_ok=True)
    results_json.parent.mkdir(parents=True, exist_ok=True)
    results_json.write_text(to_json(meta, results), encoding="utf-8")
    report.write_text(render_markdown(meta, results), encoding="utf-8")
