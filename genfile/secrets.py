"""Files that look like secrets: they must never enter the build context, and the user is told."""

from __future__ import annotations

import fnmatch
import os

from genfile.repo import SKIP_DIRS, Repo

# Patterns for .dockerignore (every stack excludes these) and for the warning scan.
SECRET_PATTERNS = (
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "id_rsa*",
    "id_ed25519*",
    "id_ecdsa*",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "credentials.json",
    "service-account*.json",
    ".aws",
    ".ssh",
)


def find_secrets(repo: Repo, max_depth: int = 3, limit: int = 20) -> list[str]:
    """Relative paths of secret-looking files near the top of the project (bounded scan)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(repo.root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, repo.root)
        depth = 0 if rel_dir == "." else rel_dir.count(os.sep) + 1
        names = sorted(filenames) + sorted(d for d in dirnames if d in (".aws", ".ssh"))
        for name in names:
            if any(fnmatch.fnmatch(name, p) for p in SECRET_PATTERNS) and not name.endswith(
                (".example", ".sample", ".template", ".dist")
            ):
                found.append(name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/"))
                if len(found) >= limit:
                    return found
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and depth < max_depth and d not in (".aws", ".ssh")
        )
    return found
