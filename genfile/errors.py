"""Typed errors a user can cause; the CLI prints each as one line and exits with status 2.

Every error names the file (and line/column when the parser knows it) and says what to do,
because the person reading it is looking at their own repository, not at genfile's code.
"""

from __future__ import annotations

import re
from pathlib import Path

# As genfile.validate.UNPRINTABLE (errors is imported by validate, so it cannot import it).
UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class GenfileError(Exception):
    """Base class: a problem with the user's input that genfile can explain in one line."""

    exit_code = 2

    def __init__(self, message: str, fix: str = "") -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        """The single line shown to the user: what is wrong, then what to do. Always one line:
        a value from a repository or a flag cannot add one (its controls are escaped)."""
        text = f"{self.message}: {self.fix}" if self.fix else self.message
        return UNPRINTABLE.sub(lambda m: repr(m[0])[1:-1], text)


class ManifestError(GenfileError):
    """A project file that cannot be read or parsed (malformed TOML/JSON, binary, a folder...)."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        fix: str = "fix the file and run genfile again",
    ) -> None:
        where = str(path)
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        self.path = str(path)
        super().__init__(f"{where}: {problem}", fix)


class UnknownProjectError(GenfileError):
    """No detector recognised the folder."""


class ChoiceError(GenfileError):
    """A value given by flag (or missing where one is needed) that genfile cannot use."""


class ExistingFileError(GenfileError):
    """A file genfile would write already exists and overwriting was not allowed."""
