"""The counter in the desk, in a real browser: an agent opens a unit, presses 收银, sees the unpaid
invoice, takes the cash, and the 收据 opens in Chinese with its number."""

import frappe
import pytest

from property_service.billing.invoices import make_invoice
from property_service.billing.payments import CASH
from property_service.fees.fee_items import MANAGEMENT_FEE
from tests.portal_world import make_world, purge_world
from tests.test_desk_browser import desk_page, slug
from tests.utils import purge_payments, unique


@pytest.fixture
def counter(site):
	world = make_world()
	world.invoice = make_invoice(
		unique("CB"),
		customer=frappe.db.get_value("Property Owner", world.owners[0], "customer"),
		company=frappe.db.get_value("Community", world.community, "company"),
		items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": 120}],
		property_unit=world.unit,
	).name
	frappe.db.set_value("User", world.agent, "language", "zh")
	frappe.db.commit()  # nosemgrep: the browser reaches another process
	yield world
	frappe.db.rollback()
	purge_payments([world.unit])
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


def test_an_agent_takes_payment_at_the_unit_and_prints_the_receipt(browser, server, counter):
	page = desk_page(browser, server, counter.agent)
	errors = []
	page.on("pageerror", lambda error: errors.append(str(error)))
	page.goto(f"/app/{slug('Property Unit')}/{counter.unit}")
	page.get_by_role("button", name="收银").first.click()
	dialog = page.locator(".modal.show")
	dialog.get_by_text(counter.invoice).wait_for(timeout=30_000)
	dialog.locator('select[data-fieldname="mode_of_payment"]').select_option(CASH)
	with page.context.expect_page(timeout=60_000) as receipt:
		dialog.locator(".btn-primary").click()
	assert not errors, errors  # the unit's form works for who may edit it
	receipt = receipt.value
	receipt.wait_for_load_state()
	text = receipt.inner_text("body")
	frappe.db.rollback()
	(entry,) = frappe.get_all(
		"Payment Entry",
		{"property_unit": counter.unit},
		["name", "owner", "docstatus", "receipt_no", "paid_amount"],
	)
	assert (entry.owner, entry.docstatus, entry.paid_amount) == (counter.agent, 0, 120)
	for words in ("收据", entry.receipt_no, "壹佰贰拾元整", "待会计入账"):
		assert words in text, (words, text[:500])
