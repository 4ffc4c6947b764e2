# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""Unit Arrears (欠费): what each unit owes, aged, built on ERPNext's Accounts Receivable report
(from the Payment Ledger, so payments, credit notes and reconciliations all count) and grouped
by the unit named on each invoice, beside the unit's prepaid balance (预存, billing/payments.py)."""

import frappe
from erpnext.accounts.report.accounts_receivable.accounts_receivable import execute as receivables
from frappe import _
from frappe.utils import flt, today

from property_service.billing.payments import prepaid_balances
from property_service.fees.dunning import collection_history

RANGES = "30, 60, 90"
AMOUNTS = ("invoiced", "paid", "outstanding", "range1", "range2", "range3", "range4")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return columns(), data(filters)


def columns() -> list[dict]:
	currency = {"fieldtype": "Currency", "width": 110}
	return [
		{
			"fieldname": "unit",
			"label": _("Property Unit"),
			"fieldtype": "Link",
			"options": "Property Unit",
			"width": 180,
		},
		{
			"fieldname": "community",
			"label": _("Community"),
			"fieldtype": "Link",
			"options": "Community",
			"width": 130,
		},
		{"fieldname": "payer_name", "label": _("Payer Name"), "fieldtype": "Data", "width": 120},
		{"fieldname": "invoices", "label": _("Invoices"), "fieldtype": "Int", "width": 80},
		{"fieldname": "invoiced", "label": _("Invoiced Amount"), **currency},
		{"fieldname": "paid", "label": _("Paid Amount"), **currency},
		{"fieldname": "outstanding", "label": _("Outstanding Amount"), **currency},
		{"fieldname": "not_due", "label": _("Not Yet Due"), **currency},
		{"fieldname": "range1", "label": _("0-30 days"), **currency},
		{"fieldname": "range2", "label": _("31-60 days"), **currency},
		{"fieldname": "range3", "label": _("61-90 days"), **currency},
		{"fieldname": "range4", "label": _("Over 90 days"), **currency},
		{"fieldname": "notices", "label": _("Dunning Notices Sent"), "fieldtype": "Int", "width": 100},
		{"fieldname": "last_level", "label": _("Last Dunning Level"), "fieldtype": "Int", "width": 100},
		{"fieldname": "last_notice", "label": _("Last Notice On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "prepaid", "label": _("Prepaid Balance"), **currency},
	]


def data(filters) -> list[dict]:
	company = filters.company or frappe.defaults.get_user_default("Company")
	rows = receivables(
		{
			"company": company,
			"report_date": filters.report_date or today(),
			"party_type": "Customer",
			"range": RANGES,
			"ageing_based_on": "Due Date",
		}
	)[1]
	rows = [row for row in rows if row.get("voucher_type") == "Sales Invoice"]
	unit_of = dict(
		frappe.get_all(
			"Sales Invoice",
			{"name": ["in", [row["voucher_no"] for row in rows] or [""]], "property_unit": ["is", "set"]},
			["name", "property_unit"],
			as_list=True,
		)
	)
	unit_filters = {"name": ["in", list(set(unit_of.values())) or [""]]}
	for fieldname in ("community", "building"):
		if filters.get(fieldname):
			unit_filters[fieldname] = filters.get(fieldname)
	units = {
		unit.name: unit
		for unit in frappe.get_all("Property Unit", unit_filters, ["name", "community", "payer_name"])
	}
	by_unit = {}
	for row in rows:
		unit = units.get(unit_of.get(row["voucher_no"]))
		if not unit:
			continue
		total = by_unit.setdefault(
			unit.name,
			{"unit": unit.name, "community": unit.community, "payer_name": unit.payer_name, "invoices": 0}
			| dict.fromkeys(AMOUNTS, 0.0),
		)
		total["invoices"] += 1
		for fieldname in AMOUNTS:
			total[fieldname] += flt(row.get(fieldname))
	history = collection_history(list(by_unit))
	prepaid = prepaid_balances(list(by_unit))
	for total in by_unit.values():
		total.update(history.get(total["unit"]) or {"notices": 0})
		overdue = sum(total[f"range{i}"] for i in range(1, 5))
		total["not_due"] = flt(total["outstanding"] - overdue, 2)
		total["prepaid"] = prepaid[total["unit"]]
	return sorted(by_unit.values(), key=lambda total: (-total["outstanding"], total["unit"]))
