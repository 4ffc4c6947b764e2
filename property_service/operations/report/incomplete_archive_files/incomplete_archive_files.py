# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""The Archive Clerk's list of finished records whose file is incomplete, with the period's
completeness figure (operations/archives.py)."""

import frappe
from frappe import _
from frappe.utils import get_first_day, get_last_day, today

from property_service.core.routing import community_for
from property_service.operations import archives


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	from_date = filters.from_date or get_first_day(today())
	to_date = filters.to_date or get_last_day(today())
	rows = archives.files(from_date, to_date, community=community_for(filters.community))
	figure = archives.completeness_of(rows)
	data = [
		{
			"record_type": row["doctype"],
			"record_type_label": _(row["doctype"]),
			"record": row["name"],
			"created": row["creation"],
			"missing": ", ".join(row["missing"]),
		}
		for row in rows
		if row["missing"] or filters.show_complete
	]
	columns = [
		{"fieldname": "record_type_label", "label": _("Kind of Record"), "fieldtype": "Data", "width": 150},
		{
			"fieldname": "record_type",
			"label": _("DocType"),
			"fieldtype": "Link",
			"options": "DocType",
			"hidden": 1,
		},
		{
			"fieldname": "record",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "record_type",
			"width": 200,
		},
		{"fieldname": "created", "label": _("Created On"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "missing", "label": _("Missing"), "fieldtype": "Data", "width": 300},
	]
	summary = [
		{"label": _("Finished Records"), "value": figure["finished"], "datatype": "Int"},
		{"label": _("Complete Files"), "value": figure["complete"], "datatype": "Int"},
		{
			"label": _("Completeness (target 100 %)"),
			"value": figure["rate"],
			"datatype": "Percent",
			"indicator": "Green" if figure["complete"] == figure["finished"] else "Red",
		},
	]
	return columns, data, None, None, summary
