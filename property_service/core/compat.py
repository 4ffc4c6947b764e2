"""What differs between the two lines the app runs on — Frappe and ERPNext 15 and 16 — in one
place. Each difference names the version that brought it; the rest of the app calls these."""

from datetime import UTC, datetime

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])


def utc_now_like(moment: datetime) -> datetime:
	"""Now in UTC, comparable with `moment` read from RQ: rq 1.15 (Frappe 15) keeps naive UTC
	datetimes on its jobs, rq 2 (Frappe 16) aware ones."""
	now = datetime.now(UTC)
	return now if moment.tzinfo else now.replace(tzinfo=None)


def check_parent_permission(parent: str | None, child_doctype: str) -> None:
	"""Raises PermissionError unless `parent` is a DocType holding `child_doctype` as a table that
	the user may read. Frappe 15 has it in frappe.model.db_query; Frappe 16 dropped it there (its
	lists go through frappe.database.query) and checks a child table through the parent in
	frappe.permissions.has_child_permission."""
	if FRAPPE_MAJOR < 16:
		from frappe.model.db_query import check_parent_permission as check

		return check(parent, child_doctype)
	if not (parent and frappe.has_permission(child_doctype, "read", parent_doctype=parent)):
		raise frappe.PermissionError


def set_test_mode(enable: bool) -> None:
	"""Frappe 16 reads the module attribute `frappe.in_test` (a test's queued jobs run at once,
	a new User's Contact is made in the same transaction); Frappe 15 reads frappe.flags.in_test,
	which 16 keeps as a deprecated copy. Both set."""
	frappe.in_test = enable
	frappe.flags.in_test = enable


def in_test() -> bool:
	return bool(getattr(frappe, "in_test", False) or frappe.flags.in_test)


def aggregate(function: str, field: str, alias: str) -> str | dict:
	"""A field of frappe.get_list/get_all computing `function(field) as alias` (count, sum, ...).
	Frappe 15 takes it as a string; Frappe 16 refuses SQL functions in strings ("Use dict syntax")
	and takes {"COUNT": "*", "as": alias}."""
	if FRAPPE_MAJOR < 16:
		return f"{function}({field}) as {alias}"
	return {function.upper(): field, "as": alias}


def forget_table_columns(doctype: str) -> None:
	"""Frappe's cached list of a table's columns dropped (after DDL, so has_column sees it): Frappe
	15 keeps it in the Redis hash "table_columns"; Frappe 16 under "table_columns::tab<DocType>"
	in frappe.client_cache (a copy in each process, beside Redis)."""
	table = f"tab{doctype}"
	if FRAPPE_MAJOR < 16:
		frappe.cache.hdel("table_columns", table)
	else:
		frappe.client_cache.delete_value(f"table_columns::{table}")


def list_query(doctype: str, filters) -> tuple[str, dict]:
	"""The SQL of `frappe.get_list(doctype, filters)` selecting `name` — the rows the user may read —
	and its parameters, to be used as a subquery. Frappe 15's get_list(run=False) returns the SQL
	with its values escaped in; Frappe 16's returns a query builder object, whose `walk()` gives the
	SQL and its named parameters."""
	query = frappe.get_list(doctype, filters=filters, fields=["name"], run=False, limit_page_length=0)
	if isinstance(query, str):
		return query.replace("%", "%%"), {}
	return query.walk()
