"""genfile on a peer's own test suite: Railpack's example apps, built, run and judged.

    python benchmarks/peer_suite.py [--only a,b] [--jobs 3] [--suite PATH] [--check] [--write-baseline]
        [--report docs/peer-suite.md] [--results docs/peer-suite/results.json]
        [--baseline benchmarks/peer_suite_passing.txt]

For every example (see :mod:`peer_run`) it records whether genfile generated files or refused
(and why), the build time, the image size and user, and each case's verdict; a failure is
genfile's unless a rule of :mod:`peer_judge` proves it cannot work here. ``--only`` runs a
subset and merges it into an existing results file, so the report stays whole. ``--check``
exits 1 when an example listed in the baseline no longer passes (CI); ``--write-baseline``
rewrites the baseline with the examples that pass now.

Needs a Docker engine with BuildKit and the base images genfile names (or the lab's stand-ins).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timezone
from pathlib import Path

from bench_docker import Docker
from peer_cases import load_examples
from peer_report import Meta, from_json, write
from peer_run import ExampleResult, run_example

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUITE = ROOT.parent / "shared" / "peer-suites" / "railpack"
DEFAULT_BASELINE = Path(__file__).resolve().parent / "peer_suite_passing.txt"


def _commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "genfile", "stacks"], cwd=ROOT, capture_output=True, text=True
    )
    return (result.stdout.strip() or "unknown") + (
        " (with uncommitted changes)" if dirty.stdout.strip() else ""
    )


def read_baseline(path: Path) -> list[str]:
    if not path.is_file():
        return []
    names = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [n for n in names if n]


def regressions(baseline: list[str], results: list[ExampleResult]) -> list[ExampleResult]:
    """Examples the baseline says pass that did not pass in this run (only those measured)."""
    by_name = {r.name: r for r in results}
    return [by_name[n] for n in baseline if n in by_name and by_name[n].verdict != "pass"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE, help="the peer suite folder")
    parser.add_argument("--only", help="comma-separated example names (merged into --results)")
    parser.add_argument("--jobs", type=int, default=3, help="examples built and run at once")
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "peer-suite.md")
    parser.add_argument("--results", type=Path, default=ROOT / "docs" / "peer-suite" / "results.json")
    parser.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE)
    parser.add_argument("--check", action="store_true", help="exit 1 when a baseline example stops passing")
    parser.add_argument("--write-baseline", action="store_true", help="rewrite the baseline from this run")
    args = parser.parse_args(argv)

    only = {n.strip() for n in args.only.split(",") if n.strip()} if args.only else None
    examples = load_examples(args.suite, only)
    docker = Docker()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    engine = f"Docker {docker.server_version()}"
    t0 = time.monotonic()
    fresh: list[ExampleResult] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_example, docker, ex, started): ex for ex in examples}
        for future in as_completed(futures):
            result = future.result()
            fresh.append(result)
            print(
                f"[{len(fresh)}/{len(examples)}] {result.name}: {result.verdict}"
                f"{' — ' + result.cause if result.cause else ''} ({result.seconds:.0f} s)",
                flush=True,
            )
    baseline = read_baseline(args.baseline)
    by_example = {ex.name: ex for ex in examples}
    for i, result in enumerate(fresh):
        if result.name in baseline and result.verdict != "pass":
            # One more try before a listed example counts as lost: a registry hiccup during a
            # build is not a regression. Both outcomes are in the report.
            print(f"{result.name}: {result.verdict} ({result.cause}); trying once more", flush=True)
            again = run_example(docker, by_example[result.name], started)
            again.notes.append(f"second attempt; the first one: {result.verdict}, {result.cause}")
            fresh[i] = again
    wall = time.monotonic() - t0

    results = fresh
    if only and args.results.is_file():
        _, earlier = from_json(args.results.read_text(encoding="utf-8"))
        names = {r.name for r in fresh}
        results = [r for r in earlier if r.name not in names] + fresh
    command = "python benchmarks/peer_suite.py" + (f" --only {args.only}" if only else "")
    meta = Meta(
        command,
        started,
        round(wall, 1),
        args.jobs,
        engine,
        _commit(),
        f"{args.suite.name} ({len(results)} examples)",
        sorted(r.name for r in fresh),
    )
    results.sort(key=lambda r: r.name)
    write(meta, results, args.report, args.results)
    passed = sorted(r.name for r in results if r.verdict == "pass")
    print(f"peer suite: {len(passed)} of {len(results)} pass; {wall / 60:.1f} min; report {args.report}")

    if args.write_baseline:
        header = "# Peer-suite examples that pass (CI fails when one stops passing). One name a line.\n"
        args.baseline.write_text(header + "".join(f"{n}\n" for n in passed), encoding="utf-8")
    new = sorted(set(r.name for r in fresh if r.verdict == "pass") - set(baseline))
    if new and not args.write_baseline:
        print(f"newly passing (add to {args.baseline.name}): {', '.join(new)}")
    lost = regressions(baseline, fresh)
    for r in lost:
        print(f"REGRESSION: {r.name} is in {args.baseline.name} but {r.verdict}: {r.cause}", file=sys.stderr)
    return 1 if args.check and lost else 0


if __name__ == "__main__":
    sys.exit(main())
