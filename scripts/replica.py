"""A read replica on this machine: a second MariaDB server replicating from the primary by binary
log and GTID, on its own port and data directory, which Frappe reads from (`replica_host`,
`replica_db_port`, `read_from_replica` in a site's config).

The primary gets a binary log (server_id 1, row format) and a replication user; the replica is
seeded from a consistent dump of the primary (`mariadb-dump --all-databases --gtid`, which names
the GTID position the dump is at) and replicates from there. Run by `scripts/setup
--with-replica` and by `scripts/test` (the replica's test reads through it). A replica that does
not replicate (stopped threads, a position the primary no longer has) is rebuilt.
"""

import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

PRIMARY_CONF = Path("/etc/mysql/mariadb.conf.d/98-property-service-primary.cnf")
PRIMARY = """[mysqld]
server_id = 1
log_bin = mysql-bin
binlog_format = ROW
binlog_expire_logs_seconds = 1209600
"""
PASSWORD_FILE = Path("/etc/property-service/replica-password")
REPLICATION_USER = "ps_replica"


def log(message: str) -> None:
	print(f"==> {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
	return subprocess.run(cmd, check=kwargs.pop("check", True), text=True, **kwargs)


def wait_for(predicate, timeout: float = 60) -> bool:
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		if predicate():
			return True
		time.sleep(0.5)
	return False


class Replica:
	def __init__(self, settings: dict[str, str]):
		self.port = int(settings["PS_REPLICA_PORT"])
		self.datadir = Path(settings["PS_REPLICA_DIR"])
		self.socket = f"/run/mysqld/replica-{self.port}.sock"
		self.pid_file = f"/run/mysqld/replica-{self.port}.pid"

	def sql(self, statement: str, check: bool = True) -> subprocess.CompletedProcess:
		return run(
			["mariadb", "-uroot", f"--socket={self.socket}", "-N", "-B", "-e", statement],
			check=check,
			capture_output=True,
		)

	def alive(self) -> bool:
		return (
			run(
				["mariadb-admin", f"--socket={self.socket}", "ping"], check=False, capture_output=True
			).returncode
			== 0
		)

	def status(self) -> dict[str, str]:
		found = run(
			["mariadb", "-uroot", f"--socket={self.socket}", "-E", "-e", "SHOW REPLICA STATUS"],
			check=False,
			capture_output=True,
		).stdout
		return dict(re.findall(r"^\s*(\w+): (.*)$", found, re.MULTILINE))

	def replicating(self) -> bool:
		status = self.status()
		return status.get("Slave_IO_Running") == "Yes" and status.get("Slave_SQL_Running") == "Yes"

	def start(self) -> None:
		Path("/run/mysqld").mkdir(exist_ok=True)
		shutil.chown("/run/mysqld", "mysql", "mysql")
		subprocess.Popen(
			[
				"mariadbd",
				"--no-defaults",
				f"--datadir={self.datadir}",
				f"--port={self.port}",
				"--bind-address=127.0.0.1",
				f"--socket={self.socket}",
				f"--pid-file={self.pid_file}",
				f"--log-error={self.datadir}/replica.err",  # in its folder: mysql may write there
				"--user=mysql",
				# its own id (its port): two benches' replicas of one primary sharing an id push
				# each other off the primary, and neither replicates
				f"--server-id={self.port}",
				"--read-only=1",
				"--skip-log-bin",
				"--relay-log=relay-bin",
				"--character-set-client-handshake=FALSE",
				"--character-set-server=utf8mb4",
				"--collation-server=utf8mb4_unicode_ci",
				"--innodb-buffer-pool-size=256M",
				"--innodb-flush-log-at-trx-commit=2",
				# the reads the site sends here, for the replica's test to see (not replicated events)
				"--general-log=1",
				"--log-output=TABLE",
			],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		if not wait_for(self.alive):
			raise SystemExit(f"the replica did not start: see {self.datadir}/replica.err")

	def stop(self) -> None:
		if self.alive():
			run(["mariadb-admin", f"--socket={self.socket}", "shutdown"], check=False, capture_output=True)

	def rebuild(self, password: str) -> None:
		"""A new data directory seeded from a consistent dump of the primary, replicating from the
		dump's GTID position."""
		self.stop()
		shutil.rmtree(self.datadir, ignore_errors=True)
		self.datadir.mkdir(parents=True)
		shutil.chown(self.datadir, "mysql", "mysql")
		run(
			["mariadb-install-db", "--no-defaults", f"--datadir={self.datadir}", "--user=mysql"],
			capture_output=True,
		)
		self.start()
		log(f"seeding the replica (port {self.port}) from a dump of the primary")
		dump = run(
			[
				"mariadb-dump",
				"-uroot",
				"--all-databases",
				"--single-transaction",
				"--master-data=2",
				"--gtid",
				"--routines",
				"--events",
				"--triggers",
			],
			capture_output=True,
		).stdout
		position = re.search(r"gtid_slave_pos\s*=\s*'([^']*)'", dump)
		if not position:
			raise SystemExit("the primary's dump names no GTID position: is its binary log on?")
		run(["mariadb", "-uroot", f"--socket={self.socket}"], input=dump, capture_output=True)
		self.sql(
			"FLUSH PRIVILEGES; STOP REPLICA; "
			f"SET GLOBAL gtid_slave_pos = '{position.group(1)}'; "
			"CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = 3306, "
			f"MASTER_USER = '{REPLICATION_USER}', MASTER_PASSWORD = '{password}', "
			"MASTER_USE_GTID = slave_pos; START REPLICA"
		)


def ensure_primary_binlog() -> None:
	if PRIMARY_CONF.exists() and PRIMARY_CONF.read_text() == PRIMARY:
		return
	log("turning on the primary's binary log (GTID replication)")
	PRIMARY_CONF.write_text(PRIMARY)
	run(["service", "mariadb", "restart"], capture_output=True)
	wait_for(lambda: run(["mariadb-admin", "ping"], check=False, capture_output=True).returncode == 0)


def ensure_replication_user() -> str:
	if not PASSWORD_FILE.exists():
		PASSWORD_FILE.write_text(secrets.token_urlsafe(18) + "\n")
		PASSWORD_FILE.chmod(0o600)
	password = PASSWORD_FILE.read_text().strip()
	run(
		[
			"mariadb",
			"-uroot",
			"-e",
			f"CREATE USER IF NOT EXISTS '{REPLICATION_USER}'@'127.0.0.1' IDENTIFIED BY '{password}'; "
			f"ALTER USER '{REPLICATION_USER}'@'127.0.0.1' IDENTIFIED BY '{password}'; "
			f"GRANT REPLICATION SLAVE ON *.* TO '{REPLICATION_USER}'@'127.0.0.1'",
		],
		capture_output=True,
	)
	return password


def ensure_replica(settings: dict[str, str]) -> Replica:
	"""The replica running and replicating (started, or rebuilt when it cannot catch up)."""
	ensure_primary_binlog()
	password = ensure_replication_user()
	replica = Replica(settings)
	if (replica.datadir / "mysql").exists():
		if not replica.alive():
			log(f"starting the replica (port {replica.port})")
			replica.start()
		if wait_for(replica.replicating, timeout=10):
			return replica
		log("the replica does not replicate: " + (replica.status().get("Last_IO_Error") or "rebuilding it"))
	replica.rebuild(password)
	if not wait_for(replica.replicating, timeout=30):
		status = replica.status()
		raise SystemExit(
			"the replica does not replicate: "
			+ (status.get("Last_IO_Error") or status.get("Last_SQL_Error") or "see SHOW REPLICA STATUS")
		)
	return replica
