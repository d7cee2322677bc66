"""How a Node app starts: the real process behind ``npm start``, as an exec-form command.

``npm start`` as PID 1 is a trap: npm does not forward SIGTERM to the app, so ``docker stop``
waits ten seconds and kills it. genfile resolves the script to the process it runs
(``npm start`` → ``node dist/main.js``), following ``npm run``/``yarn``/``pnpm`` indirections,
dropping environment assignments the image sets anyway and build steps the build stage ran.

Precedence: a Procfile ``web:`` line, then ``scripts.start``, then ``main``, then the files
npm and node fall back to (``server.js``, ``index.js``). Frameworks whose production server
differs from the start script (Next.js standalone, Nuxt, ...) are handled in
:mod:`.frameworks` before this module is asked.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
from dataclasses import dataclass, field

from genfile.detectors.node import manifest
from genfile.detectors.node.manifest import PackageJson
from genfile.evidence import Evidence
from genfile.plan import PORT
from genfile.repo import Repo

# Tools whose command in node_modules/.bin is provided by another package name.
# A variable an env file sets (`NAME=value`, `export NAME=value`): the name only is read.
_ENV_NAME = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,63})[ \t]*=", re.M)
BIN_PACKAGES = {
    "next": "next",
    "nest": "@nestjs/cli",
    "nuxt": "nuxt",
    "nuxi": "nuxi",
    "remix-serve": "@remix-run/serve",
    "react-router-serve": "@react-router/serve",
    "fastify": "fastify-cli",
    "serve": "serve",
    "astro": "astro",
    "tsx": "tsx",
    "ts-node": "ts-node",
    "pm2-runtime": "pm2",
    "pm2": "pm2",
    "nodemon": "nodemon",
    "vite": "vite",
    "tsc": "typescript",
    "svelte-kit": "@sveltejs/kit",
}
# Development servers: never what a production image should run.
DEV_COMMANDS = {
    ("next", "dev"),
    ("nest", "start"),
    ("nuxt", "dev"),
    ("nuxi", "dev"),
    ("vite", ""),
    ("vite", "dev"),
    ("astro", "dev"),
    ("remix", "dev"),
    ("react-router", "dev"),
}
_RUNNERS = {"npm", "pnpm", "yarn", "bun"}
# The files node and npm fall back to when nothing names an entry, in the order tried.
ENTRY_FILES = ("server.js", "index.js", "app.js", "main.js", "server.mjs", "index.mjs")
_ASSIGN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_SHELL = re.compile(r"[|;<>`$(){}*?\\&]")
# $PORT in a command becomes the plan's port, so exec form works and --port changes it too.
_PORT_VAR = re.compile(r"\$\{PORT(?::-\d+)?\}|\$PORT\b")
_PORT_WORD = "GENFILE_PORT_PLACEHOLDER"
_BUILD_TOOLS = {"tsc", "nest", "next", "vite", "webpack", "rollup", "esbuild", "tsup", "babel", "swc"}
_PORT_FLAG = re.compile(r"^(?:-p|--port)(?:=(\d{2,5}))?$")
_NODE_VALUE_FLAGS = {"-r", "--require", "--import", "--loader", "--experimental-loader", "-C", "--conditions"}


class Unresolvable(Exception):
    """The script is shell syntax or a tool genfile cannot run as PID 1; the reason is the text."""


class NeedsBun(Unresolvable):
    """The script runs the code with the Bun runtime (resolved again with ``bun=True``)."""


# Asset and code-generation steps a start script runs before the server: the build stage
# runs them instead, so the server starts alone as PID 1 (`npm run scss && node app.js`).
_ASSET_TOOLS = {"sass", "node-sass", "tailwindcss", "postcss", "lessc", "stylus", "prisma", "svelte-kit"}


@dataclass(frozen=True)
class Start:
    """An exec-form start command; the port, when a flag gives it, as :data:`PORT`."""

    command: tuple[str, ...]
    label: str  # for people: "scripts.start", "Procfile web process"
    evidence: tuple[Evidence, ...]
    entry: str | None = None  # the JS file node runs, for port detection and output folders
    port: int | None = None  # given on the command line (``next start -p 3004``)
    tools: tuple[str, ...] = ()  # node_modules/.bin tools the command needs
    notes: tuple[str, ...] = field(default=(), compare=False)


@dataclass
class _Resolution:
    steps: list[tuple[str, ...]]
    notes: list[str]
    scripts_seen: list[str]
    port: int | None = None


class Resolver:
    """Turns package.json scripts (and Procfile lines) into the process they start."""

    def __init__(self, repo: Repo, pkg: PackageJson, build_script: str | None, bun: bool = False) -> None:
        self.repo = repo
        self.pkg = pkg
        self.build_script = build_script
        self.bun = bun  # the Bun runtime runs the code (the image is oven/bun, no Node)
        self.asset_steps: list[tuple[str, str]] = []  # (script or command, why) moved to the build
        self.app_dir: str | None = None  # `cd apps/web && npm start`: the app is in that folder

    def _env_names(self, env_file: str) -> str:
        """The variables an env file the start script loaded names, read from the example
        committed beside it (``.env.example``, ...) or the file itself: names only, never a
        value. "" when there is none to read."""
        base = (self.repo.root / env_file).resolve()
        root = self.repo.root.resolve()
        # Inside the project, or the workspace root above a member (`dotenv -e ../../.env`).
        tops = [root, *(p for p in list(root.parents)[:3] if (p / "package.json").is_file())]
        if not any(base.is_relative_to(top) for top in tops) or base.is_dir():
            return ""
        candidates = [base.with_name(base.name + s) for s in (".example", ".sample", ".template")]
        candidates += [base.with_name(".env" + s) for s in (".example", ".sample", ".template")] + [base]
        for candidate in candidates:
            try:
                if not candidate.is_file() or candidate.stat().st_size > 65536:
                    continue
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            names = list(dict.fromkeys(_ENV_NAME.findall(text)))
            if names:
                rel = os.path.relpath(candidate, root)
                more = f" and {len(names) - 8} more" if len(names) > 8 else ""
                return f"it sets {', '.join(names[:8])}{more} ({manifest.clean_note(rel, 60)}): "
        return ""

    # ---- entry points ------------------------------------------------------------------

    def script(self, name: str) -> Start:
        """The process ``npm run <name>`` starts (raises :class:`Unresolvable`)."""
        res = _Resolution([], [], [])
        self._script(name, res, depth=0)
        ev = manifest.evidence(self.repo, "scripts", name, note=f"{name}: {self.pkg.scripts.get(name, '')}")
        return self._finish(res, f"scripts.{name}", (ev,))

    def text(self, command: str, label: str, evidence: Evidence) -> Start:
        """The process a command line (a Procfile entry) starts."""
        res = _Resolution([], [], [])
        self._line(command, res, depth=0)
        return self._finish(res, label, (evidence,))

    # ---- resolution ----------------------------------------------------------------------

    def _script(self, name: str, res: _Resolution, depth: int) -> None:
        if name in res.scripts_seen or depth > 6:
            raise Unresolvable(f"scripts.{name} calls itself")
        res.scripts_seen.append(name)
        body = self.pkg.scripts.get(name)
        if body is None:
            if name == "start" and self.repo.is_file("server.js"):
                res.steps.append(("node", "server.js"))  # npm's documented default
                return
            raise Unresolvable(f"there is no scripts.{name}")
        self._line(body, res, depth)

    def _line(self, line: str, res: _Resolution, depth: int) -> None:
        line = _PORT_VAR.sub(_PORT_WORD, line)
        segments = [s.strip() for s in line.split("&&")]
        if any(not s for s in segments) or _SHELL.search(line.replace("&&", "")):
            raise Unresolvable(f"{line!r} uses shell syntax")
        for index, segment in enumerate(segments):
            try:
                words = shlex.split(segment)
            except ValueError as exc:
                raise Unresolvable(f"cannot split {segment!r} ({exc})") from None
            if words[:1] == ["cd"] and len(words) == 2 and index == 0 and depth == 0 and len(segments) > 1:
                folder = manifest.plain_path(words[1])
                if folder is None or not self.repo.is_file(f"{folder}/{manifest.MANIFEST}"):
                    raise Unresolvable(f"`cd {words[1]}` is not a package folder of this repository")
                self.app_dir = folder  # the rest runs in that package: resolved from its manifest
                raise Unresolvable(f"the app is in {folder}/ (`cd {folder}`)")
            if index < len(segments) - 1 and self._asset_step(words):
                continue
            self._words(words, res, depth)

    def _asset_step(self, words: list[str]) -> bool:
        """A step before the server that builds assets or generated code: moved to the build."""
        tool = words[0] if words else ""
        if tool in _RUNNERS and len(words) >= 2:
            name = words[2] if words[1] in ("run", "run-script") and len(words) > 2 else words[1]
            body = self.pkg.scripts.get(name, "")
            first = body.split()[0] if body.split() else ""
            generates = first in _ASSET_TOOLS and not (
                first == "prisma" and "generate" not in body.split()[1:2]
            )
            if name != self.build_script and (generates or first in _BUILD_TOOLS):
                self.asset_steps.append((f"scripts.{name}", body))
                return True
            return False
        if tool in _ASSET_TOOLS and not (tool == "prisma" and words[1:2] != ["generate"]):
            self.asset_steps.append((shlex.join(words), shlex.join(words)))
            return True
        return False

    def _words(self, words: list[str], res: _Resolution, depth: int) -> None:
        words = list(words)
        if words and words[0] in ("cross-env", "env"):
            words = words[1:]
        while words and (m := _ASSIGN.match(words[0])):
            if m[1] == "PORT" and m[2].isdigit():
                res.port = int(m[2])
            elif m[1] != "NODE_ENV":
                res.notes.append(f"the start script sets {m[1]}; set it in the image or at run time")
            words = words[1:]
        if not words:
            return
        tool, args = words[0], words[1:]
        if (
            tool == "bun"
            and self.bun
            and args
            and args[0] not in ("run", "x")
            and args[0] not in self.pkg.scripts
        ):
            res.steps.append(("bun", *(a for a in args if not a.startswith("--watch") and a != "--hot")))
            return
        if tool in _RUNNERS:
            self._runner(tool, args, res, depth)
            return
        if tool == "npx" and args:
            args = [a for a in args if a not in ("--no-install", "--yes", "-y", "--no")]
            tool, args = args[0], args[1:]
        if self._is_build(tool, args):
            return  # the build stage ran it already
        if (tool, args[0] if args else "") in DEV_COMMANDS:
            raise Unresolvable(f"`{' '.join(words)}` is a development server")
        if tool == "node":
            if any(a.startswith("--watch") for a in args):
                res.notes.append("node --watch restarts on file changes, which an image never has: dropped")
            args = [a for a in args if not a.startswith("--watch")]
            for flag in ("-r", "--require", "--import"):
                while (
                    flag in args
                    and args.index(flag) + 1 < len(args)
                    and args[args.index(flag) + 1]
                    in (
                        "dotenv/config",
                        "dotenv/config.js",
                    )
                ):
                    i = args.index(flag)
                    del args[i : i + 2]
                    res.notes.append(
                        "the start script loads .env with dotenv/config: dropped, the image has no .env "
                        f"({self._env_names('.env')}set the variables with docker run -e or compose env_file)"
                    )
            res.steps.append(("node", *args))
            return
        if tool in ("dotenv", "dotenv-cli", "env-cmd") and "--" in args:
            before = args[: args.index("--")]
            at = next((i for i, a in enumerate(before) if a in ("-e", "-f", "--file")), None)
            env_file = before[at + 1] if at is not None and at + 1 < len(before) else ".env"
            shown = manifest.clean_note(env_file, 40)
            res.notes.append(
                f"`{tool}` loads {shown}, which the image does not have: the server runs directly "
                f"({self._env_names(env_file)}set the variables with docker run -e or compose env_file)"
            )
            self._words(args[args.index("--") + 1 :], res, depth)
            return
        if tool == "nodemon":
            res.notes.append("nodemon restarts on file changes, which an image never has: running node")
            res.steps.append(("node", *args))
            return
        if tool == "bun":
            raise NeedsBun("`bun` runs the code with the Bun runtime")
        if tool == "deno":
            raise Unresolvable(f"`{tool}` is another runtime")
        res.steps.append((f"node_modules/.bin/{tool}", *args) if self._is_bin(tool) else (tool, *args))

    def _runner(self, tool: str, args: list[str], res: _Resolution, depth: int) -> None:
        if tool == "bun" and args and args[0] not in ("run",) and not self.pkg.scripts.get(args[0]):
            if self.bun:
                self._words(["bun", *args], res, depth)
                return
            raise NeedsBun("`bun` runs the code with the Bun runtime")
        if args and args[0] in ("run", "run-script"):
            args = args[1:]
        if not args:
            raise Unresolvable(f"`{tool}` without a script")
        name, extra = args[0], [a for a in args[1:] if a != "--"]
        if name in ("start", "test") or name in self.pkg.scripts:
            if name == self.build_script or (name == "build" and self.build_script):
                return
            if extra:
                res.notes.append(f"arguments {' '.join(extra)!r} after `{tool} {name}` are kept")
            before = len(res.steps)
            self._script(name, res, depth + 1)
            if extra and len(res.steps) > before:
                res.steps[-1] = (*res.steps[-1], *extra)
            return
        if tool == "npm" and name in ("ci", "install", "i", "prune"):
            return  # installs happen in the dependency stages
        if tool == "bun":
            if self.bun:
                self._words(["bun", name, *extra], res, depth)
                return
            raise NeedsBun(f"`bun run {name}` runs the code with the Bun runtime")
        if tool == "npm" and name != "exec":
            raise Unresolvable(f"there is no scripts.{name}")
        if tool in ("yarn", "pnpm") and name in ("install", "prune"):
            return
        # `yarn tsx src/main.ts`, `pnpm exec next start`: a binary from node_modules/.bin
        if name in ("exec", "dlx") and extra:
            name, extra = extra[0], extra[1:]
        self._words([name, *extra], res, depth)

    def _is_build(self, tool: str, args: list[str]) -> bool:
        if tool == "tsc" and "--watch" not in args and "-w" not in args:
            return True
        return tool in _BUILD_TOOLS and bool(args) and args[0] == "build"

    def _is_bin(self, tool: str) -> bool:
        return tool in BIN_PACKAGES or tool in self.pkg.all_dependencies

    def _finish(self, res: _Resolution, label: str, evidence: tuple[Evidence, ...]) -> Start:
        if not res.steps:
            raise Unresolvable("it starts no process")
        last = res.steps[-1]
        port = res.port
        argv: list[str] = []
        skip = False
        for i, arg in enumerate(last):
            if skip:
                skip = False
                continue
            m = _PORT_FLAG.match(arg)
            if m and i > 0 and last[0] not in ("node", "bun"):
                value = m[1] or (last[i + 1] if i + 1 < len(last) else "")
                if value.isdigit():
                    port = int(value)
                    argv += [arg.split("=")[0], PORT]
                    skip = m[1] is None
                    continue
            argv.append(arg)
        command: tuple[str, ...] = tuple(PORT if a == _PORT_WORD else a for a in argv)
        if len(res.steps) > 1:
            # Earlier steps (migrations, ...) keep running first; `exec` hands PID 1 to the app.
            before = " && ".join(shlex.join(s) for s in res.steps[:-1]).replace(_PORT_WORD, "$PORT")
            command = ("sh", "-c", f"{before} && exec {shlex.join(command)}")
        tools = tuple(
            a.removeprefix("node_modules/.bin/")
            for s in res.steps
            for a in s[:1]
            if a.startswith("node_modules/")
        )
        return Start(command, label, evidence, _entry(last), port, tools, tuple(res.notes))


def _entry(argv: tuple[str, ...]) -> str | None:
    """The script file ``node [flags] FILE`` runs, as a plain relative path."""
    if not argv or argv[0] not in ("node", "bun"):
        return None
    skip = False
    for arg in argv[1:]:
        if skip:
            skip = False
            continue
        if arg in _NODE_VALUE_FLAGS:
            skip = True
            continue
        if arg.startswith("-"):
            if arg in ("-e", "--eval", "-p", "--print"):
                return None
            continue
        return manifest.plain_path(arg)
    return None


def resolve_file(repo: Repo, entry: str) -> str | None:
    """The file node would load for ``entry`` (``dist/main`` → ``dist/main.js``) if it exists."""
    for candidate in (entry, f"{entry}.js", f"{entry}.mjs", f"{entry}.cjs", f"{entry}/index.js"):
        if repo.is_file(candidate):
            return candidate
    return None


def procfile(repo: Repo, resolver: Resolver) -> tuple[Start | None, str | None]:
    """The Procfile ``web:`` process, or (None, why it cannot be used)."""
    if not repo.is_file("Procfile"):
        return None, None
    for number, line in enumerate(repo.lines("Procfile"), start=1):
        name, sep, cmd = line.partition(":")
        if not sep or name.strip() != "web" or not cmd.strip():
            continue
        ev = Evidence("Procfile", number, manifest.clean_note(f"web: {cmd.strip()}"))
        try:
            found = resolver.text(cmd.strip(), "Procfile web process", ev)
        except Unresolvable as exc:
            return None, f"Procfile:{number}: {exc}"
        program = found.command[0]
        if program not in ("node", "sh") and not program.startswith("node_modules/.bin/"):
            # `web: gunicorn app:app` is another language's server, not this package.json's.
            return None, None
        return found, None
    return None, None


def find(
    repo: Repo, pkg: PackageJson, resolver: Resolver, skip_main: bool = False
) -> tuple[Start | None, list[str]]:
    """The start command the scripts state, else the entry file (``main``, ``server.js``, ...).

    ``skip_main``: the framework knows its entry better than ``main`` (a library field).
    """
    notes: list[str] = []
    for name in ("start", "start:prod"):
        if name in pkg.scripts:
            try:
                return resolver.script(name), notes
            except Unresolvable as exc:
                notes.append(f"scripts.{name} cannot be the image's command: {exc}")
    if skip_main:
        return None, notes
    if pkg.main:
        ev = manifest.evidence(repo, "main", note=f"main {pkg.main}")
        return Start(("node", pkg.main), "package.json main", (ev,), pkg.main), notes
    for name in ENTRY_FILES:
        if repo.is_file(name):
            return Start(
                ("node", name), name, (Evidence(name, None, "conventional entry file"),), name
            ), notes
    return None, notes


def choose(
    repo: Repo,
    pkg: PackageJson,
    resolver: Resolver,
    framework_start: Start | None,
    framework_default: Start | None,
) -> tuple[Start | None, list[str]]:
    """The image's command: Procfile, the framework's own server, the scripts, the defaults.

    A framework whose production server is not what ``scripts.start`` runs (Next.js
    standalone's ``server.js``) replaces the script, but a port the script gives still holds.
    """
    notes: list[str] = []
    found, why = procfile(repo, resolver)
    if why:
        notes.append(why)
    if found is None and framework_start is not None:
        found = framework_start
        if "start" in pkg.scripts:
            try:
                stated: Start | None = resolver.script("start")
            except Unresolvable:
                stated = None
            if stated is not None and stated.port is not None:
                found = dataclasses.replace(
                    found, port=stated.port, evidence=(*found.evidence, *stated.evidence)
                )
    if found is None:
        found, skipped = find(repo, pkg, resolver, skip_main=framework_default is not None)
        found = found or framework_default
        if found is None or not found.label.startswith("scripts."):
            notes += skipped
    return found, notes + list(found.notes if found else ())
