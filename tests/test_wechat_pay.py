"""WeChat Pay against a gateway on loopback that speaks the real protocol (tests/wechat_pay_gateway.py):
the SDK signs the site's requests and verifies the gateway's answers, the gateway signs and
encrypts its notifications, and the site's notify URL is called over HTTP as WeChat Pay calls it.
A resident pays an invoice of their unit; a notification makes one Payment Entry, however often
and however concurrently it comes; forged, stale and altered notifications are refused and
change nothing; an order left unpaid is closed, and one paid without a notification is recorded."""

import threading
import time

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from property_service.fees import wechat_pay
from tests.payers_world import (
	PAY,
	entries,
	invoice,
	local_wechat_pay,
	make_payers_world,
	pay_over_rest,
	purge_payers_world,
)
from tests.utils import committed_user
from tests.wechat_pay_gateway import new_key


@pytest.fixture(scope="module")
def gateway(site):
	with local_wechat_pay() as local:
		yield local


@pytest.fixture(scope="module")
def world(site, gateway):
	world = make_payers_world("WXP")
	yield world
	purge_payers_world(world)


def pay(rest, world, name: str) -> dict:
	return pay_over_rest(rest, world, name, "wechat")


def test_a_resident_pays_an_invoice_once(world, gateway, rest, server, site):
	name = invoice(world, rate=120.5)
	order = pay(rest, world, name)
	assert order["code_url"].startswith("weixin://wxpay/bizpayurl?pr=")
	placed = gateway.orders[order["request"]]
	assert placed["amount"] == {"total": 12050, "currency": "CNY"}  # fen, from the invoice
	assert placed["notify_url"].endswith("/api/method/property_service.fees.wechat_pay.notify")
	assert pay(rest, world, name) == order  # the open order again, not a second one
	assert len(gateway.orders) == len({*gateway.orders})

	gateway.pay(order["request"])
	headers, body = gateway.notification(order["request"])
	assert gateway.send(server, site, headers, body).status_code == 204
	paid = entries(name)
	assert len(paid) == 1
	entry = frappe.get_doc("Payment Entry", paid[0])
	assert (entry.paid_amount, entry.reference_no) == (
		120.5,
		gateway.orders[order["request"]]["transaction_id"],
	)
	assert frappe.db.get_value("Sales Invoice", name, "outstanding_amount") == 0
	assert frappe.db.get_value("Payment Request", order["request"], "status") == "Paid"

	assert gateway.send(server, site, headers, body).status_code == 204  # sent again: acknowledged
	assert entries(name) == paid
	rest.login(world.resident)
	again = rest.post(PAY, json={"invoice": name})
	assert again.status_code == 417 and "nothing to pay" in again.text


def test_a_neighbours_invoice_is_not_the_residents_to_pay(world, gateway, rest):
	name = invoice(world, customer=world.neighbour_customer, unit=world.other_unit)
	rest.login(world.resident)
	response = rest.post(PAY, json={"invoice": name})
	assert response.status_code == 403
	frappe.db.rollback()
	assert not frappe.db.exists("Payment Request", {"reference_name": name})


def test_forged_stale_and_altered_notifications_change_nothing(world, gateway, rest, server, site):
	name = invoice(world)
	order = pay(rest, world, name)["request"]
	gateway.pay(order)
	refused = {
		"forged": gateway.notification(order, key=new_key()),
		"stale": gateway.notification(order, timestamp=int(time.time()) - 600),
		"a changed amount": gateway.notification(order, amount={"total": 1, "currency": "CNY"}),
		"another merchant": gateway.notification(order, mchid="1230000109"),
		"another order": gateway.notification(order, out_trade_no="ACC-PRQ-NONE"),
	}
	for case, (headers, body) in refused.items():
		response = gateway.send(server, site, headers, body)
		assert response.status_code == 401, case
		assert response.json()["code"] == "FAIL", case
		assert not entries(name), case
	headers, body = gateway.notification(order)
	headers["Wechatpay-Signature"] = gateway.notification(order)[0]["Wechatpay-Signature"]
	assert gateway.send(server, site, headers, body).status_code == 401  # another body's signature
	assert frappe.db.get_value("Payment Request", order, "status") != "Paid"
	assert frappe.db.get_value("Sales Invoice", name, "outstanding_amount") == 120


