# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""收入与欠费 (seed 12.1.1 statistics; 12.1.2 (6) fees): month by month, fee, special-service and
other revenue from ERPNext's general ledger, and the arrears open at each month's end from its
payment ledger (office/statistics.py)."""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day

from property_service.office import statistics
from property_service.office.access import report_period


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.from_date and filters.to_date:
		filters.from_date = get_first_day(add_months(filters.to_date, -11))
	rows = statistics.revenue_and_arrears(report_period(filters))
	currency = {"fieldtype": "Currency", "width": 130}
	columns = [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "fees", "label": _("Fee Revenue"), **currency},
		{"fieldname": "services", "label": _("Special-Service Revenue"), **currency},
		{"fieldname": "other", "label": _("Other Revenue"), **currency},
		{"fieldname": "revenue", "label": _("Total Revenue"), **currency},
		{"fieldname": "fee_arrears", "label": _("Fee Arrears at Month End"), **currency},
		{"fieldname": "service_arrears", "label": _("Special-Service Arrears at Month End"), **currency},
	]
	chart = {
		"data": {
			"labels": [row.month for row in rows],
			"datasets": [
				{"name": _("Total Revenue"), "values": [row.revenue for row in rows]},
				{"name": _("Fee Arrears at Month End"), "values": [row.fee_arrears for row in rows]},
			],
		},
		"type": "bar",
	}
	return columns, rows, None, chart
