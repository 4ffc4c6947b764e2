"""The cashier's counter (收银) in the desk: a unit's unpaid invoices, and taking payment.

fees/counter.py checks the caller (an agent or accountant who may read the unit) and does the
work; the Payment Entry's owner is who is signed in.
"""

import json

import frappe

from property_service.fees import counter


@frappe.whitelist(methods=["GET"])
def unpaid(unit: str) -> dict:
	"""{"invoices": [...], "owed": ..., "prepaid": ...} of the unit."""
	return counter.counter_invoices(unit)


@frappe.whitelist(methods=["POST"])
def take_payment(
	unit: str,
	mode_of_payment: str,
	amount: float,
	invoices: str | list | None = None,
	advance: int = 0,
	reference_no: str | None = None,
) -> dict:
	"""Takes payment; {"payment_entry", "receipt_no", "submitted", "print_format"}."""
	if isinstance(invoices, str):
		invoices = json.loads(invoices)
	entry = counter.take_payment(unit, mode_of_payment, amount, invoices, bool(int(advance)), reference_no)
	return {
		"payment_entry": entry.name,
		"receipt_no": entry.receipt_no,
		"submitted": entry.docstatus == 1,
		"print_format": counter.RECEIPT_FORMAT,
	}
