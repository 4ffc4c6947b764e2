# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""投诉分析 (seed 12.1.1, 12.1.5 (4)): a period's complaints by category and responsible role,
with repeat complaints, those handled with a result and dissatisfied callbacks."""

import frappe
from frappe import _

from property_service.office import statistics
from property_service.office.access import report_period


def execute(filters: dict | None = None):
	period = report_period(frappe._dict(filters or {}))
	rows = statistics.complaint_analysis(period)
	for row in rows:
		row.category_label = _(row.complaint_category) if row.complaint_category else ""
		row.role_label = _(row.responsible_role) if row.responsible_role else ""
	columns = [
		{"fieldname": "category_label", "label": _("Complaint Category"), "fieldtype": "Data", "width": 160},
		{"fieldname": "role_label", "label": _("Responsible Role"), "fieldtype": "Data", "width": 150},
		{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "repeats",
			"label": _("Repeat Complaints ({0} days)").format(statistics.REPEAT_DAYS),
			"fieldtype": "Int",
			"width": 170,
		},
		{
			"fieldname": "handled_with_result",
			"label": _("Handled with a Result"),
			"fieldtype": "Int",
			"width": 150,
		},
		{"fieldname": "dissatisfied", "label": _("Dissatisfied Callbacks"), "fieldtype": "Int", "width": 140},
	]
	return columns, rows
