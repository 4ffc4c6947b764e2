"""Frappe's desk doors that read or act on a record without asking whether the user may read it,
overridden with the question asked (hooks: override_whitelisted_methods). Each calls Frappe's own
function once the user's right is established; the census (doors.csv) names them `overridden`."""

import frappe
from frappe import _
from frappe.core.doctype.prepared_report import prepared_report
from frappe.desk.doctype.dashboard_chart import dashboard_chart
from frappe.desk.form import document_follow
from frappe.desk.form import utils as form_utils
from frappe.utils import global_search

from property_service.core.compat import aggregate
from property_service.security import gate


def may_read(doctype: str, name: str | None = None) -> bool:
	return bool(frappe.db.exists("DocType", doctype)) and frappe.has_permission(doctype, "read", doc=name)


def require_read(doctype: str, name: str | None = None) -> None:
	if not may_read(doctype, name):
		raise frappe.PermissionError(_("You may not read {0} {1}.").format(_(doctype), name or ""))


@frappe.whitelist()
def get_chart(
	chart_name: str | None = None,
	chart: str | dict | None = None,
	no_cache: bool | None = None,
	filters: str | list | dict | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
	refresh: bool | None = None,
) -> dict:
	"""A saved Dashboard Chart's figures as the user may see them: computed for them (the shared
	cache holds whoever asked first: another community's counts), only on a DocType they read; an
	unsaved chart (any DocType, any field) only for a System Manager."""
	if not chart_name:
		if "System Manager" not in frappe.get_roles():
			gate.refuse()
		return dashboard_chart.get(chart=chart, no_cache=True)
	require_read("Dashboard Chart", chart_name)
	doctype = frappe.db.get_value("Dashboard Chart", chart_name, "document_type")
	if doctype:
		require_read(doctype)
		gate.check_query_fields(doctype, {"filters": filters}, frappe.session.user)
	return dashboard_chart.get.__wrapped__(
		chart_name=chart_name,
		filters=filters,
		from_date=from_date,
		to_date=to_date,
		timespan=timespan,
		time_interval=time_interval,
		heatmap_year=heatmap_year,
	)


@frappe.whitelist()
def follow_document(doctype: str, doc_name: str, user: str | None = None):
	"""Follow a record the user may read, as themselves (the digest mails its changes)."""
	if user and user != frappe.session.user:
		gate.refuse()
	require_read(doctype, doc_name)
	return document_follow.follow_document(doctype, doc_name, frappe.session.user)


@frappe.whitelist()
def update_follow(doctype: str, doc_name: str, following: bool):
	require_read(doctype, doc_name)
	return document_follow.update_follow(doctype, doc_name, following)


@frappe.whitelist()
def get_link_title(doctype: str, docname: str) -> str | None:
	"""A link's title only from a record the user may read (the name otherwise)."""
	if not may_read(doctype, docname):
		return docname
	from frappe.desk.search import get_link_title as title

	return title(doctype, docname)


@frappe.whitelist()
def search(text: str, start: int = 0, limit: int = 20, doctype: str = "") -> list:
	"""The awesome bar's full-text search, without the records the user may not read."""
	results = global_search.search(text, start=start, limit=limit, doctype=doctype)
	return [row for row in results if may_read(row.doctype, row.name)]


@frappe.whitelist()
def get_workflow_state_count(doctype: str, workflow_state_field: str, states: str | list) -> list:
	"""The list's workflow state counts over the rows the user may list."""
	frappe.has_permission(doctype, "read", throw=True)
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return []
	rows = frappe.get_list(
		doctype,
		fields=[workflow_state_field, aggregate("count", "*", "count")],
		filters={workflow_state_field: ["not in", frappe.parse_json(states)]},
		group_by=workflow_state_field,
		order_by=None,
	)
	return [row for row in rows if row[workflow_state_field]]


@frappe.whitelist()
def get_next(
	doctype: str,
	value: str,
	prev: int | str,
	filters: str | list | dict | None = None,
	sort_order: str = "desc",
	sort_field: str = "modified",
):
	"""The form's previous/next record, from a record the user may read."""
	require_read(doctype, value)
	return form_utils.get_next(doctype, value, prev, filters, sort_order, sort_field)


@frappe.whitelist()
def make_prepared_report(report_name: str, filters: str | dict | None = None) -> dict:
	"""A report prepared in the background only for who may run the report."""
	if (
		not frappe.db.exists("Report", report_name)
		or not frappe.get_doc("Report", report_name).is_permitted()
	):
		raise frappe.PermissionError(_("You may not run the report {0}.").format(report_name))
	return prepared_report.make_prepared_report(report_name, filters)
