"""Which package manager installs the project, which version, and the commands genfile runs.

The lockfile decides the manager (a frozen install needs the lockfile of the tool that wrote
it); the ``packageManager`` field (Corepack's pin) gives its exact version. Without either,
npm. Every command built here is made of fixed words and validated versions only.

Support:
- npm: ``npm ci`` (``package-lock.json`` or ``npm-shrinkwrap.json``), the npm of the image.
- pnpm: ``pnpm install --frozen-lockfile`` through Corepack, at the pinned version, else the
  major line that writes the lockfile's format.
- Yarn classic (1.x): ``yarn install --frozen-lockfile`` with the Yarn 1 the image carries.
- Yarn Berry (2+): ``yarn install --immutable`` through Corepack (or the committed
  ``yarnPath`` release), installed with the node-modules linker so the final image is plain
  ``node_modules`` (Plug'n'Play needs its loader on every ``node`` call).
- Bun (``bun.lock``/``bun.lockb``): Bun, pinned and installed from the npm registry in the
  build stages only, installs the locked dependencies; the app runs on Node. A start command
  that needs the Bun *runtime* is reported instead (no Bun stack yet).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from genfile import secrets, version_files
from genfile.detectors.node import lockfiles, manifest, versions
from genfile.detectors.node.manifest import PackageJson
from genfile.evidence import Evidence
from genfile.repo import Repo

LOCKFILES = (
    ("bun.lock", "bun"),
    ("bun.lockb", "bun"),
    ("pnpm-lock.yaml", "pnpm"),
    ("yarn.lock", "yarn"),
    ("package-lock.json", "npm"),
    ("npm-shrinkwrap.json", "npm"),
)
_PIN = re.compile(
    r"^(npm|pnpm|yarn|bun)@(\d{1,4}\.\d{1,4}\.\d{1,4}(?:-[0-9A-Za-z.]{1,40})?)(?:\+[0-9A-Za-z.]+)?$"
)
_VERSION = re.compile(r"^(?:\d{1,4}(?:\.\d{1,4}\.\d{1,4}(?:-[0-9A-Za-z.]{1,40})?)?|latest)$")
# pnpm lockfile format → the pnpm major line that writes it.
_PNPM_FOR_LOCK = {"5.3": "6", "5.4": "7", "6.0": "8", "6.1": "8", "7.0": "9", "9.0": "9"}
# Yarn Berry lockfile __metadata.version → the Yarn line that writes it. Yarn 2's newest
# release, 2.4.3, was published on Yarn's own site only: the npm registry (which Corepack
# reads behind a mirror, COREPACK_NPM_REGISTRY) ends the line at 2.4.2, which writes the same format.
_YARN_FOR_LOCK = {"4": "2.4.2", "5": "3", "6": "3", "7": "3", "8": "4"}
# Files read by the install (copied with the lockfile, before the source).
_CONFIG = {
    "npm": (),
    "pnpm": ("pnpm-workspace.yaml", ".pnpmfile.cjs"),
    "yarn": (".yarnrc", ".yarnrc.yml"),
    "bun": ("bunfig.toml",),
}
_CONFIG_DIRS = {
    "npm": ("patches",),
    "pnpm": ("patches",),
    "yarn": ("patches", ".yarn/releases", ".yarn/plugins", ".yarn/patches"),
    "bun": ("patches",),
}
CACHE = {
    "npm": "/root/.npm",
    "pnpm": "/pnpm/store",
    "yarn": "/usr/local/share/.cache/yarn",
    "yarn-berry": "/root/.yarn/berry/cache",
    "bun": "/root/.bun/install/cache",
}


def secret_id(path: str) -> str:
    """The build secret's id for a credentials file: ``.yarnrc.yml`` → ``yarnrc-yml``."""
    return path.lstrip(".").replace(".", "-").replace("/", "-")


