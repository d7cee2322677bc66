"""The pure parts of the peer-suite harness (benchmarks/peer_*.py): reading test.json, the
docker build line genfile prints, and the rules that may call a failure "not applicable".
No engine needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import peer_judge as judge  # noqa: E402
from peer_cases import Case, HttpCheck, load_examples, parse_cases, strip_jsonc  # noqa: E402
from peer_run import CaseResult, ExampleResult, _conclude, build_command, is_root  # noqa: E402
from peer_suite import DEFAULT_SUITE, regressions  # noqa: E402


def test_jsonc_comments_and_trailing_commas_are_dropped_outside_strings() -> None:
    text = (
        '[ { // a comment\n "expectedOutput": ["a // not a comment", "b,]",], '
        '/* x */ "envs": {"K": "v",}, },\n]'
    )
    cases = parse_cases(text)
    assert cases[0].expected_output == ("a // not a comment", "b,]")
    assert cases[0].envs == {"K": "v"}
    assert strip_jsonc('"http://x" // y') == '"http://x" '


def test_http_check_defaults_and_body_strings() -> None:
    (case,) = parse_cases('[{"httpCheck": {"internalPort": 80, "expectedOutput": ["A", "B"]}}]')
    assert case.http == HttpCheck("/", 200, 80, ("A", "B"))
    assert case.kind == "http" and "GET / → 200" in case.describe()


def test_every_example_of_the_suite_parses() -> None:
    if not DEFAULT_SUITE.is_dir():
        pytest.skip(f"no peer suite at {DEFAULT_SUITE}")
    examples = load_examples(DEFAULT_SUITE)
    assert len(examples) >= 70
    assert all(e.cases for e in examples)
    assert {e.language for e in examples} == {"Python", "Node/Bun", "Go", "static"}


def test_build_command_keeps_secrets_and_file_with_absolute_paths(tmp_path: Path) -> None:
    out = "created: Dockerfile\nnext: docker build --secret id=npmrc,src=.npmrc -f web/Dockerfile -t app .\n"
    options, context = build_command(out, tmp_path)
    assert options == ["--secret", f"id=npmrc,src={tmp_path}/.npmrc", "-f", f"{tmp_path}/web/Dockerfile"]
    assert context == tmp_path / "."
    assert build_command("created: Dockerfile\n", tmp_path) == ([], tmp_path)


@pytest.mark.parametrize(
    ("user", "root"), [("", True), ("root", True), ("0:0", True), ("node", False), ("10001:10001", False)]
)
def test_root_users(user: str, root: bool) -> None:
    assert is_root(user) is root


def _ev(
    tmp_path: Path,
    *,
    case: Case | None = None,
    build: str = "",
    run: str = "",
    missing=(),
    dockerfile="",
    stack="x",
):
    """What the judge sees: a container ran when there is a run log."""
    return judge.Evidence(
        tmp_path, case or Case(0), build, run, tuple(missing), dockerfile, stack, (), bool(run)
    )


def test_a_download_from_outside_the_registries_is_not_applicable(tmp_path: Path) -> None:
    log = (
        "#9 12.3 Error: request to https://binaries.prisma.sh/all_commits/x failed, "
        "reason: getaddrinfo ENOTFOUND binaries.prisma.sh"
    )
    found = judge.not_applicable(_ev(tmp_path, build=log))
    assert found is not None and "binaries.prisma.sh" in found.reason and "ENOTFOUND" in found.proof


def test_a_registry_failure_stays_genfiles(tmp_path: Path) -> None:
    log = (
        "npm error request to https://registry.npmjs.org/x failed, "
        "reason: getaddrinfo EAI_AGAIN registry.npmjs.org"
    )
    assert judge.not_applicable(_ev(tmp_path, build=log)) is None


@pytest.mark.parametrize(
    "log",
    [
        "#3 ERROR: docker.io/library/python:3.7-slim: not found",
        "#3 [internal] load metadata for docker.io/library/python:3.7-slim\n"
        '#3 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/library/python/manifests/'
        '3.7-slim": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host',
    ],
)
def test_a_base_image_the_engine_lacks_is_not_applicable(tmp_path: Path, log: str) -> None:
    found = judge.not_applicable(_ev(tmp_path, build=log))
    assert found is not None and "python:3.7-slim" in found.reason


def test_railpack_variables_explain_only_what_they_set(tmp_path: Path) -> None:
    case = Case(0, expected_output=("Node 22.22.0",), envs={"RAILPACK_NODE_VERSION": "22.22.0"})
    assert (
        judge.not_applicable(_ev(tmp_path, case=case, run="Node 24", missing=("Node 22.22.0",))) is not None
    )
    assert judge.not_applicable(_ev(tmp_path, case=case, run="Node 24", missing=("hello from Bun",))) is None


def test_railpack_json_explains_an_output_that_repeats_its_value(tmp_path: Path) -> None:
    (tmp_path / "railpack.json").write_text('{"deploy": {"startCommand": "pnpm run start"}}\n')
    found = judge.not_applicable(
        _ev(tmp_path, run="Started through node", missing=("Started through pnpm run start",))
    )
    assert found is not None and "railpack.json" in found.proof
    assert judge.not_applicable(_ev(tmp_path, run="x", missing=("Hello",))) is None


def test_an_exact_patch_on_the_pinned_line_is_not_applicable_but_another_line_is_genfiles(
    tmp_path: Path,
) -> None:
    run = "Hello from Go go1.27.3\n"
    pinned = _ev(
        tmp_path, run=run, missing=("Hello from Go go1.25.3",), dockerfile="FROM golang:1.25 AS builder\n"
    )
    assert judge.not_applicable(pinned) is not None
    other = _ev(
        tmp_path, run="Node v: v24.1.0", missing=("Node v: v22.2.0",), dockerfile="FROM node:24-alpine\n"
    )
    assert judge.not_applicable(other) is None


def test_a_peer_runtime_line_is_not_applicable_and_a_caddyfile_template_route_too(tmp_path: Path) -> None:
    assert judge.not_applicable(_ev(tmp_path, run="nginx", missing=("using config from file",))) is not None
    (tmp_path / "Caddyfile").write_text(
        ":80 {\n handle /custom {\n respond hi\n }\n root * {{.DIST_DIR}}\n}\n"
    )
    case = Case(0, http=HttpCheck("/custom", 200, 80, ()))
    assert judge.not_applicable(_ev(tmp_path, case=case, run="nginx")) is not None
    home = Case(0, http=HttpCheck("/", 200, 80, ()))
    assert judge.not_applicable(_ev(tmp_path, case=home, run="nginx")) is None


def test_a_service_named_in_the_envs_that_does_not_resolve(tmp_path: Path) -> None:
    case = Case(0, envs={"DATABASE_URL": "postgresql://u:p@postgres:5432/db"})
    run = 'psycopg.OperationalError: could not translate host name "postgres" to address'
    assert judge.not_applicable(_ev(tmp_path, case=case, run=run)) is not None
    assert judge.not_applicable(_ev(tmp_path, case=case, run="KeyError: 'SECRET'")) is None


def test_verdicts_a_failure_beats_not_applicable_and_root_fails() -> None:
    r = ExampleResult("x", "Python", build_ok=True, root=False)
    r.cases = [CaseResult(0, "c", "not applicable", "why"), CaseResult(1, "c", "fail", "no answer")]
    _conclude(r)
    assert (r.verdict, r.cause) == ("fail", "case 1: no answer")
    r = ExampleResult("x", "Python", build_ok=True, root=True, user="")
    r.cases = [CaseResult(0, "c", "pass")]
    _conclude(r)
    assert r.verdict == "fail" and "root" in r.cause
    r = ExampleResult(
        "x", "Python", build_ok=True, root=False, cases=[CaseResult(0, "c", "not applicable", "w")]
    )
    _conclude(r)
    assert r.verdict == "not applicable"


def test_regressions_are_baseline_examples_that_did_not_pass() -> None:
    ok, bad = ExampleResult("a", "Go", verdict="pass"), ExampleResult("b", "Go", verdict="fail")
    assert regressions(["a", "b", "c"], [ok, bad]) == [bad]


def test_a_build_failure_is_never_excused_by_configuration(tmp_path: Path) -> None:
    case = Case(0, expected_output=("Node 22",), envs={"RAILPACK_NODE_VERSION": "22"})
    failed_build = _ev(
        tmp_path, case=case, build='ERROR: "/app/node_modules" not found', missing=("Node 22",)
    )
    assert judge.not_applicable(failed_build) is None


def test_a_configured_start_command_genfile_also_runs_is_not_the_cause(tmp_path: Path) -> None:
    (tmp_path / "railpack.json").write_text('{"deploy": {"startCommand": "hello-cli"}}\n')
    ev = judge.Evidence(
        tmp_path, Case(0), "", "AssertionError", ("Hello from hello-cli!",), "", "x", ("hello-cli",), True
    )
    assert judge.not_applicable(ev) is None


def test_the_package_manager_reported_at_run_time(tmp_path: Path) -> None:
    (tmp_path / "index.ts").write_text('const ua = process.env.npm_config_user_agent || "";\n')
    ev = _ev(tmp_path, run="Hello from Yarn null", missing=("Hello from Yarn 1.22.22",))
    found = judge.not_applicable(ev)
    assert found is not None and found.proof.startswith("index.ts:1:")
    assert judge.not_applicable(_ev(tmp_path, run="x", missing=("Hello from Node",))) is None


def test_every_missing_line_needs_its_own_explanation(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text('subprocess.run(["uv", "--version"])\n')
    both = _ev(tmp_path, run="Python 3.13.5\nuv: not found", missing=("uv 0.12.", "Python 3.14."))
    assert judge.not_applicable(both) is None  # the Python version is genfile's choice
    only_uv = _ev(tmp_path, run="Python 3.14.1", missing=("uv 0.12.",))
    assert judge.not_applicable(only_uv) is not None


def test_a_compiled_interpreter_asked_of_mise(tmp_path: Path) -> None:
    (tmp_path / "mise.toml").write_text(
        "[settings]\npython.compile = true\n[env]\nPYTHON_BUILD_FREE_THREADING = 1\n"
    )
    assert (
        judge.not_applicable(
            _ev(tmp_path, run="Free-threaded build: False", missing=("Free-threaded build: True",))
        )
        is not None
    )


def test_a_development_server_banner_is_not_expected_of_a_production_server(tmp_path: Path) -> None:
    ev = judge.Evidence(
        tmp_path,
        Case(0),
        "",
        "[INFO] Booting worker",
        ("Serving Flask app",),
        "",
        "x",
        ("gunicorn", "--bind", "0.0.0.0:8000", "main:app"),
        True,
    )
    assert judge.not_applicable(ev) is not None
    dev = judge.Evidence(
        tmp_path, Case(0), "", "x", ("Serving Flask app",), "", "x", ("python", "main.py"), True
    )
    assert judge.not_applicable(dev) is None
