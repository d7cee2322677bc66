"""Detector registry: every module (or package) in this folder is one ecosystem.

A detector exposes ``ECOSYSTEM`` (the language its stacks declare), ``LOOKS_FOR`` (the files
it recognises, for the "unknown project" message), ``detect(repo) -> Detection | None`` and
``plan(detection, stack) -> BuildPlan``. Adding a language means adding a module here and a
stack folder; nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType


@cache
def all_detectors() -> tuple[ModuleType, ...]:
    modules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "detect") and hasattr(module, "ECOSYSTEM"):
            modules.append(module)
    return tuple(modules)


def by_ecosystem(name: str) -> ModuleType:
    return next(m for m in all_detectors() if name == m.ECOSYSTEM)
