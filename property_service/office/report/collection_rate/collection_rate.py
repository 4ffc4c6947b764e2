# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""收缴率: per community and month, the fees billed and the share received by the due date, with
its trend (office/collection.py). The last twelve months by default; a user limited to a
community sees only theirs (office/access.report_period)."""

import frappe
from frappe import _
from frappe.utils import add_months, flt, get_first_day, get_last_day, today

from property_service.office import collection
from property_service.office.access import report_period


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	filters.to_date = filters.to_date or get_last_day(today())
	filters.from_date = filters.from_date or get_first_day(add_months(filters.to_date, -11))
	rows = collection.collection_rate(report_period(filters))
	currency = {"fieldtype": "Currency", "width": 130}
	columns = [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "community", "label": _("Community"), "fieldtype": "Link", "options": "Community"},
		{"fieldname": "billed", "label": _("Fees Billed"), **currency},
		{"fieldname": "on_time", "label": _("Received by Due Date"), **currency},
		{"fieldname": "rate", "label": _("Collection Rate (%)"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "received", "label": _("Received to Date"), **currency},
	]
	trend = collection.monthly_trend(rows)
	chart = {
		"data": {
			"labels": [point.month for point in trend],
			"datasets": [{"name": _("Collection Rate (%)"), "values": [point.rate or 0 for point in trend]}],
		},
		"type": "line",
	}
	billed, on_time = sum(row.billed for row in rows), sum(row.on_time for row in rows)
	summary = [
		{
			"label": _("Collection Rate (%)"),
			"value": flt(on_time * 100 / billed, 1) if billed else None,
			"datatype": "Percent",
			"indicator": "Blue",
		},
		{"label": _("Fees Billed"), "value": flt(billed, 2), "datatype": "Currency"},
		{"label": _("Received by Due Date"), "value": flt(on_time, 2), "datatype": "Currency"},
	]
	return columns, rows, None, chart, summary
