"""Billing special-service bookings: a completed booking becomes one submitted Sales Invoice for
the resident's Customer and the community's Company, made by an accountant (Accounts User).

One booking, one invoice: the booking's row is locked while it is billed, and the invoice's
unique `billing_key` (property_service.billing.invoices) holds even for callers that skip the lock.
Cancelling the invoice sends the booking back to "Completed" to be billed again. Whether it is
paid is read from the invoice: a Payment Entry updates the invoice without running its hooks.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from property_service.billing.invoices import AlreadyBilledError, make_invoice
from property_service.core.workflows import transition
from property_service.vocabulary import COMPLETED


class NotBillableError(frappe.ValidationError):
	pass


def bill(name: str, posting_date: str | None = None):
	"""Makes and submits the booking's invoice; returns it."""
	frappe.has_permission("Sales Invoice", "create", throw=True)
	# the lock first: a second biller waits here and then reads the first one's invoice
	status, current = frappe.db.get_value(
		"Special Service", name, ["status", "sales_invoice"], for_update=True
	) or (None, None)
	booking = frappe.get_doc("Special Service", name)
	booking.check_permission("read")
	if current:
		frappe.throw(_("{0} is already billed on {1}.").format(name, current), AlreadyBilledError)
	if status != COMPLETED:
		frappe.throw(
			_("Only completed bookings are billed; {0} is {1}.").format(name, _(status)), NotBillableError
		)
	if not flt(booking.amount):
		frappe.throw(_("{0} is a free service: there is nothing to bill.").format(name), NotBillableError)
	if not booking.customer:
		frappe.throw(
			_("{0} has no customer to bill: choose the resident who booked it.").format(name),
			NotBillableError,
		)
	invoice = make_invoice(
		name,
		customer=booking.customer,
		company=frappe.db.get_value("Community", booking.community, "company"),
		posting_date=posting_date,
		items=[
			{
				"item_code": booking.service_item,
				"qty": booking.qty,
				"rate": booking.rate,
				"description": f"{booking.service_name or booking.service_item} · {booking.unit}",
			},
			*({"item_code": row.item, "qty": row.qty, "rate": row.rate} for row in booking.materials),
		],
		property_unit=booking.unit,
		special_service=name,
	)
	link_invoice(name, invoice.name)
	transition(booking, "Record Invoice", _("invoice {0}").format(invoice.name))
	return invoice


def back_to_billing(invoice, method=None) -> None:
	"""Sales Invoice on_cancel: the booking of a cancelled invoice can be billed again."""
	if not invoice.get("special_service"):
		return
	booking = frappe.get_doc("Special Service", invoice.special_service)
	if booking.sales_invoice != invoice.name:
		return
	link_invoice(booking.name, None)
	transition(booking, "Back to Billing", _("invoice {0} was cancelled").format(invoice.name))


def link_invoice(booking: str, invoice: str | None) -> None:
	"""Billing's own write of the link; the workflow's conditions then allow the transition."""
	frappe.db.set_value("Special Service", booking, "sales_invoice", invoice, update_modified=False)


def billable(from_date: str, to_date: str, community: str | None = None) -> list[str]:
	"""Completed, unbilled, priced bookings completed in the period (dates inclusive)."""
	filters = {
		"status": COMPLETED,
		"sales_invoice": ["is", "not set"],
		"amount": [">", 0],
		"completed_on": ["between", [getdate(from_date), getdate(to_date)]],
	}
	if community:
		filters["community"] = community
	return frappe.get_list("Special Service", filters=filters, pluck="name", order_by="completed_on")


def bill_period(from_date: str, to_date: str, community: str | None = None) -> dict:
	"""Bills every billable booking of the period; one that cannot be billed is reported and
	leaves the others alone."""
	frappe.has_permission("Sales Invoice", "create", throw=True)
	billed, failed = [], {}
	for name in billable(from_date, to_date, community):
		frappe.db.savepoint("bill_booking")
		try:
			billed.append(bill(name).name)
		except frappe.ValidationError as error:
			frappe.db.rollback(save_point="bill_booking")
			frappe.clear_last_message()
			failed[name] = str(error)
	return {"invoices": billed, "failed": failed}
