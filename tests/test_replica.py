"""A real read replica (issue 25): a second MariaDB server replicating from the primary (started by
the test command, scripts/replica.py). With `read_from_replica` on, the desk's list views and the
office's reports are answered by the replica — its own query log shows the site's reads arrive —
writes go to the primary and reach the replica, and a stopped replica is read around (the app's
fallback; Frappe alone fails such requests)."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import frappe
import pymysql
import pytest
from frappe.installer import update_site_config

from tests.factories import make_unit
from tests.utils import RestClient


@pytest.fixture(scope="module")
def replica(site):
	port = int(os.environ.get("PS_REPLICA_PORT") or 0)
	if not port:
		pytest.fail("PS_REPLICA_PORT is not set: run the tests with scripts/test, which starts the replica")
	connection = pymysql.connect(
		host="127.0.0.1",
		port=port,
		user="root",
		password=os.environ["PS_DB_ROOT_PASSWORD"],
		autocommit=True,
		charset="utf8mb4",
	)
	before = {key: frappe.conf.get(key) for key in ("read_from_replica", "replica_db_port")}
	update_site_config("read_from_replica", 1)
	yield frappe._dict(connection=connection, port=port)
	for key, value in before.items():
		update_site_config(key, value if value is not None else "None")
	connection.close()


def replica_query(replica, sql: str, *args) -> list:
	with replica.connection.cursor() as cursor:
		cursor.execute(sql, args)
		return list(cursor.fetchall())


def reads_seen(replica, action) -> list[str]:
	"""The statements the site's own database user sent the replica while `action` ran."""
	replica_query(replica, "SET GLOBAL general_log = 0")
	replica_query(replica, "TRUNCATE mysql.general_log")
	replica_query(replica, "SET GLOBAL general_log = 1")
	action()
	rows = replica_query(
		replica,
		"SELECT CONVERT(argument USING utf8mb4) FROM mysql.general_log"
		" WHERE command_type = 'Query' AND user_host LIKE %s",
		f"{frappe.conf.db_name}[%",
	)
	return [row[0] for row in rows]


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


@contextlib.contextmanager
def server_started_now(site: str):
	"""A REST client of a web server of the site started now, which reads site_config.json as it
	is: a Frappe 16 server keeps the file 60 s in memory, so the suite's server would not see the
	switch to the replica in time (Frappe 15 reads it on every request)."""
	port = free_port()
	process = subprocess.Popen(
		[sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, "serve", "--port", str(port), "--noreload"],
		cwd=Path(os.environ["PS_BENCH_DIR"]) / "sites",
		stdout=subprocess.DEVNULL,
		stderr=subprocess.DEVNULL,
		start_new_session=True,
	)  # fmt: skip
	client = RestClient(f"http://127.0.0.1:{port}", site)
	try:
		assert until(lambda: answers(client), timeout=60), "the web server did not start"
		yield client
	finally:
		client.close()
		process.terminate()
		process.wait(timeout=30)


def answers(client: RestClient) -> bool:
	try:
		return client.get("/api/method/ping").status_code == 200
	except OSError:
		return False


def until(predicate, timeout=15.0) -> bool:
	deadline = time.monotonic() + timeout
	while time.monotonic() < deadline:
		if predicate():
			return True
		time.sleep(0.2)
	return False


def test_the_replica_is_another_server_replicating_the_site(replica):
	(port, read_only), *_ = replica_query(replica, "SELECT @@port, @@read_only")
	assert (port, read_only) == (replica.port, 1)
	assert frappe.db.sql("SELECT @@port")[0][0] != port  # the primary is another server
	status = replica_query(replica, "SELECT @@gtid_slave_pos")[0][0]
	assert status  # replicating by GTID
	tables = replica_query(
		replica, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s", frappe.conf.db_name
	)
	assert tables[0][0] > 500  # the whole site


@pytest.fixture
def unit(site):
	unit = make_unit()
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield unit
	frappe.db.rollback()
	frappe.db.delete("Service Request", {"unit": unit})
	building = frappe.db.get_value("Property Unit", unit, "building")
	community = frappe.db.get_value("Building", building, "community")
	frappe.db.delete("Property Unit", {"name": unit})
	frappe.db.delete("Building", {"name": building})
	frappe.db.delete("Community", {"name": community})
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_lists_and_reports_are_read_from_the_replica_and_writes_go_to_the_primary(replica, site, unit):
	with server_started_now(site) as rest:
		read_and_written(replica, rest, unit)


def read_and_written(replica, rest, unit):
	marker = frappe.generate_hash(length=12)
	rest.login("Administrator")

	# a write through the site goes to the primary, and reaches the replica
	made = rest.post(
		"/api/resource/Service Request", data=json.dumps({"unit": unit, "description": f"漏水 {marker}"})
	)
	assert made.status_code == 200, made.text[:300]
	name = made.json()["data"]["name"]
	frappe.db.rollback()
	assert frappe.db.get_value("Service Request", name, "description") == f"漏水 {marker}"
	assert until(
		lambda: replica_query(
			replica, f"SELECT name FROM `{frappe.conf.db_name}`.`tabService Request` WHERE name = %s", name
		)
	)

	def list_view():
		listed = rest.get(
			"/api/method/frappe.desk.reportview.get",
			params={
				"doctype": "Service Request",
				"fields": json.dumps(["name"]),
				"filters": json.dumps([["Service Request", "description", "like", f"%{marker}%"]]),
			},
		)
		assert listed.status_code == 200, listed.text[:300]
		assert listed.json()["message"]["values"] == [[name]]

	assert [sql for sql in reads_seen(replica, list_view) if marker in sql]  # the list's query

	def kpi_report():
		month = {
			"from_date": str(frappe.utils.get_first_day(frappe.utils.today())),
			"to_date": frappe.utils.today(),
		}
		ran = rest.post(  # as the desk asks
			"/api/method/frappe.desk.query_report.run",
			data={"report_name": "Property Service KPIs", "filters": json.dumps(month)},
		)
		assert ran.status_code == 200, ran.text[:300]
		assert ran.json()["message"]["result"]

	reads = reads_seen(replica, kpi_report)
	assert len([sql for sql in reads if sql.lstrip().lower().startswith("select")]) > 10  # the report's
	assert not [sql for sql in reads if sql.lstrip().lower().startswith(("insert", "update", "delete"))]


def test_a_stopped_replica_is_read_around(replica, site):
	"""A replica that does not answer (here: the site pointed at a port nothing listens on) leaves
	the desk working from the primary within the app's check (core/replica.py)."""
	closed = free_port()
	update_site_config("replica_db_port", closed)
	frappe.cache.delete_value(f"property_service:replica:127.0.0.1:{closed}")
	try:
		with server_started_now(site) as rest:
			rest.login("Administrator")
			counted = rest.get(
				"/api/method/frappe.desk.reportview.get_count", params={"doctype": "Property Unit"}
			)
	finally:
		update_site_config("replica_db_port", replica.port)
	assert counted.status_code == 200, counted.text[:300]  # Frappe alone: 500, "Can't connect"
	assert counted.json()["message"] == frappe.db.count("Property Unit")