def test_two_notifications_at_once_make_one_payment_entry(world, gateway, rest, server, site):
	name = invoice(world)
	order = pay(rest, world, name)["request"]
	gateway.pay(order)
	notifications = [gateway.notification(order) for _ in range(4)]  # WeChat Pay retries, at once
	answers = []
	threads = [
		threading.Thread(target=lambda n=n: answers.append(gateway.send(server, site, *n).status_code))
		for n in notifications
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	assert answers == [204] * 4
	assert len(entries(name)) == 1


def test_unpaid_orders_are_closed_and_a_lost_notification_is_recorded(world, gateway, rest):
	unpaid, paid = invoice(world), invoice(world, rate=80)
	unpaid_order, paid_order = pay(rest, world, unpaid)["request"], pay(rest, world, paid)["request"]
	gateway.pay(paid_order)  # paid, but its notification never reaches the site
	frappe.db.rollback()
	for order in (unpaid_order, paid_order):
		frappe.db.set_value(
			"Payment Request", order, "gateway_ordered_on", add_to_date(now_datetime(), minutes=-31)
		)
	frappe.db.commit()  # nosemgrep: as the scheduler finds them
	wechat_pay.close_unpaid_orders()
	assert gateway.orders[unpaid_order]["trade_state"] == "CLOSED"
	assert frappe.db.get_value("Payment Request", unpaid_order, "status") == "Cancelled"
	assert len(entries(paid)) == 1 and not entries(unpaid)
	assert frappe.db.get_value("Sales Invoice", paid, "outstanding_amount") == 0
	# the resident pays the closed one again: a new request and order
	again = pay(rest, world, unpaid)
	assert again["request"] != unpaid_order and again["request"] in gateway.orders


def test_wechat_pay_is_off_until_the_office_sets_it_up(world, gateway, rest):
	name = invoice(world)
	frappe.db.set_single_value(wechat_pay.SETTINGS, "enabled", 0)
	frappe.db.commit()  # nosemgrep: as the server reads it
	try:
		rest.login(world.resident)
		response = rest.post(PAY, json={"invoice": name})
		assert response.status_code == 417 and "not set up" in response.text
	finally:
		frappe.db.set_single_value(wechat_pay.SETTINGS, "enabled", 1)
		frappe.db.commit()  # nosemgrep: back on for the other tests
	frappe.db.rollback()
	assert not frappe.db.exists("Payment Request", {"reference_name": name})


@pytest.mark.parametrize(
	"roles, may_read",
	[
		(("Accounts Manager",), True),
		(("Accounts User",), False),
		(("Customer Service Agent",), False),
		(("Property Manager",), False),
		(("Maintenance Technician",), False),
		(("Accounts Manager", "Property Resident"), True),
	],
)
def test_the_merchant_settings_are_the_account_managers(gateway, rest, roles, may_read):
	"""Over REST, per role: only an Accounts Manager (or a System Manager) reads or changes the
	merchant's settings, and the keys are never sent back; the resident's door is refused."""
	path = f"/api/resource/{wechat_pay.SETTINGS}/{wechat_pay.SETTINGS}"
	with committed_user(roles=roles) as user:
		rest.login(user)
		response = rest.get(path)
		assert (response.status_code == 200) is may_read, response.text[:300]
		changed = rest.put(path, json={"api_address": "http://attacker.invalid", "enabled": 0})
		assert (changed.status_code == 200) is may_read
		if may_read:
			data = response.json()["data"]
			assert set(data["merchant_private_key"]) == {"*"} and set(data["apiv3_key"]) == {"*"}
			rest.put(path, json={"api_address": gateway.url, "enabled": 1})
	frappe.db.rollback()
	assert frappe.db.get_single_value(wechat_pay.SETTINGS, "api_address") == gateway.url
	assert frappe.db.get_single_value(wechat_pay.SETTINGS, "enabled") == 1


def test_a_resident_reads_no_settings(world, gateway, rest):
	rest.login(world.resident)
	assert rest.get(f"/api/resource/{wechat_pay.SETTINGS}/{wechat_pay.SETTINGS}").status_code == 403
	assert rest.get("/api/resource/Payment Request").status_code == 403


def test_a_resident_pays_on_the_bills_page_and_sees_it_paid(world, gateway, browser, server, site):
	"""In Chromium at 390 px, in Chinese: the bill and the total, the QR code to scan, and the
	card turning to 已支付 when the payment arrives, without a reload."""
	from tests.test_portal_browser import PHONE, log_in, open_page, screenshot

	name = invoice(world, rate=99)
	page = open_page(browser, server)
	log_in(page, world.resident)
	page.goto("/resident/bills")
	card = page.locator(f'[data-unpaid="{name}"]')
	assert "99.00" in card.inner_text() and "待缴" in card.inner_text()
	before = float(page.get_attribute("#total", "data-total"))
	page.evaluate("window.__same_page = 1")
	card.locator('[data-pay][data-method="wechat"]').click()
	page.wait_for_selector(f'[data-unpaid="{name}"] [data-qr]:not([hidden]) img[src^="data:image/png"]')
	assert "请用微信扫一扫付款" in card.inner_text()
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	screenshot(page, "resident-bills-qr")

	frappe.db.rollback()
	request = frappe.db.get_value("Payment Request", {"reference_name": name})
	gateway.pay(request)
	assert gateway.send(server, site, *gateway.notification(request)).status_code == 204
	page.wait_for_function(
		f"document.querySelector('[data-unpaid=\"{name}\"] [data-status]').textContent === '已支付'",
		timeout=20_000,
	)
	assert page.evaluate("window.__same_page") == 1  # no reload
	assert float(page.get_attribute("#total", "data-total")) == before - 99
	screenshot(page, "resident-bills-paid")
	page.goto("/resident/bills")
	assert page.locator(f'[data-paid="{name}"]').count() == 1  # listed as paid, with its receipt
	page.context.close()


def test_a_payment_is_asked_about_by_its_household_only(world, gateway, rest):
	from tests.portal_world import resident

	order = pay(rest, world, invoice(world))["request"]
	status = "/api/method/property_service.api.portal.payment_status"
	spouse_owner, spouse = resident(world.unit, "spouse")  # lives in the same unit
	world.owners.append(spouse_owner)  # purged with the world
	world.extra_users = [*world.get("extra_users", []), spouse]
	frappe.db.commit()  # nosemgrep: the web server is another process
	for user in (world.resident, spouse):
		rest.login(user)
		assert rest.get(status, params={"request": order}).json()["message"] == {"paid": False}
	rest.login(world.neighbour)
	assert rest.get(status, params={"request": order}).status_code == 403
