"""The rules of ``genfile audit``, one small module each, in the shape hadolint made familiar:
an id, a severity, a title, why it matters and how to fix it, and a check function that
yields where it applies (see :mod:`~genfile.audit.rules.base`).

Precision beats recall: a rule that cries wolf on good Dockerfiles (genfile's own, for a start)
teaches people to ignore it, so when a check cannot tell, it stays silent.
"""

from __future__ import annotations

from genfile.audit.rules import (
    gf001_build_tools,
    gf002_full_base,
    gf003_unpinned_base,
    gf004_runs_as_root,
    gf005_source_before_install,
    gf006_package_cache,
    gf007_gf008_dockerignore,
    gf009_secret_files,
    gf010_secret_env,
    gf011_gf012_add,
    gf013_shell_form,
    gf014_npm_process,
    gf015_port_not_exposed,
    gf016_development_server,
)
from genfile.audit.rules.base import Check, Hit, Rule

__all__ = ["RULES", "Check", "Hit", "Rule"]

# The report order: --list-rules and SARIF list the rules in this order; a new rule is added here.
RULES: tuple[Rule, ...] = (
    gf001_build_tools.build_tools,
    gf002_full_base.full_base,
    gf003_unpinned_base.unpinned_base,
    gf004_runs_as_root.runs_as_root,
    gf005_source_before_install.source_before_install,
    gf006_package_cache.package_cache,
    gf007_gf008_dockerignore.no_dockerignore,
    gf007_gf008_dockerignore.dockerignore_gaps,
    gf009_secret_files.secret_files,
    gf010_secret_env.secret_env,
    gf011_gf012_add.add_remote,
    gf011_gf012_add.add_instead_of_copy,
    gf013_shell_form.shell_form,
    gf014_npm_process.npm_process,
    gf015_port_not_exposed.port_not_exposed,
    gf016_development_server.development_server,
)
