"""Two cashiers take payment for the same invoice at the same moment, on two connections: one
Payment Entry, the other told why, and the invoice is never paid twice."""

import threading

import frappe
import pytest

from property_service.billing.invoices import make_invoice
from property_service.billing.payments import CASH
from property_service.fees.counter import CounterError, take_payment
from property_service.fees.fee_items import MANAGEMENT_FEE
from tests.portal_world import make_world, purge_world
from tests.utils import at_once, committed_user, purge_payments, unique


@pytest.fixture
def world():
	world = make_world()
	world.invoice = make_invoice(
		unique("CC"),
		customer=frappe.db.get_value("Property Owner", world.owners[0], "customer"),
		company=frappe.db.get_value("Community", world.community, "company"),
		items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": 100}],
		property_unit=world.unit,
	).name
	frappe.db.commit()  # nosemgrep: the cashiers work on their own connections
	yield world
	frappe.db.rollback()
	purge_payments([world.unit])
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


@pytest.mark.parametrize("role", ["Accounts User", "Customer Service Agent"])
def test_two_cashiers_paying_one_invoice_at_once_make_one_payment(world, role):
	ready = threading.Barrier(2)
	outcomes = []

	def cashier_takes():
		ready.wait(timeout=30)
		try:
			outcomes.append(take_payment(world.unit, CASH, 100).name)
			frappe.db.commit()  # nosemgrep: a request's own commit
		except CounterError:
			outcomes.append("CounterError")

	with committed_user(roles=(role,)) as first, committed_user(roles=(role,)) as second:
		at_once([first, second], cashier_takes)
	frappe.db.rollback()
	entries = frappe.get_all(
		"Payment Entry", {"property_unit": world.unit, "docstatus": ["<", 2]}, pluck="name"
	)
	assert len(entries) == 1 and sorted(outcomes) == sorted([entries[0], "CounterError"])
	paid = role == "Accounts User"  # an agent's payment waits as a draft
	assert frappe.db.get_value("Sales Invoice", world.invoice, "outstanding_amount") == (0 if paid else 100)
