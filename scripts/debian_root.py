"""A Debian unstable root for a Frappe 16 bench on a Debian 12 machine.

Frappe and ERPNext 16 need Python 3.14 and Node 24; Debian 12's registry has neither, and its
unstable suite (sid) has both. The set-up makes a sid root with `debootstrap` once per machine
(PS_DEBIAN_ROOT), installs the bench's system packages in it, and runs every command of a
version-16 bench inside it with `chroot`, as the bench user. MariaDB and Redis stay the
machine's own (the root shares the network, so 127.0.0.1 reaches them); the bench user's home
and the local clones the settings name are mounted into the root at the same paths, so a path
means the same inside and out, and /etc/hosts is the machine's (the sites' names).

wkhtmltopdf is not in sid (its Qt WebKit was removed): the machine's own (Debian 12's) is copied
into the root with the libraries and Qt plugins it loads, glibc left to the root's (newer, and
compatible), and run through a wrapper that points the loader at them.

Standard library only, like devbench.py.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

# sid's Release file is often past its Valid-Until date on the machine's registry
APT = ["apt-get", "-o", "Acquire::Check-Valid-Until=false", "-q"]
ROOT_PACKAGES = [
	"python3.14",
	"python3.14-venv",
	"python3.14-dev",
	"nodejs",
	"npm",
	"git",
	"build-essential",
	"pkg-config",
	"libmariadb-dev",
	"mariadb-client",
	"redis-tools",
	"fonts-noto-cjk",
	"chromium",
	"poppler-utils",
	"xvfb",
	"curl",
	"ca-certificates",
	"procps",
	"rsync",
	"cron",
	"file",  # bench restore asks it what a backup is
]
WKHTMLTOPDF = Path("/opt/wkhtmltopdf")  # inside the root
QT_PLUGINS = Path("/usr/lib/x86_64-linux-gnu/qt5/plugins")
GLIBC = ("libc.so", "libm.so", "libpthread.so", "libdl.so", "librt.so", "ld-linux")


def log(message: str) -> None:
	print(f"==> {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
	return subprocess.run(cmd, check=kwargs.pop("check", True), text=True, **kwargs)


def in_root(root: Path, cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
	env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
	env["DEBIAN_FRONTEND"] = "noninteractive"
	return run(["chroot", str(root), *cmd], env=env, **kwargs)


def mounted(path: Path) -> bool:
	target = str(path.resolve())
	with open("/proc/self/mounts") as mounts:
		return any(line.split()[1] == target for line in mounts)


def bind(source: Path, target: Path, read_only: bool = False) -> None:
	if mounted(target):
		return
	if source.is_dir():
		target.mkdir(parents=True, exist_ok=True)
	else:
		target.parent.mkdir(parents=True, exist_ok=True)
		target.touch(exist_ok=True)
	run(["mount", "--rbind" if str(source) == "/dev" else "--bind", str(source), str(target)])
	if read_only:
		run(["mount", "-o", "remount,bind,ro", str(target)])


def ensure_root(root: Path, mirror: str) -> None:
	"""The root made and its packages installed; idempotent (a half-made root is made again)."""
	if not (root / "usr" / "bin" / "apt-get").exists():
		if shutil.which("debootstrap") is None:
			run(
				["apt-get", "install", "-y", "-q", "debootstrap"],
				env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
			)
		if root.exists():
			shutil.rmtree(root)
		log(f"making a Debian unstable root in {root} (debootstrap, about 20 s)")
		root.parent.mkdir(parents=True, exist_ok=True)
		run(["debootstrap", "--variant=minbase", "sid", str(root), mirror], stdout=subprocess.DEVNULL)
	shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
	mount_system(root)
	# a service's package (nginx, supervisor) installed in the root must not start it there: the
	# set-up starts the daemons itself, on the ports it chose (policy-rc.d's "101": not allowed)
	policy = root / "usr" / "sbin" / "policy-rc.d"
	if not policy.exists():
		policy.write_text("#!/bin/sh\n# scripts/debian_root.py: no service starts on installing\nexit 101\n")
		policy.chmod(0o755)
	ensure_packages(root, ROOT_PACKAGES, "a few minutes the first time")
	trust_local_authorities(root)
	client = root / "etc" / "mysql" / "mariadb.conf.d" / "99-property-service-client.cnf"
	if not client.exists():  # sid's client (11.8) requires TLS by default; the machine's server has none
		client.write_text("# the machine's MariaDB (loopback) has no TLS\n[client]\nskip-ssl\n")
	if not (root / "usr" / "local" / "bin" / "yarn").exists():
		in_root(root, ["npm", "install", "--global", "--silent", "yarn@1"], stdout=subprocess.DEVNULL)
	ensure_wkhtmltopdf(root)


def ensure_packages(root: Path, packages: list[str], how_long: str = "") -> None:
	"""Debian packages installed in the root (without their recommendations)."""
	missing = [
		package
		for package in packages
		if "install ok installed"
		not in in_root(
			root, ["dpkg-query", "-W", "-f=${Status}", package], check=False, capture_output=True
		).stdout
	]
	if missing:
		log("installing in the root: " + " ".join(missing) + (f" ({how_long})" if how_long else ""))
		in_root(root, [*APT, "update"], stdout=subprocess.DEVNULL)
		in_root(root, [*APT, "install", "-y", "--no-install-recommends", *missing], stdout=subprocess.DEVNULL)


def trust_local_authorities(root: Path) -> None:
	"""The machine's own certificate authorities (a proxy's, say) trusted in the root too: pip,
	npm and git there read the same bundle path (SSL_CERT_FILE and the like) as on the machine."""
	local = Path("/usr/local/share/ca-certificates")
	ours = root / local.relative_to("/")
	wanted = {path.name: path.read_bytes() for path in local.glob("*.crt")} if local.is_dir() else {}
	have = {path.name: path.read_bytes() for path in ours.glob("*.crt")} if ours.is_dir() else {}
	if wanted != have:
		shutil.rmtree(ours, ignore_errors=True)
		shutil.copytree(local, ours)
		in_root(root, ["update-ca-certificates", "--fresh"], stdout=subprocess.DEVNULL)


def mount_system(root: Path) -> None:
	for name in ("proc", "sys", "dev"):
		bind(Path("/") / name, root / name)
	bind(Path("/etc/hosts"), root / "etc" / "hosts")  # the sites' names, as ensure_hosts adds them
	if Path("/run/mysqld").is_dir():
		bind(Path("/run/mysqld"), root / "run" / "mysqld")


def ensure_wkhtmltopdf(root: Path) -> None:
	"""The machine's wkhtmltopdf, its libraries (not glibc's) and Qt's platform and image plugins
	copied into the root, run by a wrapper."""
	wrapper = root / "usr" / "local" / "bin" / "wkhtmltopdf"
	if wrapper.exists():
		return
	host = shutil.which("wkhtmltopdf")
	if host is None:
		raise SystemExit("wkhtmltopdf is not installed on this machine (apt-get install wkhtmltopdf)")
	log("copying the machine's wkhtmltopdf into the root")
	target = root / WKHTMLTOPDF.relative_to("/")
	for folder in ("bin", "lib", "plugins"):
		(target / folder).mkdir(parents=True, exist_ok=True)
	shutil.copy2(host, target / "bin" / "wkhtmltopdf")
	binaries = [Path(host)]
	for kind in ("platforms", "imageformats"):
		shutil.copytree(QT_PLUGINS / kind, target / "plugins" / kind, dirs_exist_ok=True)
		binaries += sorted((QT_PLUGINS / kind).glob("*.so"))
	for library in sorted({lib for binary in binaries for lib in libraries(binary)}):
		if not library.name.startswith(GLIBC):
			shutil.copy2(library.resolve(), target / "lib" / library.name)
	wrapper.write_text(
		"#!/bin/sh\n# Debian 12's wkhtmltopdf, copied by the set-up (scripts/debian_root.py)\n"
		f"LD_LIBRARY_PATH={WKHTMLTOPDF}/lib QT_PLUGIN_PATH={WKHTMLTOPDF}/plugins "
		f'exec {WKHTMLTOPDF}/bin/wkhtmltopdf "$@"\n'
	)
	wrapper.chmod(0o755)


def libraries(binary: Path) -> list[Path]:
	out = run(["ldd", str(binary)], capture_output=True).stdout
	return [Path(line.split("=>")[1].split()[0]) for line in out.splitlines() if "=> /" in line]


def ensure_user(root: Path, user: str, home: Path, shared: list[Path]) -> None:
	"""The bench user in the root with the machine's ids, its home and the local clones mounted."""
	entry = pwd.getpwnam(user)
	if run(["chroot", str(root), "getent", "passwd", user], check=False, capture_output=True).returncode:
		in_root(root, ["groupadd", "--gid", str(entry.pw_gid), user], check=False, capture_output=True)
		in_root(
			root,
			["useradd", "--uid", str(entry.pw_uid), "--gid", str(entry.pw_gid), "--no-create-home",
			 "--home-dir", str(home), "--shell", "/bin/bash", user],
		)  # fmt: skip
	bind(home, root / home.relative_to("/"))
	for path in shared:
		if path.is_dir():
			bind(path, root / path.relative_to("/"), read_only=True)


def user_command(root: Path, user: str, cwd: Path, cmd: list[str]) -> list[str]:
	"""cmd run in the root as user, in cwd (chroot itself starts in /)."""
	return ["chroot", f"--userspec={user}:{user}", str(root), "env", "-C", str(cwd), *cmd]
