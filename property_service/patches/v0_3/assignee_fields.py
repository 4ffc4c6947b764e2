"""`assigned_to` renamed on the four service DocTypes (Service Request and Special Service →
`technician`, Complaint → `handler`, Callback Record → `agent`): Frappe's Assign To writes into
any field of that name. The DocTypes are synced first (post_model_sync), so the new column exists
beside the old one; the values are copied with the query builder (Frappe's own rename_field
quotes table names as values in the pinned v15 build), then the places that name the old field:
property setters, users' list settings and report views. The old column stays, unused."""

import frappe

from property_service.core.compat import forget_table_columns
from property_service.core.registry import records


def execute():
	for doctype, field in ((name, r.assignee) for name, r in records().items() if r.assignee):
		forget_table_columns(doctype)  # the columns as they are now
		if frappe.db.has_column(doctype, "assigned_to"):
			table = frappe.qb.DocType(doctype)
			(
				frappe.qb.update(table)
				.set(table[field], table.assigned_to)
				.where(table[field].isnull() & table.assigned_to.isnotnull())
			).run()
		setter = frappe.qb.DocType("Property Setter")
		(
			frappe.qb.update(setter)
			.set(setter.field_name, field)
			.where((setter.doc_type == doctype) & (setter.field_name == "assigned_to"))
		).run()
		settings = frappe.qb.DocType("__UserSettings")
		for user, data in (
			frappe.qb.from_(settings).select(settings.user, settings.data).where(settings.doctype == doctype)
		).run():
			if data and "assigned_to" in data:
				(
					frappe.qb.update(settings)
					.set(settings.data, data.replace('"assigned_to"', f'"{field}"'))
					.where((settings.doctype == doctype) & (settings.user == user))
				).run()
		report = frappe.qb.DocType("Report")
		for name, json in (
			frappe.qb.from_(report).select(report.name, report.json).where(report.ref_doctype == doctype)
		).run():
			if json and "assigned_to" in json:
				frappe.db.set_value("Report", name, "json", json.replace('"assigned_to"', f'"{field}"'))
		frappe.clear_cache(doctype=doctype)
