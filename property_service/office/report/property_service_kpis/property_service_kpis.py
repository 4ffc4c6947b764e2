# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""物业服务质量指标 (seed 12.1.4): one row per standard with its figure, target, pass/fail, the
counts behind the figure and a link to the records (office/kpis.py); the chart follows one
standard over the twelve months up to the period's end."""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, get_last_day

from property_service.core.routing import allowed_communities, communities
from property_service.office import kpis
from property_service.office.access import report_dates, report_period
from property_service.office.summaries import result_word

TREND_MONTHS = 12


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if filters.rank_communities and not filters.community:
		return ranking(filters)
	period = report_period(filters)
	rows = [kpi(period) for kpi in kpis.KPIS]
	for row in rows:
		row["result"] = result_word(row["passed"])
		row["counts"] = f"{row['part']} / {row['whole']}"
	chart = trend(filters.trend or "registration", period.to_date, period.community)
	met = sum(1 for row in rows if row["passed"] == 1)
	judged = sum(1 for row in rows if row["passed"] is not None)
	summary = [
		{
			"label": _("Standards Met"),
			"value": f"{met} / {judged}",
			"datatype": "Data",
			"indicator": "Green" if met == judged else "Red",
		}
	]
	return columns(), rows, None, chart, summary


def ranking(filters):
	"""All the user's communities ranked by the standards they meet (a company manager: all)."""
	rows, labels = kpis.rank_communities(*report_dates(filters), communities(allowed_communities()))
	columns = [
		{"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 60},
		{
			"fieldname": "community",
			"label": _("Community"),
			"fieldtype": "Link",
			"options": "Community",
			"width": 160,
		},
		{
			"fieldname": "share",
			"label": _("Shared Standards Met (%)"),
			"fieldtype": "Percent",
			"width": 150,
		},
		{"fieldname": "shared", "label": _("Shared Standards"), "fieldtype": "Int", "width": 90},
		{"fieldname": "met", "label": _("Met"), "fieldtype": "Int", "width": 60},
		{"fieldname": "judged", "label": _("Judged"), "fieldtype": "Int", "width": 70},
		*(
			{"fieldname": key, "label": label, "fieldtype": "Percent", "width": 110}
			for key, label in labels.items()
		),
	]
	chart = {
		"data": {
			"labels": [row["community"] for row in rows],
			"datasets": [
				{"name": _("Shared Standards Met (%)"), "values": [row["share"] or 0 for row in rows]}
			],
		},
		"type": "bar",
	}
	return columns, rows, None, chart


def columns() -> list[dict]:
	return [
		{"fieldname": "kpi", "label": _("Standard"), "fieldtype": "Data", "width": 260},
		{"fieldname": "figure", "label": _("Figure"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Percent", "width": 80},
		{"fieldname": "result", "label": _("Result"), "fieldtype": "Data", "width": 100},
		{"fieldname": "passed", "label": _("Passed"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "counts", "label": _("Counts"), "fieldtype": "Data", "width": 100},
		{"fieldname": "part", "label": _("Met"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "whole", "label": _("Counted"), "fieldtype": "Int", "hidden": 1},
		{"fieldname": "basis", "label": _("What Is Counted"), "fieldtype": "Data", "width": 360},
		{"fieldname": "route", "label": _("Records"), "fieldtype": "Data", "width": 80},
		{"fieldname": "key", "label": _("Key"), "fieldtype": "Data", "hidden": 1},
	]


def trend(key: str, to_date, community: str | None) -> dict:
	"""One standard's figure in each of the twelve months up to `to_date`'s month."""
	kpi = next((kpi for kpi in kpis.KPIS if kpi.__name__ == key), kpis.registration)
	labels, values = [], []
	for back in range(TREND_MONTHS - 1, -1, -1):
		first = get_first_day(add_months(to_date, -back))
		row = kpi(kpis.Period(first, get_last_day(first), community))
		labels.append(first.strftime("%Y-%m"))
		values.append(row["figure"] or 0)
	return {
		"data": {"labels": labels, "datasets": [{"name": row["kpi"], "values": values}]},
		"type": "line",
		"colors": ["#2490ef"],
	}
