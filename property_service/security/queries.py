"""Counts, group-by counts, likes and child rows that apply the user's rights.

Frappe 15's `frappe.client.get_count` is `frappe.db.count` (no permission at all), the list
sidebar's "Assigned To" count runs its filters without permissions, `toggle_like` writes a like on
any record, and `get_list` on a child DocType with `parent=` returns the rows of every parent.
The first three are overridden (hooks: override_whitelisted_methods); child rows get a permission
query condition for every child DocType (`*`): a row is listed only when its parent is one the
user may read, with the parent's own rules (roles, user permissions, the app's row rules, shares).
"""

import frappe
from frappe import _
from frappe.desk import listview
from frappe.desk.like import _toggle_like
from frappe.model import table_fields
from frappe.model.db_query import DatabaseQuery
from frappe.permissions import get_role_permissions
from frappe.utils import get_safe_filters

from property_service.core.compat import aggregate, check_parent_permission, list_query


@frappe.whitelist()
def get_count(
	doctype: str,
	filters: str | dict | list | None = None,
	debug: bool = False,
	cache: bool = False,
	parent: str | None = None,
) -> int:
	"""What `frappe.get_list` would list, counted: rows the user may read, and only those."""
	if frappe.is_table(doctype):
		check_parent_permission(parent, doctype)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[aggregate("count", "*", "count")],
		parent_doctype=parent,
		order_by=None,
		limit_page_length=0,
	)
	return rows[0].count if rows else 0


@frappe.whitelist()
@frappe.read_only()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts; "Assigned To" counts only records the user may read."""
	if field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	readable, values = list_query(doctype, frappe.parse_json(current_filters))
	# `readable` is Frappe's own query, its values escaped or parameterised by Frappe
	return frappe.db.sql(  # nosemgrep
		f"""select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = %(reference_type)s and todo.reference_name in ({readable})
		group by todo.allocated_to order by count desc limit 50""",
		{**values, "reference_type": doctype},
		as_dict=True,
	)


@frappe.whitelist()
def toggle_like(doctype: str, name: str, add: str | bool = False) -> None:
	"""Frappe's like, for records the user may read."""
	if not frappe.has_permission(doctype, "read", doc=name):
		raise frappe.PermissionError(_("You cannot like a record you may not read."))
	_toggle_like(doctype, name, add)


def child_rows(user: str | None = None, doctype: str | None = None) -> str:
	"""Permission query condition for every DocType (`*`); for child tables only: their rows whose
	parent the user may read. "" for other DocTypes."""
	if not doctype or not frappe.get_meta(doctype).istable:
		return ""
	user = user or frappe.session.user
	if user == "Administrator":
		return ""
	table = f"`tab{doctype}`"
	clauses = []
	for parent in parent_doctypes(doctype):
		condition = readable_condition(parent, user)
		if condition is None:
			continue
		clause = f"{table}.`parenttype` = {frappe.db.escape(parent)}"
		if condition:
			clause = f"({clause} and {table}.`parent` in (select `tab{parent}`.`name` from `tab{parent}` where {condition}))"
		clauses.append(clause)
	return f"({' or '.join(clauses)})" if clauses else "1=0"


def readable_condition(doctype: str, user: str) -> str | None:
	"""The condition on `tab<doctype>` that the user's list of it applies: "" for every row, None
	for none."""
	query = DatabaseQuery(doctype, user=user)
	query.conditions = []
	try:
		condition = query.build_match_conditions()
	except frappe.PermissionError:
		return None
	rights = get_role_permissions(frappe.get_meta(doctype), user=user)
	if not (rights.get("read") or rights.get("select")):
		# only what is shared with the user (Frappe puts that in the query's own conditions)
		return " and ".join(query.conditions) or None
	return condition


def parent_doctypes(child: str) -> list[str]:
	def load():
		fields = frappe.get_all(
			"DocField", {"options": child, "fieldtype": ["in", table_fields]}, pluck="parent"
		)
		custom = frappe.get_all(
			"Custom Field", {"options": child, "fieldtype": ["in", table_fields]}, pluck="dt"
		)
		return sorted(set(fields) | set(custom))

	return frappe.cache.hget("property_service:child_parents", child, load)


def clear_cache() -> None:
	frappe.cache.delete_value("property_service:child_parents")
