# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""满意度趋势 (seed 12.1.1, 12.1.2): month by month, callbacks rated A/B/C and the satisfied share,
beside the opinion surveys' satisfaction."""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day

from property_service.office import statistics
from property_service.office.access import report_period
from property_service.vocabulary import DISSATISFIED, FAIRLY_SATISFIED, SATISFIED


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.from_date and filters.to_date:
		filters.from_date = get_first_day(add_months(filters.to_date, -11))
	period = report_period(filters)
	rows = statistics.satisfaction_trend(period)
	columns = [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "a", "label": _(SATISFIED), "fieldtype": "Int", "width": 90},
		{"fieldname": "b", "label": _(FAIRLY_SATISFIED), "fieldtype": "Int", "width": 110},
		{"fieldname": "c", "label": _(DISSATISFIED), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "callback_rate",
			"label": _("Callbacks Satisfied"),
			"fieldtype": "Percent",
			"width": 130,
		},
		{"fieldname": "survey_answers", "label": _("Survey Answers"), "fieldtype": "Int", "width": 110},
		{"fieldname": "survey_rate", "label": _("Survey Satisfaction"), "fieldtype": "Percent", "width": 130},
	]
	chart = {
		"data": {
			"labels": [row.month for row in rows],
			"datasets": [
				{"name": _("Callbacks Satisfied"), "values": [row.callback_rate or 0 for row in rows]},
				{"name": _("Survey Satisfaction"), "values": [row.survey_rate or 0 for row in rows]},
			],
		},
		"type": "line",
	}
	return columns, rows, None, chart
