"""``genfile audit`` on hostile input: what it reads is a regular file of bounded size, every
step takes time (and memory) about linear in the input, and anything too big says so in one
line (exit 2) instead of hanging.

Each regression test below hung, crashed or ran for minutes before the fix, so they run the
command in a subprocess with a timeout (and a memory limit where the old code filled memory):
a hang fails the test instead of the suite. The timing tests compare a 1 MB input with a
10 KB one of the same shape in the same run, so they hold on a slow machine too. The fuzz
properties (``-m fuzz``; GENFILE_FUZZ_EXAMPLES sets the count) feed random hostile
Dockerfiles and .dockerignore files and check the outcome and the time of each example, and
check genfile's fast rewrites against the slow originals they replace.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dockerfile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genfile.audit import audit_text
from genfile.audit import shell as audit_shell
from genfile.audit.ignore import IgnoreFile
from genfile.audit.parse import MAX_INSTRUCTIONS, parse, substitute
from genfile.audit.scan import scan
from genfile.cli import main
from genfile.errors import ManifestError

EXAMPLES = int(os.environ.get("GENFILE_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
HANG = 30  # seconds: the fixed command answers in about one; the old one took minutes
MB = 1_000_000
HEAD = "FROM alpine:3.20\n"


def genfile_audit(
    *args: str, timeout: float = HANG, memory: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``genfile audit ARGS`` in a subprocess (``--no-hadolint``), failing the test on a hang;
    ``memory`` caps its address space (bytes), so reading /dev/zero fails instead of filling RAM."""

    def limit() -> None:  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    try:
        return subprocess.run(
            [sys.executable, "-m", "genfile", "audit", *args, "--no-hadolint"],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit if memory and sys.platform != "win32" else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"genfile audit {' '.join(args)} did not answer in {timeout} s")


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("genfile: error: "), result.stderr[-2000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def project(tmp_path: Path, dockerfile_text: str | bytes, ignore: str | None = None) -> Path:
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    data = dockerfile_text.encode() if isinstance(dockerfile_text, str) else dockerfile_text
    (folder / "Dockerfile").write_bytes(data)
    if ignore is not None:
        (folder / ".dockerignore").write_text(ignore, encoding="utf-8")
    return folder


posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX")


# ---- 1. only regular files are read ----------------------------------------------------------
@posix_only
def test_a_fifo_dockerfile_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "Dockerfile")
    line = one_line_error(genfile_audit(str(tmp_path), timeout=HANG), "Dockerfile", "named pipe")
    assert "-f FILE" in line


@posix_only
def test_a_fifo_dockerignore_is_refused(tmp_path: Path) -> None:
    folder = project(tmp_path, HEAD + "COPY . .\n")
    os.mkfifo(folder / ".dockerignore")
    one_line_error(genfile_audit(str(folder)), ".dockerignore", "named pipe", "regular file")


def test_a_folder_where_the_dockerignore_goes_is_refused(tmp_path: Path) -> None:
    folder = project(tmp_path, HEAD + "COPY . .\n")
    (folder / ".dockerignore").mkdir()
    one_line_error(genfile_audit(str(folder)), ".dockerignore", "folder")


# ---- 2. what is read is capped, and checked before it is opened ------------------------------
@posix_only
@pytest.mark.parametrize("how", ["dash-f", "symlink"])
def test_dev_zero_is_refused_before_reading(tmp_path: Path, how: str) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    if how == "symlink":
        (tmp_path / "Dockerfile").symlink_to("/dev/zero")
        args = [str(tmp_path)]
    else:
        args = [str(tmp_path), "-f", "/dev/zero"]
    # 512 MB of address space: the old code read /dev/zero until memory ran out
    one_line_error(genfile_audit(*args, memory=512 * 1024 * 1024), "device")


