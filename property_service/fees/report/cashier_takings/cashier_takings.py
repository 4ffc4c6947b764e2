# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

"""Cashier Takings (收银日报): the counter's payments per day, cashier and Mode of Payment, from
the Payment Entries (fees/counter.py takings), beside what the cashier counted in their
submitted 交班 (Counter Closing). Agents see their own takings; accountants and supervisors all
cashiers'; a community's staff only the payments for their community's units."""

import frappe
from frappe import _
from frappe.utils import flt, today

from property_service.core.routing import allowed_communities
from property_service.fees.counter import takings
from property_service.vocabulary import ACCOUNTS, CS_SUPERVISOR, PROPERTY_MANAGER

SEES_ALL = (*ACCOUNTS, CS_SUPERVISOR, PROPERTY_MANAGER)


def execute(filters=None):
	filters = frappe._dict(filters or {})
	return columns(), data(filters)


def columns() -> list[dict]:
	currency = {"fieldtype": "Currency", "width": 120}
	return [
		{"fieldname": "day", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "cashier", "label": _("Cashier"), "fieldtype": "Link", "options": "User", "width": 180},
		{
			"fieldname": "mode_of_payment",
			"label": _("Mode of Payment"),
			"fieldtype": "Link",
			"options": "Mode of Payment",
			"width": 120,
		},
		{"fieldname": "entries", "label": _("Number of Payments"), "fieldtype": "Int", "width": 80},
		{"fieldname": "amount", "label": _("Amount Taken"), **currency},
		{"fieldname": "submitted", "label": _("Submitted by Accounts"), **currency},
		{"fieldname": "counted", "label": _("Counted Amount"), **currency},
		{"fieldname": "difference", "label": _("Difference"), **currency},
		{
			"fieldname": "closing",
			"label": _("Counter Closing"),
			"fieldtype": "Link",
			"options": "Counter Closing",
			"width": 130,
		},
	]


def data(filters) -> list[dict]:
	cashier = filters.cashier
	if not set(SEES_ALL) & set(frappe.get_roles()):
		cashier = frappe.session.user
	from_date, to_date = filters.from_date or today(), filters.to_date or today()
	rows = takings(from_date, to_date, cashier, allowed_communities())
	closing, row = frappe.qb.DocType("Counter Closing"), frappe.qb.DocType("Counter Closing Mode")
	query = (
		frappe.qb.from_(closing)
		.join(row)
		.on(row.parent == closing.name)
		.select(closing.name, closing.cashier, closing.closing_date, row.mode_of_payment, row.counted)
		.where(
			(closing.docstatus == 1) & (closing.closing_date >= from_date) & (closing.closing_date <= to_date)
		)
	)
	if cashier:
		query = query.where(closing.cashier == cashier)
	counted = {(str(c.closing_date), c.cashier, c.mode_of_payment): c for c in query.run(as_dict=True)}
	for taken in rows:
		found = counted.get((str(taken.day), taken.cashier, taken.mode_of_payment))
		taken.counted = flt(found.counted) if found else None
		taken.difference = flt(found.counted - taken.amount, 2) if found else None
		taken.closing = found.name if found else None
	return rows
