"""``genfile audit``: review an existing Dockerfile and offer genfile's own in its place.

Modules, one concern each:

- :mod:`~genfile.audit.parse` reads the Dockerfile with BuildKit's parser into stages;
- :mod:`~genfile.audit.ignore` matches .dockerignore patterns as BuildKit does;
- :mod:`~genfile.audit.images`, :mod:`~genfile.audit.shell` hold knowledge about base images
  and about the commands in ``RUN`` lines;
- :mod:`~genfile.audit.rules` holds the rules (GF001...), one small check each;
- :mod:`~genfile.audit.engine` runs them (and hadolint, :mod:`~genfile.audit.hadolint`);
- :mod:`~genfile.audit.report` and :mod:`~genfile.audit.sarif` render the result;
- :mod:`~genfile.audit.fix` builds and writes the ``--fix`` proposal;
- :mod:`~genfile.audit.command` is the command line (:func:`register`).
"""

from __future__ import annotations

from genfile.audit.command import register
from genfile.audit.engine import audit, audit_text
from genfile.audit.finding import Finding, RuleInfo, Severity
from genfile.audit.report import Report

__all__ = ["Finding", "Report", "RuleInfo", "Severity", "audit", "audit_text", "register"]