@dataclass(frozen=True)
class PackageManager:
    """The package manager and the files its install reads."""

    name: str  # npm | pnpm | yarn | bun
    berry: bool  # Yarn 2+
    version: str | None  # exact pin or major line; None: the one in the image
    lockfile: str | None
    files: tuple[str, ...]  # package.json, the lockfile and install config, copied first
    dirs: tuple[str, ...]  # folders the install reads (patches, .yarn/releases)
    secret_files: tuple[str, ...]  # config files with credentials: build secrets, never copied
    pnp: bool  # Yarn Berry Plug'n'Play configured (genfile installs node_modules instead)
    focus_plugin: bool  # Yarn Berry can install production dependencies only
    evidence: tuple[Evidence, ...]
    warnings: tuple[str, ...]
    out_of_sync: tuple[str, ...] = field(
        default=()
    )  # package.json entries the lockfile lacks or pins otherwise

    @property
    def label(self) -> str:
        if self.name == "yarn":
            return "yarn (berry)" if self.berry else "yarn (classic)"
        return self.name

    @property
    def key(self) -> str:
        """Name used by the templates and the cache table (``yarn-berry`` apart from Yarn 1)."""
        return "yarn-berry" if self.berry else self.name

    @property
    def corepack(self) -> bool:
        """Corepack provides pnpm and Yarn Berry (unless a committed yarnPath release does)."""
        if self.name == "pnpm":
            return True
        return self.berry and ".yarn/releases" not in self.dirs

    # ---- commands (fixed words plus validated versions only) --------------------------------

    def install(self, production: bool, scripts: bool = True) -> str:
        """The install command; ``scripts=False``: lifecycle scripts off, then the dependencies'
        own install scripts (node-gyp builds) run through ``rebuild``, the project's do not."""
        if not scripts and self.name in ("npm", "pnpm"):
            rebuild = "npm rebuild" if self.name == "npm" else f"pnpm rebuild --store-dir {CACHE['pnpm']}"
            return f"{self.install(production)} --ignore-scripts && {rebuild}"
        frozen = self.lockfile is not None
        if self.name == "npm":
            # A lockfile out of step with package.json makes `npm ci` fail: `npm install` keeps
            # every locked version it can and resolves the entries that differ.
            verb = "ci" if frozen and not self.out_of_sync else "install"
            return f"npm {verb}{' --omit=dev' if production else ''} --no-audit --no-fund"
        # Out of step, the lockfile is a starting point: the install resolves what differs.
        stale = frozen and bool(self.out_of_sync)
        if self.name == "pnpm":
            flags = " --no-frozen-lockfile" if stale else " --frozen-lockfile" if frozen else ""
            return f"pnpm install{flags}{' --prod' if production else ''} --store-dir {CACHE['pnpm']}"
        if self.name == "yarn" and not self.berry:
            flags = " --frozen-lockfile" if frozen and not stale else ""
            return f"yarn install{flags} --non-interactive{' --production' if production else ''}"
        if self.name == "yarn":
            if production and self.focus_plugin:
                return "yarn workspaces focus --all --production"
            return (
                "yarn install --no-immutable"
                if stale
                else "yarn install --immutable"
                if frozen
                else "yarn install"
            )
        if stale and production:
            # Bun's --production implies a frozen lockfile: bring the lockfile in step first.
            return "bun install --lockfile-only && bun install --production"
        flags = " --frozen-lockfile" if frozen and not stale else ""
        return f"bun install{flags}{' --production' if production else ''}"

    def run(self, script: str) -> str:
        runner = {"npm": "npm run", "pnpm": "pnpm run", "yarn": "yarn run", "bun": "bun run"}[self.name]
        return f"{runner} {script}"

    @property
    def cache(self) -> str:
        return CACHE[self.key]


# What a frozen install of each manager is, and what genfile runs when the lockfile is out of step.
_FROZEN = {
    "npm": ("npm ci", "npm install"),
    "pnpm": ("pnpm install --frozen-lockfile", "pnpm install --no-frozen-lockfile"),
    "yarn": ("yarn install --frozen-lockfile", "yarn install"),
    "yarn-berry": ("yarn install --immutable", "yarn install --no-immutable"),
    "bun": ("bun install --frozen-lockfile", "bun install --lockfile-only, then bun install"),
}


