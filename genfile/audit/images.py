"""What genfile knows about base images: how a reference splits, which official images are
"full" (Debian with compilers, headers and VCS clients: about 1 GB), which carry a whole
toolchain, and which already run as an unprivileged user.

Only official images are judged by name: ``myorg/python`` may be anything, so no rule guesses
about it. A reference still holding a ``$VARIABLE`` is unknown and never judged either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOCKER_HUB = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
# Registries that mirror Docker Hub's official images under the same names.
_MIRRORS = {"public.ecr.aws": "docker/library/", "mirror.gcr.io": "library/"}
_SMALL_VARIANTS = ("slim", "alpine", "distroless", "minimal", "chiseled", "busybox")

# Official images whose default tags are the full Debian flavour, with what to use instead.
FULL_IMAGES: dict[str, str] = {
    "python": "{name}:{version}-slim (about 130 MB against 1 GB) or {name}:{version}-alpine",
    "node": "{name}:{version}-slim or {name}:{version}-alpine (about 150 MB against 1.1 GB)",
    "ruby": "{name}:{version}-slim or {name}:{version}-alpine",
    "perl": "{name}:{version}-slim",
    "golang": "distroless or scratch, holding only the compiled binary",
    "rust": "distroless or debian:<release>-slim, holding only the compiled binary",
    "buildpack-deps": "the slim or alpine variant of your language's image",
    "gcc": "a slim image holding only the compiled program",
    "openjdk": "eclipse-temurin:{version}-jre (a JRE, no compiler)",
    "maven": "eclipse-temurin:<version>-jre (a JRE, no build tools)",
    "gradle": "eclipse-temurin:<version>-jre (a JRE, no build tools)",
    "debian": "{name}:{version}-slim",
}
# Images that are a toolchain whatever the variant: running them keeps the compiler.
TOOLCHAIN_IMAGES = frozenset({"golang", "rust", "gcc", "buildpack-deps", "maven", "gradle", "openjdk"})
# Full images that are Debian with compilers (buildpack-deps based), not just a bigger OS.
COMPILER_IMAGES = frozenset({"python", "node", "ruby", "perl", "golang", "rust", "buildpack-deps", "gcc"})


@dataclass(frozen=True)
class ImageRef:
    """``[registry/]path[:tag][@digest]`` split into its parts."""

    raw: str
    registry: str | None
    path: str
    tag: str | None
    digest: str | None

    @classmethod
    def parse(cls, reference: str) -> ImageRef:
        rest, _, digest = reference.partition("@")
        slash = rest.rfind("/")
        colon = rest.rfind(":")
        tag = None
        if colon > slash:
            rest, tag = rest[:colon], rest[colon + 1 :]
        registry = None
        first, sep, remainder = rest.partition("/")
        if sep and ("." in first or ":" in first or first == "localhost"):
            registry, rest = first, remainder
        return cls(reference, registry, rest, tag or None, digest or None)

    @property
    def unknown(self) -> bool:
        """True when a variable is left in the reference: nothing can be said about it."""
        return "$" in self.raw

    @property
    def scratch(self) -> bool:
        return self.raw.lower() == "scratch"

    @property
    def official(self) -> str | None:
        """The Docker Hub official image name (``python``), or None for any other image."""
        path = self.path.lower()
        if self.registry is None or self.registry.lower() in _DOCKER_HUB:
            path = path.removeprefix("library/")
        elif self.registry.lower() in _MIRRORS:
            prefix = _MIRRORS[self.registry.lower()]
            if not path.startswith(prefix):
                return None
            path = path[len(prefix) :]
        else:
            return None
        return path if "/" not in path else None

    @property
    def small_variant(self) -> bool:
        text = f"{self.path}:{self.tag or ''}".lower()
        return any(word in text for word in _SMALL_VARIANTS)

    @property
    def version(self) -> str:
        """The version part of the tag (``3.11`` of ``3.11-bookworm``), for suggestions."""
        if not self.tag or self.tag == "latest":
            return "<version>"
        return re.split(r"-", self.tag, maxsplit=1)[0]

    def full(self) -> bool:
        """An official image in its full flavour (``python:3.11``, ``node:22-bookworm``)."""
        return (
            not self.unknown
            and self.official in FULL_IMAGES
            and not self.small_variant
            and not (self.digest and not self.tag)  # digest only: the flavour cannot be read
        )

    def toolchain(self) -> bool:
        """An image that carries compilers or a language toolchain."""
        if self.unknown or self.official is None:
            return False
        return self.official in TOOLCHAIN_IMAGES or (self.official in COMPILER_IMAGES and self.full())

    def smaller(self) -> str:
        hint = FULL_IMAGES.get(self.official or "", "a slim or alpine variant")
        return hint.format(name=self.official or self.path, version=self.version)

    def runs_as_nonroot(self) -> bool:
        """Images known to default to an unprivileged user (distroless ``:nonroot``, the
        ``*-unprivileged`` images, Chainguard's)."""
        text = self.raw.lower()
        return (
            "nonroot" in (self.tag or "").lower()
            or "unprivileged" in self.path.lower()
            or text.startswith("cgr.dev/chainguard/")
        ) and not (self.tag or "").lower().endswith("-dev")

    def has_shell(self) -> bool | None:
        """False for images without /bin/sh (distroless, scratch); None when unknown."""
        if self.scratch or "distroless" in self.raw.lower():
            return "debug" in (self.tag or "").lower()
        return None
