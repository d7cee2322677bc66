"""The container's start command, read as words: the npm/yarn/pnpm runner in it and whether
it needs a shell. Shared by GF013 (shell form), GF014 (npm as the process) and GF016
(development server)."""

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


def split_words(text: str) -> list[str]:
    try:
        return shell.split(text)  # shlex.split, in linear time
    except ValueError:
        return text.split()
