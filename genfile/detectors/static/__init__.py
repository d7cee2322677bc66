"""Plain static sites: HTML with no build, served by nginx as a non-root user.

Reads the folder to serve and how unknown paths are answered (:mod:`.findings`, from the
``Staticfile`` and the site's own files), and plans the ``static-nginx`` stack: one stage,
nginx's configuration written at build time with the port filled in from ``$PORT`` at start.
"""

from __future__ import annotations

from dataclasses import dataclass

from genfile.detection import Detection, Strength
from genfile.detectors.contract import Language
from genfile.detectors.static.findings import DEFAULT_PORT, INDEX, StaticFindings, find
from genfile.detectors.static.staticfile import STATICFILE
from genfile.evidence import Evidence, Fact
from genfile.plan import BuildPlan, LanguagePlan, User
from genfile.repo import Repo
from genfile.stacks import Stack

ECOSYSTEM = "static"
LOOKS_FOR = (STATICFILE, INDEX)
STACK = "static-nginx"
NGINX_USER = User("nginx", 101, 101)  # the account of the official nginx images
# nginx reads no environment: at start, the configuration takes $PORT (the platform's, else
# the image's ENV PORT) into /tmp, and exec makes nginx PID 1.
COMMAND = (
    "sh",
    "-c",
    'sed "s/@PORT@/${PORT}/" /etc/nginx/nginx.conf.template > /tmp/nginx.conf '
    "&& exec nginx -c /tmp/nginx.conf -g 'daemon off;'",
)


@dataclass(frozen=True)
class StaticPlan(LanguagePlan):
    """What the ``static-nginx`` templates print (``site`` for stacks/common/nginx.j2)."""

    root: str
    fallback: bool
    fallback_reason: str
    error_page: str | None
    autoindex: bool
    immutable_prefix: str | None = None

    @property
    def source(self) -> str:
        return "." if self.root == "." else f"{self.root}/"  # COPY . . / COPY public/ ./


def _name(repo: Repo) -> str:
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in repo.root.name).strip("-.")
    return cleaned.lower() or "site"


def facts(f: StaticFindings) -> tuple[Fact, ...]:
    found = [
        Fact("site folder", f.root, (f.root_evidence,)),
        Fact("unknown paths", "index.html (SPA fallback)" if f.fallback else "404", (f.fallback_evidence,)),
        Fact("port", DEFAULT_PORT, (Evidence(None, None, "unprivileged port for nginx as a non-root user"),)),
    ]
    if f.error_page:
        found.append(
            Fact("404 page", f.error_page, (Evidence(f.error_page, None, "served with status 404"),))
        )
    return tuple(found)


def detect(repo: Repo, main: str | None = None) -> Detection | None:
    """The static site in ``repo`` (``main`` is not a choice here: ignored)."""
    f = find(repo)
    if f is None:
        return None
    warnings = list(f.warnings)
    if f.root != "." and not repo.is_file(f"{f.root}/{INDEX}"):
        warnings.append(f"{f.root_evidence.where()}: {f.root}/{INDEX} does not exist: / answers 404")
    stated = f.settings is not None
    return Detection(
        ecosystem=ECOSYSTEM,
        project_name=_name(repo),
        stack=STACK,
        stack_reason="a static site: nginx serves the files as a non-root user, no build",
        facts=facts(f),
        details=f,
        warnings=tuple(warnings),
        strength=Strength.STATED if stated else Strength.CONVENTION,
        strength_reason=f"{STATICFILE}: a static site" if stated else f"{INDEX}: a static page",
    )


def plan(detection: Detection, stack: Stack) -> BuildPlan:
    f = detection.details
    assert isinstance(f, StaticFindings)
    ev = f.fallback_evidence
    reason = f"{ev.where()}: {ev.note}" if ev.file else ev.note
    details = StaticPlan(f.root, f.fallback, reason, f.error_page, bool(f.settings and f.settings.autoindex))
    return BuildPlan(
        ecosystem=ECOSYSTEM,
        stack=stack,
        project_name=detection.project_name,
        language_version="stable",
        package_manager="none",
        command=COMMAND,
        port=DEFAULT_PORT,
        user=NGINX_USER,
        notes=detection.warnings,
        sources={"command": Evidence(None, None, "nginx serving the site"), "port": DEFAULT_PORT_EVIDENCE},
        details=details,
    )


DEFAULT_PORT_EVIDENCE = Evidence(None, None, "unprivileged port for nginx as a non-root user")
DETECTOR = Language(ECOSYSTEM, LOOKS_FOR, detect, plan)
