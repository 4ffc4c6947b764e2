"""Billing special-service bookings through ERPNext: one invoice per booking, cancel and
re-bill, paid status read from the invoice, bulk billing, and who may bill."""

import frappe
import pytest
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

from property_service.billing.invoices import AlreadyBilledError, make_invoice
from property_service.core.workflows import transition
from property_service.customer_service.callbacks import CallbackPendingError
from property_service.special_services.billing import NotBillableError, bill, bill_period
from property_service.special_services.doctype.special_service.special_service import (
	InvoiceSetByBillingError,
)
from tests.factories import make_owner, make_unit
from tests.utils import as_user, make_user, unique


def completed_booking(unit=None, item="清洁抽油烟机", qty=1):
	unit = unit or make_unit()
	if not frappe.db.exists("Property Owner Unit", {"unit": unit}):
		make_owner(units=[unit])
	booking = frappe.get_doc(
		{"doctype": "Special Service", "service_item": item, "unit": unit, "qty": qty}
	).insert()
	for action in ("Accept", "Dispatch", "Complete"):
		transition(booking, action, "test")
	return booking


def accountant() -> str:
	return make_user(roles=("Accounts User",))


def invoices_of(booking) -> list[dict]:
	return frappe.get_all(
		"Sales Invoice",
		{"special_service": booking.name},
		["name", "docstatus", "billing_key", "grand_total", "customer", "company", "property_unit"],
		order_by="creation",
	)


def test_an_accountant_bills_a_completed_booking_once():
	booking = completed_booking(qty=2)
	with as_user(accountant()):
		invoice = bill(booking.name)
		with pytest.raises(AlreadyBilledError):
			bill(booking.name)
	booking.reload()
	assert booking.status == "Billed" and booking.sales_invoice == invoice.name
	(row,) = invoices_of(booking)
	community = frappe.db.get_value("Property Unit", booking.unit, "community")
	assert row.docstatus == 1 and row.grand_total == 240
	assert row.customer == booking.customer and row.property_unit == booking.unit
	assert row.company == frappe.db.get_value("Community", community, "company")
	assert booking.invoice_status == "Unpaid" and booking.outstanding_amount == 240


def test_the_billing_key_is_unique_in_the_database():
	booking = completed_booking()
	bill(booking.name)
	count = frappe.db.count("Sales Invoice")
	company = frappe.db.get_value("Sales Invoice", booking.reload().sales_invoice, "company")
	with pytest.raises(AlreadyBilledError):  # past the booking's lock, straight at the table
		make_invoice(
			booking.name,
			customer=booking.customer,
			company=company,
			items=[{"item_code": booking.service_item, "qty": 1, "rate": 1}],
		)
	assert frappe.db.count("Sales Invoice") == count


def test_an_agent_cannot_bill_and_nothing_changes():
	booking = completed_booking()
	with as_user(make_user(roles=("Customer Service Agent",))), pytest.raises(frappe.PermissionError):
		bill(booking.name)
	assert frappe.db.get_value("Special Service", booking.name, "status") == "Completed"
	assert not invoices_of(booking)


def test_cancelling_the_invoice_sends_the_booking_back_to_be_billed_again():
	booking = completed_booking()
	with as_user(accountant()):
		first = bill(booking.name)
	with as_user(make_user(roles=("Accounts Manager",))):  # Accounts Users cannot cancel
		first.reload().cancel()
	booking.reload()
	with as_user(accountant()):
		assert booking.status == "Completed" and not booking.sales_invoice
		second = bill(booking.name)
	cancelled, current = invoices_of(booking)
	assert (cancelled.name, cancelled.docstatus, cancelled.billing_key) == (first.name, 2, None)
	assert (current.name, current.docstatus, current.billing_key) == (second.name, 1, booking.name)
	assert booking.reload().sales_invoice == second.name


def test_the_booking_shows_paid_once_a_payment_entry_pays_its_invoice():
	booking = completed_booking()
	invoice = bill(booking.name)
	payment = get_payment_entry("Sales Invoice", invoice.name)
	payment.reference_no, payment.reference_date = "POS-1", frappe.utils.today()
	payment.insert().submit()
	booking = frappe.get_doc("Special Service", booking.name)
	assert booking.invoice_status == "Paid" and booking.outstanding_amount == 0


