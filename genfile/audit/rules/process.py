"""The container's start command, read as words: the server program past its wrappers, the
npm/yarn/pnpm runner in it and whether it needs a shell. Shared by GF013 (shell form), GF014
(npm as the process), GF015 (port), GF016 (development server) and audit --fix."""

from __future__ import annotations

import re

from genfile.audit import shell

# Shell syntax in a command: variables, substitution, pipes and lists, redirection, globs, ~,
# grouping and control flow. A command with any of it cannot simply be split into exec form.
NEEDS_SHELL = re.compile(r"[$`|&;<>(){}*?~]|\b(if|for|while)\b")

RUNNERS = ("npm", "npx", "yarn", "pnpm")


def runner_script(words: list[str]) -> tuple[int, str] | None:
    """Position of npm/yarn/pnpm in the process words, and the script it runs."""
    for index, word in enumerate(words):
        if word.rsplit("/", 1)[-1] not in RUNNERS:
            continue
        rest = [w for w in words[index + 1 :] if not w.startswith("-")]
        if not rest:
            return index, "install" if word == "yarn" else ""
        if rest[0] in ("run", "run-script") and len(rest) > 1:
            return index, rest[1]
        return index, rest[0]
    return None


def program_words(words: list[str] | tuple[str, ...]) -> list[str]:
    """The server's own words in a start command: past ``sh -c '...'`` (read inside),
    ``exec``, ``env``, ``VAR=value`` prefixes and ``tini --`` / ``dumb-init`` wrappers."""
    current = list(words)
    for _ in range(4):  # a few nested wrappers at most
        stripped, _env = shell.strip_prefix(current)
        if stripped[:1] and _program(stripped[0]) in ("sh", "bash", "dash", "ash") and "-c" in stripped[1:3]:
            index = stripped.index("-c")
            script = stripped[index + 1] if index + 1 < len(stripped) else ""
            commands = shell.simple_commands(script)
            current = commands[-1] if commands else []
            continue
        if stripped[:1] and _program(stripped[0]) in ("tini", "dumb-init", "catatonit"):
            rest = stripped[1:]
            while rest and rest[0].startswith("-"):
                done = rest[0] == "--"
                rest = rest[1:]
                if done:
                    break
            current = rest
            continue
        return stripped
    return current


def _program(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def split_words(text: str) -> list[str]:
    try:
        return shell.split(text)  # shlex.split, in linear time
    except ValueError:
        return text.split()
