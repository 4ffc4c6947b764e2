# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""服务登记统计 (seed 12.1.1): a period's requests or complaints grouped by week, month, type,
channel, category, unit, building, technician or handler (office/statistics.py)."""

import frappe
from frappe import _

from property_service.office import statistics
from property_service.office.access import report_period


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = report_period(filters)
	doctype = filters.record or "Service Request"
	group_by = filters.group_by or "week"
	rows = statistics.registrations(doctype, group_by, period)
	label = statistics.dimensions()[group_by][0]
	for row in rows:
		row.group_label = (
			_(row.group_value)
			if group_by in ("request_type", "complaint_category", "channel")
			else row.group_value
		)
	columns = [
		{"fieldname": "group_label", "label": label, "fieldtype": "Data", "width": 200},
		{"fieldname": "registered", "label": _("Registered"), "fieldtype": "Int", "width": 100},
		{"fieldname": "done", "label": _("Done"), "fieldtype": "Int", "width": 90},
		{"fieldname": "done_on_time", "label": _("Done on Time"), "fieldtype": "Int", "width": 110},
		{"fieldname": "still_open", "label": _("Still Open"), "fieldtype": "Int", "width": 90},
		{"fieldname": "share", "label": _("Share of Total"), "fieldtype": "Percent", "width": 90},
	]
	chart = {
		"data": {
			"labels": [row.group_label or _("Not Set") for row in rows],
			"datasets": [{"name": _("Registered"), "values": [row.registered for row in rows]}],
		},
		"type": "bar",
	}
	return columns, rows, None, chart