@pytest.mark.slow
def test_a_100_mb_dockerfile_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "Dockerfile"
    with big.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        chunk = "RUN echo hi\n" * 100_000
        for _ in range(100 * MB // len(chunk)):
            out.write(chunk)
    started = time.perf_counter()
    one_line_error(genfile_audit(str(tmp_path), memory=1024 * 1024 * 1024), "MiB", "too large")
    assert time.perf_counter() - started < HANG


def test_text_given_directly_is_held_to_the_same_limits() -> None:
    with pytest.raises(ManifestError, match="too large"):
        audit_text(HEAD + "RUN echo hi\n" * 100_000)


# ---- 3. a parse error's line is found in linear time -----------------------------------------
@pytest.mark.slow
def test_a_parse_error_on_the_last_of_4000_lines_is_located_quickly(tmp_path: Path) -> None:
    text = HEAD + "RUN echo hello\n" * 3998 + "ENV ONLY_KEY\n"
    started = time.perf_counter()
    line = one_line_error(genfile_audit(str(project(tmp_path, text))), "ENV must have two arguments")
    assert re.search(r"Dockerfile:4000: BuildKit cannot parse it", line), line
    assert time.perf_counter() - started < HANG  # the old prefix search took about 229 s


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # the first heredoc is whole: the unterminated one is the second (line 5)
        ("FROM a\nRUN <<EOF\necho\nEOF\nRUN <<X\nfoo\n", 5),
        # a form feed is no line break for BuildKit (splitlines() thought it was)
        ("FROM a\nRUN echo \x0c x\nENV ONLY_KEY\n", 3),
        # an instruction continued over a comment and a blank line, error after it
        ("FROM a\nRUN a \\\n# note\n\n  b\nENV ONLY_KEY\n", 6),
    ],
)
def test_parse_errors_name_buildkits_line(text: str, line: int) -> None:
    with pytest.raises(ManifestError) as error:
        parse(text)
    assert error.value.message.startswith(f"Dockerfile:{line}:"), error.value.message


