"""Files that hold credentials: they never enter a build context, and the user is told.

One list, as data with the reason for each entry, read by every stack's .dockerignore, by
the warning ``genfile detect`` prints, by ``genfile audit`` (GF009) and by the Go detector's
check of what the code opens. A pattern without a slash matches a file or folder name
anywhere; one with a slash matches that path at any depth (``.kube/config``).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass

from genfile import validate
from genfile.errors import ManifestError
from genfile.repo import SKIP_DIRS, Repo


@dataclass(frozen=True)
class Secret:
    pattern: str
    why: str


SECRETS = (
    Secret(".env", "environment files hold API keys and passwords"),
    Secret(".env.*", "per-environment variants of .env (.env.production)"),
    Secret(".envrc", "direnv's environment, often exports tokens"),
    Secret("*.pem", "private keys and certificates"),
    Secret("*.key", "private keys"),
    Secret("*.p12", "PKCS#12 key stores"),
    Secret("*.pfx", "PKCS#12 key stores (Windows name)"),
    Secret("*.jks", "Java key stores"),
    Secret("*.kdbx", "KeePass password databases"),
    Secret("id_rsa*", "SSH private keys"),
    Secret("id_dsa*", "SSH private keys (DSA)"),
    Secret("id_ecdsa*", "SSH private keys (ECDSA)"),
    Secret("id_ed25519*", "SSH private keys (Ed25519)"),
    Secret(".ssh", "SSH keys and known hosts"),
    Secret(".aws", "AWS credentials and config"),
    Secret(".docker/config.json", "registry credentials written by docker login"),
    Secret(".kube/config", "Kubernetes cluster credentials"),
    Secret(".npmrc", "npm registry tokens (passed to the install as a build secret instead)"),
    Secret(".yarnrc", "Yarn 1 registry tokens; kept when it holds none"),
    Secret(".yarnrc.yml", "Yarn 2+ registry tokens (npmAuthToken); kept when it holds none"),
    Secret("bunfig.toml", "Bun registry tokens; kept when it holds none"),
    Secret(".pypirc", "PyPI upload tokens"),
    Secret(".netrc", "logins for hosts that pip, git and curl use"),
    Secret(".git-credentials", "git's stored passwords and tokens"),
    Secret(".pgpass", "PostgreSQL passwords"),
    Secret(".htpasswd", "web server password hashes"),
    Secret("credentials.json", "Google API OAuth client credentials"),
    Secret("client_secret*.json", "Google OAuth client secrets"),
    Secret("*service-account*.json", "cloud service account keys"),
    Secret("service-account*.json", "cloud service account keys"),
    Secret("*-adminsdk*.json", "Firebase Admin SDK keys"),
    Secret("secrets.y*ml", "secrets files of Rails, Kubernetes and CI tools"),
    Secret("*.tfvars", "Terraform variables, often with cloud credentials"),
)
SECRET_PATTERNS = tuple(s.pattern for s in SECRETS)
# Files a build may need that are secrets only when they hold a credential.
CONDITIONAL = (".yarnrc", ".yarnrc.yml", "bunfig.toml")
_CREDENTIAL = re.compile(r"(?im)^\s*[\w.\"'\[\]-]*(authtoken|authident|_auth|token|password)\b")
_NOT_SECRET_SUFFIXES = (".example", ".sample", ".template", ".dist")


def is_secret(path: str) -> bool:
    """Whether ``path`` (relative, with ``/``) is a credential file by name or path."""
    parts = path.split("/")
    for pattern in SECRET_PATTERNS:
        if "/" in pattern:
            if path == pattern or path.endswith("/" + pattern):
                return True
        elif any(fnmatch.fnmatch(part, pattern) for part in parts):
            return True
    return False


def holds_credential(text: str) -> bool:
    """Whether a configuration file's text sets a token, password or auth field."""
    return _CREDENTIAL.search(text) is not None


def find_secrets(repo: Repo, max_depth: int = 3, limit: int = 20) -> list[str]:
    """Relative paths of secret-looking files near the top of the project (bounded scan)."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(repo.root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, repo.root)
        depth = 0 if rel_dir == "." else rel_dir.count(os.sep) + 1
        names = sorted(filenames) + sorted(d for d in dirnames if d in (".aws", ".ssh"))
        for name in names:
            path = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            if not is_secret(path) or name.endswith(_NOT_SECRET_SUFFIXES):
                continue
            if name in CONDITIONAL and not _has_credential(repo, path):
                continue
            found.append(validate.printable(path))
            if len(found) >= limit:
                return found
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIP_DIRS and depth < max_depth and d not in (".aws", ".ssh")
        )
    return found


def _has_credential(repo: Repo, path: str) -> bool:
    try:
        return holds_credential(repo.text(path))
    except ManifestError:  # unreadable: treat it as a secret, to be safe
        return True
