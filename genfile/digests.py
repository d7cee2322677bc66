"""``genfile init --pin-digest``: every base image pinned to the digest the local engine has.

A tag (``python:3.14-slim``) moves when upstream publishes a patch; a digest never does, so a
pinned Dockerfile builds the same bytes until someone updates it (Renovate and Dependabot
know how). genfile never pulls anything itself: it asks the engine on this machine what it
already holds (``docker image inspect``), and the digest it reports is the registry's
manifest digest recorded when the image was pulled. An image the engine does not hold, or
one it built itself (no registry digest), cannot be pinned: the flag is refused with the
image named and the command that fixes it, rather than writing a Dockerfile half pinned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable

from genfile.errors import ChoiceError

# sha256 digests as registries write them; anything else from the engine is not trusted.
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_TIMEOUT = 20  # seconds for one `docker image inspect`


def base_images(text: str) -> tuple[str, ...]:
    """The images the stages of a Dockerfile genfile rendered start from, in order, once each:
    stage names (``FROM base``) and ``scratch`` are not images. genfile writes each FROM on
    one line, so a line scan is exact here."""
    stages: set[str] = set()
    found: list[str] = []
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].upper() != "FROM":
            continue
        words = [w for w in words[1:] if not w.startswith("--")]
        if not words:
            continue
        image = words[0]
        if len(words) >= 3 and words[1].upper() == "AS":
            stages.add(words[2].lower())
        if image.lower() in stages or image == "scratch" or image in found:
            continue
        found.append(image)
    return tuple(found)


def _repository(ref: str) -> str:
    """``python:3.14-slim`` → ``python``; ``gcr.io/distroless/static:nonroot`` → its path."""
    name = ref.split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return name[:colon] if colon > slash else name


def _normalized(repository: str) -> str:
    """Docker Hub's short names as the engine records them in RepoDigests."""
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/"):
        if repository.startswith(prefix):
            return repository.removeprefix(prefix)
    return repository


def engine_binary() -> str | None:
    """The docker CLI genfile asks (``GENFILE_DOCKER`` names another one)."""
    return os.environ.get("GENFILE_DOCKER") or shutil.which("docker")


def resolve(images: Iterable[str], binary: str | None = None) -> tuple[tuple[str, str], ...]:
    """``(image, digest)`` for every image, from the local engine; refused (one line) when
    any image cannot be pinned."""
    binary = binary or engine_binary()
    refs = tuple(dict.fromkeys(images))
    if binary is None:
        raise ChoiceError(
            "--pin-digest needs a Docker engine to read the digests from, and no docker command was found",
            "install Docker (or set GENFILE_DOCKER to its CLI), or drop --pin-digest",
        )
    return tuple((ref, _digest(binary, ref)) for ref in refs)


def _digest(binary: str, ref: str) -> str:
    try:
        done = subprocess.run(
            [binary, "image", "inspect", "--format", "{{json .RepoDigests}}", ref],
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ChoiceError(
            f"--pin-digest: the Docker engine did not answer for {ref} ({type(exc).__name__})",
            "start the engine and try again, or drop --pin-digest",
        ) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        reason = said[-1][:200] if said else f"exit code {done.returncode}"
        raise ChoiceError(
            f"--pin-digest: the local engine does not hold {ref} ({reason})",
            f"run `docker pull {ref}` first, or drop --pin-digest",
        )
    try:
        digests = json.loads(done.stdout or "null") or []
    except json.JSONDecodeError:
        digests = []
    wanted = _normalized(_repository(ref))
    for entry in digests if isinstance(digests, list) else []:
        if not isinstance(entry, str) or "@" not in entry:
            continue
        repository, digest = entry.rsplit("@", 1)
        if _normalized(repository) == wanted and _DIGEST.fullmatch(digest):
            return digest
    raise ChoiceError(
        f"--pin-digest: the local engine has {ref} with no registry digest "
        "(it was built or loaded here, not pulled)",
        f"run `docker pull {ref}` to get the registry's image, or drop --pin-digest",
    )
