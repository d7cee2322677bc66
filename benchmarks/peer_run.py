"""One peer example, end to end: genfile as a user runs it, the engine build, every case.

The example is copied to a temporary folder, ``genfile init --yes`` runs there with no flags,
the image is built with the ``docker build`` line genfile printed (its ``--secret`` and
``-f`` options included), and each case of ``test.json`` starts its own container with the
case's environment. Containers share the host network (the lab has no bridge), so runs that
listen on the same port take that port's lock first.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench_docker import BuildOutcome, Docker
from peer_cases import Case, Example
from peer_judge import Evidence, not_applicable

RUN_TIMEOUT_S = 60  # how long a case waits for its output or its HTTP answer
GENFILE_TIMEOUT_S = 120
LOG_TAIL = 12  # log lines kept for a failure
_PORT_LOCKS: dict[int, threading.Lock] = {}
_PORT_LOCKS_GUARD = threading.Lock()


@dataclass
class CaseResult:
    index: int
    check: str  # what the case checks, for people
    verdict: str  # pass | fail | not applicable
    detail: str = ""  # what happened (a failure's cause)
    proof: str = ""  # for "not applicable": the line that shows why
    note: str = ""  # e.g. the port probed instead of 80
    log_tail: list[str] = field(default_factory=list)


@dataclass
class ExampleResult:
    name: str
    language: str
    generated: bool = False
    refusal: str = ""  # genfile's one-line reason when it wrote nothing
    stack: str = ""
    build_ok: bool | None = None
    build_seconds: float | None = None
    build_error: str = ""
    image_size: int | None = None
    user: str = ""
    root: bool | None = None
    cases: list[CaseResult] = field(default_factory=list)
    verdict: str = ""  # pass | fail | not applicable
    cause: str = ""  # one line: why it failed, or why it is not applicable
    notes: list[str] = field(default_factory=list)  # how the harness had to run it
    build_log_tail: list[str] = field(default_factory=list)
    seconds: float = 0.0
    measured_at: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _port_lock(port: int) -> threading.Lock:
    with _PORT_LOCKS_GUARD:
        return _PORT_LOCKS.setdefault(port, threading.Lock())


class _Ports:
    """Holds the locks of every port a container may listen on, in a fixed order."""

    def __init__(self, ports: set[int]) -> None:
        self.locks = [_port_lock(p) for p in sorted(ports)]

    def __enter__(self) -> None:
        for lock in self.locks:
            lock.acquire()

    def __exit__(self, *exc: object) -> None:
        for lock in reversed(self.locks):
            lock.release()


def _tail(text: str, n: int = LOG_TAIL) -> list[str]:
    lines = [re.sub(r"^#\d+ (\d+\.\d+ )?", "", line).rstrip() for line in text.splitlines() if line.strip()]
    return [line[:300] for line in lines[-n:]]


def _genfile(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "genfile", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=GENFILE_TIMEOUT_S,
    )


def build_command(init_output: str, project: Path) -> tuple[list[str], Path]:
    """The options (``--secret``, ``-f``, ...) and the context of the ``docker build`` line
    genfile printed, with paths made absolute from the folder genfile ran in; the tag is the
    harness's own. Without such a line: no options, the project folder."""
    line = next((ln for ln in init_output.splitlines() if ln.startswith("next: docker build")), None)
    if line is None:
        return [], project
    words = shlex.split(line.removeprefix("next: "))[2:]
    options: list[str] = []
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("-t", "--tag"):
            i += 2
            continue
        if word in ("-f", "--file") and i + 1 < len(words):
            options += [word, str(project / words[i + 1])]
            i += 2
            continue
        if word in ("--secret", "--build-arg", "--target") and i + 1 < len(words):
            value = words[i + 1]
            if word == "--secret":
                value = re.sub(r"(src=)([^,]+)", lambda m: m[1] + str(project / m[2]), value)
            options += [word, value]
            i += 2
            continue
        if not word.startswith("-"):
            positional.append(word)
        i += 1
    context = project / positional[-1] if positional else project
    return options, context


def _exposed_ports(docker: Docker, tag: str) -> set[int]:
    """Every port the image declares, its base image's included (nginx declares 80)."""
    raw = docker.run("image", "inspect", "-f", "{{json .Config.ExposedPorts}}", tag, check=False).stdout
    try:
        ports = json.loads(raw.strip() or "null") or {}
    except json.JSONDecodeError:
        return set()
    return {int(p.split("/")[0]) for p in ports}


def declared_ports(dockerfile: str) -> set[int]:
    """The ports the generated Dockerfile itself EXPOSEs (not its base image's)."""
    return {
        int(p) for line in re.findall(r"^EXPOSE\s+(.+)$", dockerfile, re.M) for p in re.findall(r"\d+", line)
    }


def _command(docker: Docker, tag: str) -> tuple[str, ...]:
    raw = docker.run(
        "image", "inspect", "-f", "{{json .Config.Entrypoint}}|{{json .Config.Cmd}}", tag, check=False
    ).stdout
    parts: list[str] = []
    for piece in raw.strip().split("|", 1):
        with contextlib.suppress(json.JSONDecodeError):
            parts += json.loads(piece) or []
    return tuple(parts)