def test_free_unfinished_and_unlinked_bookings_are_not_billed():
	free = completed_booking(item="信件代收发")
	with pytest.raises(NotBillableError):
		bill(free.name)
	with pytest.raises(CallbackPendingError):
		transition(frappe.get_doc("Special Service", free.name), "Close", "test")  # not called back
	callback = frappe.get_doc("Callback Record", free.callback_record)
	callback.satisfaction = "B - Fairly Satisfied"
	callback.save()
	free.reload()
	transition(free, "Close", "test")  # a free service closes without an invoice
	assert free.status == "Closed"
	requested = frappe.get_doc(
		{"doctype": "Special Service", "service_item": "清洁排风扇", "unit": make_unit()}
	).insert()
	with pytest.raises(NotBillableError):
		bill(requested.name)
	priced = completed_booking(item="清洁排风扇")
	with pytest.raises(frappe.ValidationError):
		transition(priced, "Close", "test")  # a priced one is billed first
	assert not invoices_of(free) and not invoices_of(requested)


def test_the_invoice_link_is_set_only_by_billing():
	booking = completed_booking()
	other = bill(completed_booking().name)
	booking.sales_invoice = other.name
	with pytest.raises(InvoiceSetByBillingError):
		booking.save()


def test_bulk_billing_bills_each_completed_booking_of_the_period_once():
	unit = make_unit()
	bookings = [completed_booking(unit, item) for item in ("清洁抽油烟机", "安装洗衣机", "信件代收发")]
	today = frappe.utils.today()
	community = frappe.db.get_value("Property Unit", unit, "community")
	with as_user(accountant()):
		result = bill_period(today, today, community)
		again = bill_period(today, today, community)
	assert sorted(result["invoices"]) == sorted(b.reload().sales_invoice for b in bookings[:2])
	assert result["failed"] == {} and again == {"invoices": [], "failed": {}}
	assert bookings[2].reload().status == "Completed"  # the free one is not billed


def test_a_completed_booking_gets_one_callback_and_its_rating_is_kept():
	booking = completed_booking()
	callback = frappe.get_doc("Callback Record", booking.reload().callback_record)
	assert callback.reference_name == booking.name and callback.status == "To Do"
	callback.satisfaction = "A - Satisfied"
	callback.save()
	from property_service.customer_service.callbacks import make_due_callbacks

	make_due_callbacks()
	assert frappe.db.count("Callback Record", {"reference_name": booking.name}) == 1
	booking.reload()
	assert booking.satisfaction == "A - Satisfied" and booking.status == "Completed"


def test_residents_see_their_household_invoices_and_no_one_elses():
	from erpnext.controllers.website_list_for_contact import has_website_permission

	from property_service.billing.invoices import household_invoices
	from property_service.property.customers import invite_to_portal

	unit, other_unit = make_unit(), make_unit(unit_number="808")
	payer = make_owner(units=[unit], email=f"{unique('payer')}@example.com")
	member = make_owner(units=[unit], relation="Family", email=f"{unique('kin')}@example.com")
	neighbour = make_owner(units=[other_unit], email=f"{unique('nb')}@example.com")
	payer_user, member_user, neighbour_user = (
		invite_to_portal(person, send_welcome_email=False) for person in (payer, member, neighbour)
	)
	booked_by_payer = frappe.get_doc("Sales Invoice", bill(completed_booking(unit, qty=1).name).name)
	bill(completed_booking(other_unit).name)
	with as_user(member_user):
		assert [i.name for i in household_invoices()] == [booked_by_payer.name]
		# ERPNext's own pages show invoices billed to the user's own Customer only
		assert not has_website_permission(booked_by_payer, "read", member_user)
		with pytest.raises(frappe.PermissionError):
			frappe.get_list("Sales Invoice")
	with as_user(payer_user):
		assert has_website_permission(booked_by_payer, "read", payer_user)
	with as_user(neighbour_user):
		assert booked_by_payer.name not in {i.name for i in household_invoices()}
		assert not has_website_permission(booked_by_payer, "read", neighbour_user)
