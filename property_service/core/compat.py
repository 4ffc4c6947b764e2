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