def is_root(user: str) -> bool:
    """Does ``USER`` (``""``, ``root``, ``0:0``, ``node``, ``10001:10001``) mean root?"""
    name = user.split(":", 1)[0].strip()
    return name in ("", "0", "root")


def _running(docker: Docker, name: str) -> bool:
    out = docker.run("inspect", "-f", "{{.State.Running}}", name, check=False).stdout.strip()
    return out == "true"


def _logs(docker: Docker, name: str) -> str:
    result = docker.run("logs", name, check=False)
    return result.stdout + result.stderr


def _http_get(url: str) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status, response.read(200_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(200_000).decode("utf-8", "replace")
    except (OSError, ValueError) as exc:
        return None, str(exc)


def run_case(
    docker: Docker, tag: str, case: Case, exposed: set[int], declared: set[int]
) -> tuple[bool, str, str, str, tuple[str, ...]]:
    """Start the image for ``case`` and check it: (passed, what happened, logs, note, missing).

    ``declared`` are the ports the generated Dockerfile EXPOSEs: where the case expects a
    privileged port (80), the unprivileged one genfile's image declares is probed instead."""
    note = ""
    port = None
    if case.http:
        port = case.http.internal_port
        substitutes = sorted(p for p in declared or exposed if p >= 1024)
        if port < 1024 and substitutes:
            port = substitutes[0]
            note = (
                f"probed port {port} (the image's EXPOSE) for internalPort {case.http.internal_port}: "
                "a non-root server cannot bind a port below 1024 with host networking here"
            )
    if case.platform and platform.machine() in ("x86_64", "AMD64") and case.platform.endswith("amd64"):
        note = (note + "; " if note else "") + f"{case.platform} is this machine's own platform: run natively"
    name = f"peer-{uuid.uuid4().hex[:12]}"
    args = ["run", "-d", "--network", "host", "--name", name]
    for key, value in case.envs.items():
        args += ["-e", f"{key}={value}"]
    with _Ports(exposed | ({port} if port else set())):
        started = docker.run(*args, tag, check=False)
        if started.returncode != 0:
            return (
                False,
                f"docker run failed: {started.stderr.strip()[-300:]}",
                "",
                note,
                case.expected_output,
            )
        try:
            if case.http:
                ok, what, missing = _probe_http(docker, name, case, port or case.http.internal_port)
            else:
                ok, what, missing = _watch_output(docker, name, case)
            logs = _logs(docker, name)
        finally:
            docker.run("rm", "-f", name, check=False)
    return ok, what, logs, note, missing


def _watch_output(docker: Docker, name: str, case: Case) -> tuple[bool, str, tuple[str, ...]]:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    missing = case.expected_output
    while True:
        running = _running(docker, name)
        logs = _logs(docker, name)
        missing = tuple(s for s in case.expected_output if s not in logs)
        if not missing:
            return True, "printed every expected line", ()
        if not running:
            code = docker.run("inspect", "-f", "{{.State.ExitCode}}", name, check=False).stdout.strip()
            return False, f"exited (code {code}) without printing {', '.join(map(repr, missing))}", missing
        if time.monotonic() > deadline:
            return False, f"did not print {', '.join(map(repr, missing))} within {RUN_TIMEOUT_S} s", missing
        time.sleep(0.5)


def _probe_http(docker: Docker, name: str, case: Case, port: int) -> tuple[bool, str, tuple[str, ...]]:
    assert case.http is not None
    url = f"http://127.0.0.1:{port}{case.http.path}"
    deadline = time.monotonic() + RUN_TIMEOUT_S
    status: int | None = None
    body = ""
    time.sleep(0.5)
    while time.monotonic() < deadline:
        status, body = _http_get(url)
        missing = tuple(s for s in case.http.body if s not in body)
        if status == case.http.expected and not missing:
            return True, f"GET {case.http.path} on {port} → {status}", ()
        if not _running(docker, name):
            status, body = _http_get(url)
            break
        time.sleep(0.3)
    missing = tuple(s for s in case.http.body if s not in body)
    if status is None:
        exited = "" if _running(docker, name) else " (the container exited)"
        return False, f"no answer on port {port} within {RUN_TIMEOUT_S} s{exited}: {body[:120]}", missing
    if status != case.http.expected:
        return False, f"GET {case.http.path} on {port} → {status}, expected {case.http.expected}", missing
    return (
        False,
        f"GET {case.http.path} on {port} → {status} without {', '.join(map(repr, missing))}",
        missing,
    )


def run_example(docker: Docker, example: Example, measured_at: str) -> ExampleResult:
    """Generate, build and check one example; never raises for the example's own problems."""
    start = time.monotonic()
    result = ExampleResult(example.name, example.language, measured_at=measured_at)
    with tempfile.TemporaryDirectory(prefix=f"peer-{example.name}-") as tmp:
        project = Path(tmp) / example.name
        shutil.copytree(example.path, project, symlinks=True)
        try:
            _check(docker, example, project, result)
        except subprocess.TimeoutExpired as exc:
            result.verdict, result.cause = "fail", f"timed out: {' '.join(map(str, exc.cmd))[:200]}"
    result.seconds = round(time.monotonic() - start, 1)
    return result


def _check(docker: Docker, example: Example, project: Path, result: ExampleResult) -> None:
    init = _genfile(project, "init", ".", "--yes")
    shipped = [n for n in ("Dockerfile", ".dockerignore") if (example.path / n).exists()]
    if init.returncode == 2 and shipped and "already exists" in init.stderr:
        # The example ships its own container setup: genfile never replaces it unasked, so
        # the harness asks, as a user who wants genfile's files would.
        init = _genfile(project, "init", ".", "--yes", "--force", "--no-backup")
        result.notes.append(
            f"the example ships its own {' and '.join(shipped)}: ran `genfile init --yes --force`"
        )
    output = init.stdout + init.stderr
    if init.returncode != 0:
        lines = [ln for ln in init.stderr.splitlines() if ln.strip()] or [f"exit status {init.returncode}"]
        # The temporary folder's path varies from run to run: the report names it ".".
        result.refusal = lines[-1].removeprefix("genfile: error: ").replace(str(project), ".")[:400]
        result.verdict, result.cause = "fail", f"refused: {result.refusal}"
        return
    result.generated = True
    detected = _genfile(project, "detect", ".", "--json")
    if detected.returncode == 0:
        result.stack = json.loads(detected.stdout).get("plan", {}).get("stack", "")
    dockerfile = (
        (project / "Dockerfile").read_text(encoding="utf-8") if (project / "Dockerfile").is_file() else ""
    )

    tag = f"genfile-peer/{example.name}:{uuid.uuid4().hex[:8]}"
    options, context = build_command(output, project)
    build = docker.build(context, tag, options=options)
    result.build_ok, result.build_seconds = build.ok, round(build.seconds, 1)
    try:
        if not build.ok:
            result.build_error = build.error()
            result.build_log_tail = _tail(build.log)
        else:
            result.image_size = int(docker.run("image", "inspect", "-f", "{{.Size}}", tag).stdout.strip())
            result.user = docker.run("image", "inspect", "-f", "{{.Config.User}}", tag).stdout.strip()
            result.root = is_root(result.user)
        ports = (_exposed_ports(docker, tag), declared_ports(dockerfile)) if build.ok else (set(), set())
        command = _command(docker, tag) if build.ok else ()
        for case in example.cases:
            result.cases.append(
                _judge_case(docker, example, case, tag, build, ports, dockerfile, result.stack, command)
            )
    finally:
        docker.run("image", "rm", "-f", tag, check=False)
    _conclude(result)


def _judge_case(  # noqa: PLR0913 (the facts of one run, passed on to the judge)
    docker: Docker,
    example: Example,
    case: Case,
    tag: str,
    build: BuildOutcome,
    ports: tuple[set[int], set[int]],
    dockerfile: str,
    stack: str,
    command: tuple[str, ...],
) -> CaseResult:
    check = case.describe()
    if platform.machine().replace("aarch64", "arm64") in case.skip_arch:
        return CaseResult(
            case.index, check, "not applicable", "skipped on this architecture", f"skipArch {case.skip_arch}"
        )
    if case.should_fail:
        ok = not build.ok
        return CaseResult(case.index, check, "pass" if ok else "fail", "" if ok else "the build succeeded")
    if not build.ok:
        ev = Evidence(example.path, case, build.log, "", case.expected_output, dockerfile, stack, command)
        na = not_applicable(ev)
        if na:
            return CaseResult(case.index, check, "not applicable", na.reason, na.proof)
        return CaseResult(
            case.index, check, "fail", f"build failed: {build.error()}", log_tail=_tail(build.log)
        )
    if case.just_build:
        return CaseResult(case.index, check, "pass", "built")
    ok, what, logs, note, missing = run_case(docker, tag, case, *ports)
    if ok:
        return CaseResult(case.index, check, "pass", what, note=note)
    ev = Evidence(example.path, case, build.log, logs, missing, dockerfile, stack, command, ran=True)
    na = not_applicable(ev)
    if na:
        return CaseResult(case.index, check, "not applicable", na.reason, na.proof, note, _tail(logs))
    return CaseResult(case.index, check, "fail", what, note=note, log_tail=_tail(logs))


def _conclude(result: ExampleResult) -> None:
    """The example's verdict: any genfile failure fails it; a root image fails it; any case
    that cannot run here makes it not applicable (never a pass); otherwise it passes."""
    failed = [c for c in result.cases if c.verdict == "fail"]
    unknown = [c for c in result.cases if c.verdict == "not applicable"]
    if failed:
        result.verdict = "fail"
        first = failed[0]
        result.cause = f"case {first.index}: {first.detail}"
    elif result.build_ok and result.root:
        result.verdict = "fail"
        result.cause = f"the image runs as root (USER {result.user or 'unset'})"
    elif unknown:
        result.verdict = "not applicable"
        first = unknown[0]
        result.cause = f"case {first.index}: {first.detail}"
    else:
        result.verdict = "pass"
