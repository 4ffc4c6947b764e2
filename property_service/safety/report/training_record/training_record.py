# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""One staff member's training file (培训档案, seed 12.1.5 (8): 成绩存档): every session they were
listed in, attended or not, with their written and oral scores and pass/fail."""

import frappe
from frappe import _

from property_service.safety import training


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.staff:
		frappe.throw(_("Choose a staff member."))
	rows = training.history(filters.staff, filters.from_date, filters.to_date)
	for row in rows:
		row.training_type_label = _(row.training_type)
		row.exam_label = _(row.exam) if row.exam else ""
		row.result = (_("Passed") if row.passed else _("Not Passed")) if row.exam and row.attended else ""
	columns = [
		{"fieldname": "session_date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "training_session",
			"label": _("Training Session"),
			"fieldtype": "Link",
			"options": "Training Session",
			"width": 150,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 200},
		{"fieldname": "training_type_label", "label": _("Kind"), "fieldtype": "Data", "width": 110},
		{"fieldname": "attended", "label": _("Attended"), "fieldtype": "Check", "width": 80},
		{"fieldname": "exam_label", "label": _("Exam"), "fieldtype": "Data", "width": 100},
		{"fieldname": "written_score", "label": _("Written Score"), "fieldtype": "Float", "width": 100},
		{"fieldname": "oral_score", "label": _("Oral Score"), "fieldtype": "Float", "width": 100},
		{"fieldname": "pass_mark", "label": _("Pass Mark"), "fieldtype": "Float", "width": 90},
		{"fieldname": "result", "label": _("Result"), "fieldtype": "Data", "width": 90},
	]
	attended = [row for row in rows if row.attended]
	exams = [row for row in attended if row.exam]
	summary = [
		{"label": _("Sessions Attended"), "value": len(attended), "datatype": "Int"},
		{"label": _("Sessions Missed"), "value": len(rows) - len(attended), "datatype": "Int"},
		{
			"label": _("Exams Passed"),
			"value": f"{sum(1 for row in exams if row.passed)} / {len(exams)}",
			"datatype": "Data",
		},
	]
	return columns, rows, None, None, summary