def _npm_out_of_sync(repo: Repo, pkg: PackageJson, lockfile: str) -> tuple[str, ...]:
    """package.json dependencies that the npm lockfile's root entry lacks or pins to another
    range (what makes `npm ci` stop with "package.json and package-lock.json are not in sync")."""
    try:
        data = json.loads(repo.text(lockfile))
    except (ValueError, Exception):  # a lockfile genfile cannot read: npm decides
        return ()
    root = data.get("packages", {}).get("", {}) if isinstance(data, dict) else {}
    if not isinstance(root, dict) or int(data.get("lockfileVersion", 1) or 1) < 2:
        return ()
    locked: dict[str, str] = {}
    for key in ("dependencies", "optionalDependencies", "devDependencies"):
        table = root.get(key)
        if isinstance(table, dict):
            locked.update({k: v for k, v in table.items() if isinstance(v, str)})
    wanted = dict(pkg.specs)
    differing = []
    for name_, spec in sorted(wanted.items()):
        if name_ not in locked:
            differing.append(
                f"{manifest.clean_note(name_, 40)} {manifest.clean_note(spec, 20)} not in the lockfile"
            )
        elif locked[name_] != spec:
            differing.append(
                f"{manifest.clean_note(name_, 40)} {manifest.clean_note(spec, 20)} locked as "
                f"{manifest.clean_note(locked[name_], 20)}"
            )
    return tuple(differing)


def _pin(pkg: PackageJson, repo: Repo, warnings: list[str]) -> tuple[str, str, Evidence] | None:
    raw = pkg.package_manager
    if raw is None:
        return None
    m = _PIN.match(raw.strip())
    ev = manifest.evidence(repo, "packageManager", note=f"packageManager {raw}")
    if not m:
        warnings.append(
            f"{ev.where()}: packageManager {manifest.clean_note(raw, 40)!r} is not name@x.y.z; ignored"
        )
        return None
    return m[1], m[2], ev


def _pnpm_version(repo: Repo, lockfile: str) -> tuple[str | None, Evidence | None]:
    for number, line in enumerate(repo.lines(lockfile)[:5], start=1):
        m = re.match(r"^lockfileVersion:\s*['\"]?([\d.]+)", line)
        if m:
            fmt = m[1] if "." in m[1] else f"{m[1]}.0"
            major = _PNPM_FOR_LOCK.get(fmt)
            return major, Evidence(lockfile, number, f"lockfileVersion {m[1]} (pnpm {major or '?'})")
    return None, None


def _yarn_berry(repo: Repo, lockfile: str | None) -> tuple[bool, str | None, Evidence | None]:
    """Is this Yarn 2+, and which line: from yarnPath's release file or the lockfile format."""
    berry = repo.is_file(".yarnrc.yml")
    version: str | None = None
    ev: Evidence | None = None
    if berry:
        for number, line in enumerate(repo.lines(".yarnrc.yml"), start=1):
            m = re.match(r"^yarnPath:\s*['\"]?\.?/?\.yarn/releases/yarn-(\d+\.\d+\.\d+)\.c?js", line)
            if m:
                version, ev = m[1], Evidence(".yarnrc.yml", number, manifest.clean_note(line))
        ev = ev or Evidence(".yarnrc.yml", None, "Yarn Berry configuration")
    if lockfile:
        lines = repo.lines(lockfile)[:12]
        for number, line in enumerate(lines, start=1):
            if line.startswith("__metadata:"):
                berry = True
                for offset, nxt in enumerate(lines[number:], start=number + 1):
                    m = re.match(r"^\s+version:\s*(\d+)", nxt)
                    if m:
                        major = _YARN_FOR_LOCK.get(m[1], "4")
                        if version is None:
                            version = major
                            ev = Evidence(lockfile, offset, f"lockfile format {m[1]} (Yarn {major})")
                        break
                break
    return berry, version, ev


