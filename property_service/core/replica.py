"""Reading from a replica that is down: Frappe (v15) sends the reads of `frappe.read_only` methods
(list views, counts, reports) to `replica_host` when `read_from_replica` is set, and has no
fallback: with the replica stopped each such request fails ("Can't connect to MySQL server").
Before each request and background job this checks, at most every few seconds per site (cached),
that the replica accepts connections; when it does not, this request or job reads from the
primary, and the office keeps working. A replica that is up but behind is read as it is, as
Frappe does (watch its lag: SHOW REPLICA STATUS)."""

import socket

import frappe

CHECK_EVERY = 10  # seconds
DOWN, UP = "down", "up"


def read_primary_when_replica_down() -> None:
	conf = frappe.local.conf
	if conf.get("read_from_replica") and replica_state(conf) == DOWN:
		conf.read_from_replica = 0  # this request's copy of the site config


def replica_state(conf) -> str:
	key = f"property_service:replica:{conf.get('replica_host')}:{conf.get('replica_db_port')}"
	state = frappe.cache.get_value(key)
	if state is None:
		state = UP if accepts(conf.get("replica_host"), conf.get("replica_db_port") or 3306) else DOWN
		frappe.cache.set_value(key, state, expires_in_sec=CHECK_EVERY)
		if state == DOWN:
			frappe.logger("property_service").warning(
				f"replica {conf.get('replica_host')}:{conf.get('replica_db_port')} is down: reading from the primary"
			)
	return state


def accepts(host: str | None, port) -> bool:
	try:
		with socket.create_connection((host or "127.0.0.1", int(port)), timeout=0.5):
			return True
	except OSError:
		return False