# ---- 4. .dockerignore matching is bounded ----------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "ignore",
    [
        "**/" * 2000 + "x\n",  # one pattern of 2,000 **/: exponential backtracking before
        "".join(f"**/**/**/x{i}\n" for i in range(2000)),  # 2,000 such lines
        "*e" * 400_000 + "x\n",  # *e*e*e...x against .env: polynomial backtracking
    ],
    ids=["one-long", "2000-lines", "stars"],
)
def test_hostile_dockerignore_patterns_are_matched_quickly(tmp_path: Path, ignore: str) -> None:
    folder = project(tmp_path, HEAD + 'COPY . .\nUSER 1\nCMD ["true"]\n', ignore)
    result = genfile_audit(str(folder), "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]


def test_collapsed_and_batched_matching_answers_as_before() -> None:
    ignore = IgnoreFile.parse("**/**/**/node_modules\n*.md\n!README.md\n[]a]\n**/x/**\n")
    paths = ["a/b/node_modules/c.js", "README.md", "docs.md", "[]a]", "]", "p/x/q"]
    assert ignore.deciding_all(paths) == [ignore.deciding(path) for path in paths]
    # "[]a]" is no class Python reads (its first "]" is a member, so it never closes): the
    # pattern is a plain string, as genfile always matched it
    assert [ignore.excludes(path) for path in paths] == [True, False, True, True, False, True]
    assert [pattern.line for pattern in ignore.patterns] == [1, 2, 3, 4, 5]


# ---- 5. the other quadratic paths, and crashes -----------------------------------------------
def _many_instructions(size: int) -> str:
    return HEAD + "RUN echo hello\n" * (size // 15)


def _continuation_word(size: int) -> str:  # one word over many lines: BuildKit is quadratic
    return HEAD + "RUN a\\\n" + "x\\\n" * (size // 2 - 10) + "x\n"


def _heredoc(size: int) -> str:
    return HEAD + "RUN <<EOF\n" + "echo a\n" * (size // 7) + "EOF\n"


def _nested_arg(size: int) -> str:  # ${A:-${A:-... over continuation lines
    depth = size // 14
    return "ARG A=1\nFROM " + "${A:-\\\n" * depth + "x" + "}" * depth + "\n"


def _dollars(size: int) -> str:  # lines of $ as long as BuildKit allows
    return HEAD + ("RUN " + "$" * 60_000 + "\n") * max(1, size // 60_000)


def _stages(size: int) -> str:
    return "FROM alpine:3.20 AS s0\n" + "".join(f"FROM s{i} AS s{i + 1}\n" for i in range(size // 30))


def _findings(size: int) -> str:
    return HEAD + "ADD app.tar.gz /x\nENV SECRET_TOKEN=abc\n" * (size // 38)


def _copy_install(size: int) -> str:
    return "FROM python:3.12\n" + "COPY . .\nRUN pip install x\n" * (size // 27)


def _rm_script(size: int) -> str:  # 100,000 "rm -f" on one logical line, no cache path after
    per = size // 1000
    chunk = ("rm -f x && apt-get install -y gcc " * (per // 34 + 1))[:per]
    return HEAD + "RUN pip install a \\\n" + (" " + chunk + " \\\n") * 999 + "  true\n"


def _flask_cmd(size: int) -> str:  # "flask" over and over and no "run"
    per = size // 1000
    return HEAD + "CMD flask \\\n" + (("flask " * (per // 6 + 1))[:per] + " \\\n") * 999 + "x\n"


def _suppressions(size: int) -> str:
    return HEAD + "# genfile ignore=GF012\nADD a /b\n" * (size // 32)


def _instructions_under_the_cap(size: int) -> str:
    line = "RUN apt-get install -y gcc && pip install flask && rm -rf /var/lib/apt/lists/* && ec\n"
    return HEAD + line * min(MAX_INSTRUCTIONS - 10, size // len(line))


def _error_under_the_cap(size: int) -> str:
    line = "RUN apt-get install -y gcc && pip install flask && rm -rf /var/lib/apt/lists/*      &&\n"
    return HEAD + line * min(MAX_INSTRUCTIONS - 10, size // len(line)) + "ENV ONLY_KEY\n"


def _comments(size: int) -> str:
    return HEAD + "# comment\n" * (size // 10) + "USER 1\n"


def _long_heredoc(size: int) -> str:  # under the join budget: 1,000 lines of 1 KB
    return HEAD + "RUN <<EOF\n" + ("echo " + "a " * 500 + "\n") * min(1000, size // 1006) + "EOF\n"


# name → (Dockerfile of about `size` bytes, .dockerignore or None)
SHAPES: dict[str, Callable[[int], tuple[str, str | None]]] = {
    "50,000 instructions": lambda n: (_many_instructions(n), None),
    "a word over many lines": lambda n: (_continuation_word(n), None),
    "a heredoc of 140,000 lines": lambda n: (_heredoc(n), None),
    "nested ${A:-${A:-...}}": lambda n: (_nested_arg(n), None),
    "lines of $": lambda n: (_dollars(n), None),
    "1 MB single-line RUN": lambda n: (HEAD + "RUN " + "echo " * (n // 5) + "\n", None),
    "1 MB line of \\": lambda n: (HEAD + "RUN " + "\\\\" * (n // 2) + "\n", None),
    "a chain of stages": lambda n: (_stages(n), None),
    "thousands of findings": lambda n: (_findings(n), None),
    "COPY before every install": lambda n: (_copy_install(n), None),
    "a RUN of 100,000 rm -f": lambda n: (_rm_script(n), None),
    "a CMD of flask flask flask": lambda n: (_flask_cmd(n), None),
    "a suppression above every line": lambda n: (_suppressions(n), None),
    "10,000 instructions (the cap)": lambda n: (_instructions_under_the_cap(n), None),
    "an error after 10,000 instructions": lambda n: (_error_under_the_cap(n), None),
    "comment lines": lambda n: (_comments(n), None),
    "a 1 MB heredoc of 1,000 lines": lambda n: (_long_heredoc(n), None),
    ".dockerignore of **/": lambda n: (HEAD + "COPY . .\n", "**/" * (n // 3) + "x\n"),
    ".dockerignore of *e*e*e": lambda n: (HEAD + "COPY . .\n", "*e" * (n // 2) + "x\n"),
    ".dockerignore of distinct patterns": lambda n: (
        HEAD + "COPY . .\n",
        "".join(f"*a{i}*\n!**/b{i}/**\n" for i in range(n // 20)),
    ),
}
# shapes that hung or ran for minutes before the fix (the others were slow but finished)
HUNG = [
    "50,000 instructions",
    "a word over many lines",
    "a heredoc of 140,000 lines",
    "nested ${A:-${A:-...}}",
    "a chain of stages",
    "thousands of findings",
    "COPY before every install",
    "a RUN of 100,000 rm -f",
    "a CMD of flask flask flask",
    "a suppression above every line",
    ".dockerignore of **/",
    ".dockerignore of *e*e*e",
]


@pytest.mark.slow
@pytest.mark.parametrize("shape", HUNG)
def test_big_inputs_that_hung_now_answer(tmp_path: Path, shape: str) -> None:
    text, ignore = SHAPES[shape](MB)
    result = genfile_audit(str(project(tmp_path, text, ignore)), "--format", "json")
    assert result.returncode in (0, 2), result.stderr[-2000:]
    if result.returncode == 2:
        one_line_error(result)


def test_a_lone_surrogate_is_refused_not_a_crash() -> None:
    # BuildKit's binding dereferenced a NULL on text it could not encode: the process died.
    code = "from genfile.audit import audit_text\ntry:\n    audit_text('FROM a\\nRUN \\ud800\\n')\n"
    code += "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG)
    assert result.returncode == 0 and "ManifestError" in result.stdout and "UTF-8" in result.stdout, result


def test_a_nul_is_refused_not_silently_cut() -> None:
    # the binding passes C strings: everything after a NUL vanished
    with pytest.raises(ManifestError, match="binary"):
        audit_text(HEAD + "\0\nUSER root\n")


@pytest.mark.slow
def test_hadolint_is_skipped_on_a_big_dockerfile() -> None:
    report = audit_text(_instructions_under_the_cap(MB), hadolint=True)
    assert report.hadolint is None
    assert any("hadolint was skipped" in note for note in report.notes)


def test_a_rule_firing_everywhere_lists_200_and_says_so() -> None:
    report = audit_text(_findings(100_000))
    assert sum(1 for f in report.findings if f.rule.id == "GF012") == 200
    assert any(note.startswith("GF012 applies at more than 200 places") for note in report.notes)


# ---- timing: 1 MB against 10 KB of the same shape --------------------------------------------
def _cli_seconds(folder: Path) -> tuple[float, int]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["audit", str(folder), "--format", "json", "--no-hadolint"])
    return time.perf_counter() - started, code


def _timed(folder: Path, name: str, size: int, runs: int) -> tuple[float, int]:
    """The best of ``runs`` timings of the CLI on ``name`` at ``size`` bytes, and its exit code."""
    text, ignore = SHAPES[name](size)
    folder.mkdir(parents=True)
    target = project(folder, text, ignore)
    results = [_cli_seconds(target) for _ in range(runs)]
    return min(t for t, _ in results), results[0][1]


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_1_mb_takes_about_linear_time(tmp_path: Path, shape: str) -> None:
    """Time for 1 MB ≤ max(5 s, 60 × the time for 10 KB): 100 times the input may take at most
    60 times as long (the small run carries the fixed costs); and never more than 20 s. The
    floor leaves room for a machine busy with builds; a quadratic pass takes minutes here."""
    small, _ = _timed(tmp_path / "small", shape, 10_000, runs=3)
    big, code = _timed(tmp_path / "big", shape, MB, runs=1)
    if big > max(5.0, 60 * small):  # one retry: a busy machine can stall one run
        big, code = _timed(tmp_path / "again", shape, MB, runs=1)
    assert code in (0, 2)
    assert big <= max(5.0, 60 * small), f"{shape}: {big:.2f} s for 1 MB, {small:.3f} s for 10 KB"
    assert big < 20, f"{shape}: {big:.2f} s"


# ---- fuzz: random hostile files --------------------------------------------------------------
FRAGMENTS = [
    "FROM alpine:3.20",
    "FROM python:3.11 AS build",
    "FROM build",
    "RUN",
    "COPY",
    "ADD",
    "ENV",
    "ARG",
    "LABEL",
    "CMD",
    "ENTRYPOINT",
    "USER",
    "ONBUILD",
    "HEALTHCHECK CMD",
    "EXPOSE 8000",
    "pip install -r requirements.txt",
    "apt-get install -y gcc",
    "npm ci",
    "rm -rf /var/lib/apt/lists/*",
    "flask run",
    "<<EOF",
    "<<-EOF",
    "EOF",
    '["node", "x.js"]',
    "[",
    "${A:-",
    "${A}",
    "}",
    "$",
    "\\",
    "`",
    '"',
    "'",
    "#",
    "# escape=`",
    "# genfile ignore=GF004",
    "--mount=type=cache,target=/root/.cache/pip",
    "&&",
    ";",
    "|",
    "\t",
    "\r",
    "\x00",
    "\x0b",
    "\x1f",
    "\xa0",
    "\u2028",
    "\ufeff",
    "é",
]
IGNORE_FRAGMENTS = [
    "**/",
    "**",
    "*",
    "?",
    "[a-c]",
    "[!x]",
    "[]",
    "[z-a]",
    "!",
    "/",
    ".",
    "..",
    "node_modules",
]
IGNORE_FRAGMENTS += [".git", ".env*", "\\", " ", "#", "e", "x", "a/b"]


@st.composite
def hostile_bytes(draw: st.DrawFn, fragments: list[str], joiner: str) -> bytes:
    """A file built from fragments, with now and then a huge line, deep nesting, thousands of
    lines, control characters or bytes that are not UTF-8."""
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        words = draw(st.lists(st.sampled_from(fragments), max_size=8))
        lines.append(joiner.join(words))
    kind = draw(st.sampled_from(["plain", "plain", "long-line", "long-word", "nesting", "many", "binary"]))
    if kind == "long-line":
        lines.insert(
            draw(st.integers(0, len(lines))),
            draw(st.sampled_from(fragments)) * draw(st.integers(1000, 40_000)),
        )
    elif kind == "long-word":
        lines.append(
            "RUN " + draw(st.sampled_from(["x", "$", "\\\\", '"', "a=b"])) * draw(st.integers(5000, 70_000))
        )
    elif kind == "nesting":
        depth = draw(st.integers(100, 6000))
        lines.append("FROM " + "${A:-" * depth + "x" + "}" * draw(st.integers(0, depth)))
    elif kind == "many":
        lines += [draw(st.sampled_from(fragments))] * draw(st.integers(1000, 12_000))
    data = ("\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))).encode("utf-8", "surrogatepass")
    if kind == "binary":
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(min_size=1, max_size=16)) + data[cut:]
    return data


@pytest.mark.fuzz
@FUZZ
@given(
    dockerfile_bytes=hostile_bytes(FRAGMENTS, " "),
    ignore_bytes=st.none() | hostile_bytes(IGNORE_FRAGMENTS, ""),
    form=st.sampled_from(["text", "json", "sarif"]),
)
def test_hostile_files_get_an_answer_in_bounded_time(
    dockerfile_bytes: bytes, ignore_bytes: bytes | None, form: str
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="genfile-hostile-"))
    try:
        (folder / "Dockerfile").write_bytes(dockerfile_bytes)
        if ignore_bytes is not None:
            (folder / ".dockerignore").write_bytes(ignore_bytes)
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["audit", str(folder), "--format", form, "--no-hadolint", "--fail-on", "warning"])
        elapsed = time.perf_counter() - started
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
    assert code in (0, 1, 2)
    if code == 2:
        assert len(err.getvalue().strip().splitlines()) == 1, err.getvalue()[-2000:]
    assert elapsed < 10, f"{elapsed:.1f} s for {len(dockerfile_bytes):,} bytes"
    # the same text given directly (lone surrogates included) is an answer too, never a crash
    text = dockerfile_bytes.decode("utf-8", "surrogateescape")
    with contextlib.suppress(ManifestError):
        audit_text(text, dockerignore=ignore_bytes.decode("utf-8", "replace") if ignore_bytes else None)


# ---- fuzz: the linear rewrites answer as the code they replace ------------------------------
@pytest.mark.fuzz
@FUZZ
@given(text=hostile_bytes(FRAGMENTS, " ").map(lambda b: b.decode("utf-8", "replace").replace("\0", "")))
def test_the_line_scanner_groups_instructions_as_buildkit(text: str) -> None:
    """genfile's reading of where instructions start and end (used to bound BuildKit's work
    and to locate its errors) is BuildKit's own."""
    if len(text) > 200_000:
        return
    try:
        commands = dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return
    assert [(s.start, s.end) for s in scan(text).spans] == [(c.start_line, c.end_line) for c in commands]


_OLD_VARIABLE = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+])?(?P<word>[^}]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def _old_substitute(text: str, values: dict[str, str | None]) -> str:
    def expand(match: re.Match[str]) -> str:
        value = values.get(match["braced"] or match["bare"])
        op = match["op"] or ""
        if op.endswith("-"):
            return value if value else match["word"]
        if op.endswith("+"):
            return match["word"] if value else ""
        return value if value is not None else match[0]

    return _OLD_VARIABLE.sub(expand, text)


@pytest.mark.fuzz
@FUZZ
@given(
    text=st.text(st.sampled_from(list("${}:-+AB_1x ")), max_size=60),
    values=st.dictionaries(
        st.sampled_from(["A", "B", "A1", "_"]), st.none() | st.sampled_from(["", "v", "$A"])
    ),
)
def test_substitute_answers_as_the_regular_expression_it_replaces(
    text: str, values: dict[str, str | None]
) -> None:
    assert substitute(text, values) == _old_substitute(text, values)


def _shlex_tokens(text: str, punctuation: bool) -> list[str] | None:
    try:
        if not punctuation:
            return shlex.split(text)
        lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
        lexer.whitespace_split = True
        lexer.commenters = ""
        return list(lexer)
    except ValueError:
        return None


@pytest.mark.fuzz
@FUZZ
@given(
    text=st.text(st.sampled_from(list("ab \t\r\n'\"\\;&|()<>$#=\x0b\x0cé")), max_size=30), punct=st.booleans()
)
def test_the_fast_splitter_answers_as_shlex(text: str, punct: bool) -> None:
    try:
        got: list[str] | None = audit_shell.split(text, punctuation=punct)
    except ValueError:
        got = None
    assert got == _shlex_tokens(text, punct)


def _old_match(pattern: str, path: str) -> bool:
    """genfile's former matcher: patternmatcher's translation run by Python's re."""
    out = ""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "*":
            if pattern[index + 1 : index + 2] == "*":
                index += 1
                if pattern[index + 1 : index + 2] == "/":
                    index += 1
                out += ".*" if index + 1 >= len(pattern) else "(.*/)?"
            else:
                out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[" and pattern.find("]", index + 1) != -1:
            end = pattern.find("]", index + 1)
            body = pattern[index + 1 : end]
            out += "[" + ("^" + body[1:] if body.startswith("!") else body) + "]"
            index = end
        else:
            out += re.escape(char)
        index += 1
    try:
        return re.compile(out).fullmatch(path) is not None
    except re.error:
        return path == pattern


@pytest.mark.fuzz
@FUZZ
@given(
    pattern=st.lists(
        st.sampled_from(["a", "b", "/", "*", "**", "?", "[ab]", "[!a]", "[]", "]", "[z-a]", "."]),
        min_size=1,
        max_size=6,
    ).map("".join),
    path=st.text(st.sampled_from(list("ab/.x\n]")), max_size=8),
)
def test_dockerignore_matching_answers_as_the_regular_expression(pattern: str, path: str) -> None:
    ignore = IgnoreFile.parse(pattern)
    if not ignore.patterns:
        return
    cleaned = ignore.patterns[0].text
    assert ignore.patterns[0].matches(path) == _old_match(cleaned, path)