def _linker(repo: Repo) -> tuple[bool, bool]:
    """(Plug'n'Play in use, workspace-tools available) for Yarn Berry."""
    if not repo.is_file(".yarnrc.yml"):
        return True, False
    text = repo.text(".yarnrc.yml")
    m = re.search(r"^nodeLinker:\s*['\"]?([\w-]+)", text, re.M)
    return (m is None or m[1] == "pnp"), "workspace-tools" in text


def detect(repo: Repo, pkg: PackageJson, runtime: str = "node") -> PackageManager:
    """The manager that installs the project; on the Bun runtime always Bun (the image has no
    Node to run another manager), reading its own lockfile when there is one."""
    warnings: list[str] = []
    present = [(f, name) for f, name in LOCKFILES if repo.is_file(f)]
    if runtime == "bun":
        others = [f for f, name in present if name != "bun"]
        present = [(f, name) for f, name in present if name == "bun"] or [("", "bun")]
        if others:
            warnings.append(
                f"the app runs on Bun, which installs it: {', '.join(others)} is not read "
                "(Bun resolves package.json again; `bun install` writes bun.lock to commit)"
            )
    pin = _pin(pkg, repo, warnings)
    evidence: list[Evidence] = []

    lockfile: str | None = None
    name = "npm"
    if present:
        chosen = next((p for p in present if pin and p[1] == pin[0]), present[0])
        lockfile, name = chosen[0] or None, chosen[1]
        evidence.append(
            Evidence(lockfile, None, "lockfile") if lockfile else Evidence(None, None, "Bun runtime")
        )
        others = [f for f, n in present if n != name]
        if others:
            warnings.append(
                f"lockfiles of several package managers ({', '.join(f for f, _ in present)}): "
                f"installing with {name} from {lockfile}; delete the others"
            )
    elif pin:
        name = pin[0]
    elif pkg.file != manifest.MANIFEST or pkg.engine("pnpm"):
        # Only pnpm reads package.json5 / package.yaml; engines.pnpm names it too.
        name = "pnpm"
        why = f"{pkg.file}: only pnpm reads it" if pkg.file != manifest.MANIFEST else "engines.pnpm"
        evidence.append(Evidence(pkg.file, None, why))
    elif pkg.engine("yarn"):
        name = "yarn"  # engines.yarn names the manager the project installs with
    if pin and pin[0] != name:
        warnings.append(
            f"{pin[2].where()} names {pin[0]} but the lockfile is {lockfile}: installing with {name} "
            "(the lockfile is what a frozen install needs)"
        )
    if lockfile is None:
        warnings.append(
            "no lockfile: dependency versions are resolved at build time, so two builds may differ; "
            "commit the lockfile your package manager writes"
        )

    version: str | None = None
    berry = False
    if pin and pin[0] == name:
        version = pin[1]
        evidence.insert(0, pin[2])
    spec = pkg.engine(name) if name in ("pnpm", "yarn") and version is None else None
    if spec and (m := re.match(r"^\s*[\^~>=v]*\s*(\d{1,4})\b", spec)):
        version = m[1]
        evidence.insert(0, manifest.evidence(repo, "engines", name, note=f"engines.{name} {spec}"))
    if name == "pnpm" and version is None:
        for raw, pin_ev in version_files.pins(repo, "pnpm"):
            value = raw.strip()
            if value == "latest" or _VERSION.match(value):
                version = value
                evidence.insert(0, pin_ev)
                break
    if name == "pnpm" and version is None and lockfile:
        version, ev = _pnpm_version(repo, lockfile)
        if ev:
            evidence.append(ev)
    if name == "pnpm" and version is not None and version != "latest" and repo.is_file("pnpm-workspace.yaml"):
        # Settings of newer pnpm lines in the workspace file: an older pnpm ignores or refuses them.
        text = repo.text("pnpm-workspace.yaml")
        needs = "11" if re.search(r"^allowBuilds\s*:", text, re.M) else None
        needs = needs or (
            "10" if re.search(r"^(onlyBuiltDependencies|ignoredBuiltDependencies)\s*:", text, re.M) else None
        )
        if needs and int(version.split(".")[0]) < int(needs):
            line = next(
                i
                for i, x in enumerate(text.splitlines(), 1)
                if re.match(r"^(allowBuilds|onlyBuiltDependencies|ignoredBuiltDependencies)\s*:", x)
            )
            warnings.append(
                f"pnpm-workspace.yaml:{line} is a pnpm {needs} setting but pnpm {version} was chosen "
                f"({evidence[-1].where()}): installing with pnpm {needs}"
            )
            version = needs
    if name == "yarn":
        berry, berry_version, berry_ev = _yarn_berry(repo, lockfile)
        if version is not None:
            berry = version.split(".")[0] != "1"  # engines.yarn ^1.22 gives "1"
            if not berry:
                version = None  # the image's Yarn 1.22 runs any Yarn 1 lockfile
        elif berry:
            version = berry_version
        if berry and berry_ev:
            evidence.append(berry_ev)
    if name == "bun" and version is None:
        version = versions.BUN_VERSION
    if version is not None and not _VERSION.match(version):  # pragma: no cover - defence in depth
        version = None  # every source above is a validated pattern; never render anything else
    if name == "npm" and version is not None:
        version = None  # the npm bundled with the image's Node installs any npm lockfile

    pnp, focus = _linker(repo) if berry else (False, False)
    if berry and version is not None and not version.startswith(("2", "3")):
        focus = True  # `yarn workspaces focus` is built into Yarn 4
    if berry and not focus:
        warnings.append(
            "Yarn 2/3 without the workspace-tools plugin cannot install production dependencies "
            "only: the final image keeps devDependencies (yarn plugin import workspace-tools)"
        )
    if name == "bun" and lockfile == "bun.lockb":
        warnings.append(
            "bun.lockb is Bun's old binary lockfile: `bun install --save-text-lockfile` migrates it"
        )

    files = [pkg.file, *([lockfile] if lockfile else [])]
    config = [f for f in _CONFIG[name] if repo.is_file(f)]
    # A config file with a registry token is a secret: the install reads it as a build
    # secret, and it never enters the context (nor a layer).
    secret = tuple(f for f in config if f in secrets.CONDITIONAL and secrets.holds_credential(repo.text(f)))
    files += [f for f in config if f not in secret]
    warnings += [
        f"{f} holds a registry credential: it stays out of the build context and reaches the install "
        f"as a build secret (docker build --secret id={secret_id(f)},src={f})"
        for f in secret
    ]
    dirs = tuple(d for d in _CONFIG_DIRS[name] if repo.is_dir(d))
    if not evidence:
        evidence.append(Evidence(None, None, "no lockfile or packageManager: npm"))
    if lockfile is None:
        out_of_sync: tuple[str, ...] = ()
    elif name == "npm":
        out_of_sync = _npm_out_of_sync(repo, pkg, lockfile)
    else:
        out_of_sync = lockfiles.out_of_step(repo, pkg, name, lockfile)
    if out_of_sync:
        shown = ", ".join(out_of_sync[:5]) + (
            f" and {len(out_of_sync) - 5} more" if len(out_of_sync) > 5 else ""
        )
        refused, used = _FROZEN[name if name != "yarn" or not berry else "yarn-berry"]
        warnings.append(
            f"{lockfile} is out of step with {pkg.file} ({shown}): `{refused}` would refuse it, so the "
            f"image installs with `{used}` (locked versions kept where they match); run "
            f"{'npm' if name == 'npm' else name} install and commit {lockfile}"
        )
    return PackageManager(
        name=name,
        berry=berry,
        version=version,
        lockfile=lockfile,
        files=tuple(files),
        dirs=dirs,
        secret_files=secret,
        pnp=pnp,
        out_of_sync=out_of_sync,
        focus_plugin=focus,
        evidence=tuple(evidence),
        warnings=tuple(warnings),
    )
