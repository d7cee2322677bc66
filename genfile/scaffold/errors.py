"""The errors ``genfile new`` raises, in one place because several steps raise the same ones.

Each is a :class:`~genfile.errors.GenfileError`, so the CLI prints it as one line with exit
status 2; the ``ChoiceError`` and ``ExistingFileError`` bases say what kind of mistake it is.
"""

from __future__ import annotations

from genfile.errors import ChoiceError, ExistingFileError, GenfileError


class UnknownTemplateError(ChoiceError):
    """``genfile new NAME`` with a name that is neither a bundled template nor a path."""


class TemplateError(GenfileError):
    """A template that cannot be used or fails while generating (bad cookiecutter.json, an
    undefined variable, a failing hook)."""


class SettingError(ChoiceError):
    """A ``--set`` or a prompted answer the template cannot take."""


class TargetExistsError(ExistingFileError):
    """The target folder exists and is not empty, and ``--force`` was not given."""


class ContainerSetupError(GenfileError):
    """The generated project is not one genfile can write container files for."""
