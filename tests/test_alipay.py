"""Alipay against a gateway on loopback that speaks the open platform's protocol
(tests/alipay_gateway.py): the SDK signs the site's orders and queries with the application's key
and verifies the gateway's answers with Alipay's, the gateway checks every request's signature and
signs its notifications, and the site's notify URL is called over HTTP as Alipay calls it. A
resident pays an invoice in the browser through Alipay's cashier and comes back to 已支付; a
notification makes one Payment Entry, however often it comes; forged and altered ones are refused
and change nothing; an order left unpaid is closed, one paid without a notification recorded."""

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from property_service.fees import alipay
from tests.alipay_gateway import new_key
from tests.payers_world import (
	entries,
	invoice,
	local_alipay,
	make_payers_world,
	pay_over_rest,
	purge_payers_world,
)
from tests.utils import committed_user


@pytest.fixture(scope="module")
def gateway(site):
	with local_alipay() as local:
		yield local


@pytest.fixture(scope="module")
def world(site, gateway):
	world = make_payers_world("ALI")
	yield world
	purge_payers_world(world)


def open_cashier(gateway, url: str) -> str:
	"""What the payer's browser does with the order's address: opens Alipay's cashier."""
	import requests

	page = requests.get(url, timeout=30)
	assert page.status_code == 200 and "支付宝收银台" in page.text, page.text[:300]
	return page.text


def test_a_resident_pays_through_alipay_once(world, gateway, rest, server, site):
	name = invoice(world, rate=120.5)
	order = pay_over_rest(rest, world, name, "alipay")
	assert order["url"].startswith(gateway.url + "?")
	open_cashier(gateway, order["url"])
	placed = gateway.orders[order["request"]]
	assert placed["total_amount"] == "120.50" and placed["product_code"] == "FAST_INSTANT_TRADE_PAY"
	assert placed["notify_url"].endswith("/api/method/property_service.fees.alipay.notify")
	assert placed["return_url"].endswith("/resident/bills")
	phone = pay_over_rest(rest, world, name, "alipay", phone=1)
	assert phone["request"] == order["request"]  # the same request, the phone's cashier
	open_cashier(gateway, phone["url"])
	assert gateway.orders[order["request"]]["product_code"] == "QUICK_WAP_PAY"

	gateway.pay(order["request"])
	notification = gateway.notification(order["request"])
	response = gateway.send(server, site, notification)
	assert (response.status_code, response.text) == (200, "success")
	paid = entries(name)
	assert len(paid) == 1
	entry = frappe.get_doc("Payment Entry", paid[0])
	assert (entry.paid_amount, entry.reference_no) == (120.5, gateway.orders[order["request"]]["trade_no"])
	assert frappe.db.get_value("Sales Invoice", name, "outstanding_amount") == 0
	assert gateway.send(server, site, notification).text == "success"  # sent again: acknowledged
	assert entries(name) == paid


def test_all_bills_in_one_alipay_order(world, gateway, rest, server, site):
	import json

	first, second = invoice(world, rate=10), invoice(world, rate=20.25)
	order = pay_over_rest(rest, world, None, "alipay", invoices=json.dumps([first, second]))
	number = f"{next(iter(order['requests']))}-2"
	open_cashier(gateway, order["url"])
	assert gateway.orders[number]["total_amount"] == "30.25"
	gateway.pay(number)
	assert gateway.send(server, site, gateway.notification(number)).text == "success"
	paid = entries(first)
	assert len(paid) == 1 and entries(second) == paid
	assert frappe.db.get_value("Payment Entry", paid[0], "paid_amount") == 30.25
	# back from the cashier (its return URL names the order): both bills listed as paid
	rest.login(world.resident)
	page = rest.get("/resident/bills", params={"out_trade_no": number}).text
	assert f'data-paid="{first}"' in page and f'data-paid="{second}"' in page


def test_forged_and_altered_notifications_change_nothing(world, gateway, rest, server, site):
	name = invoice(world)
	placed = pay_over_rest(rest, world, name, "alipay")
	open_cashier(gateway, placed["url"])
	order = placed["request"]
	gateway.pay(order)
	refused = {
		"forged": gateway.notification(order, key=new_key()),
		"a changed amount": gateway.notification(order, total_amount="0.01"),
		"another application": gateway.notification(order, app_id="2021000000000001"),
		"another seller": gateway.notification(order, seller_id="2088000000000001"),
		"another order": gateway.notification(order, out_trade_no="ACC-PRQ-NONE"),
	}
	tampered = gateway.notification(order)
	tampered["total_amount"] = "0.01"  # changed after signing
	refused["tampered"] = tampered
	for case, params in refused.items():
		response = gateway.send(server, site, params)
		assert response.text != "success", case
		assert not entries(name), case
	unpaid = gateway.notification(order, trade_status="WAIT_BUYER_PAY")
	assert gateway.send(server, site, unpaid).text == "success"  # told, nothing to record
	assert not entries(name)
	assert frappe.db.get_value("Sales Invoice", name, "outstanding_amount") == 120


def test_unpaid_orders_are_closed_and_a_lost_notification_is_recorded(world, gateway, rest):
	never_opened, unpaid, paid = invoice(world), invoice(world), invoice(world, rate=80)
	orders = {name: pay_over_rest(rest, world, name, "alipay") for name in (never_opened, unpaid, paid)}
	for name in (unpaid, paid):
		open_cashier(gateway, orders[name]["url"])
	gateway.pay(orders[paid]["request"])  # paid, but its notification never reaches the site
	frappe.db.rollback()
	for order in orders.values():
		frappe.db.set_value(
			"Payment Request",
			order["request"],
			"gateway_ordered_on",
			add_to_date(now_datetime(), minutes=-31),
		)
	frappe.db.commit()  # nosemgrep: as the scheduler finds them
	alipay.close_unpaid_orders()
	assert gateway.orders[orders[unpaid]["request"]]["trade_status"] == "TRADE_CLOSED"
	for name in (never_opened, unpaid):
		assert frappe.db.get_value("Payment Request", orders[name]["request"], "status") == "Cancelled"
		assert not entries(name)
	assert len(entries(paid)) == 1
	assert frappe.db.get_value("Sales Invoice", paid, "outstanding_amount") == 0


@pytest.mark.parametrize(
	"roles, may_read",
	[
		(("Accounts Manager",), True),
		(("Accounts User",), False),
		(("Customer Service Agent",), False),
		(("Maintenance Technician",), False),
		(("Accounts Manager", "Property Resident"), True),
	],
)
def test_the_alipay_settings_are_the_account_managers(gateway, rest, roles, may_read):
	path = f"/api/resource/{alipay.SETTINGS}/{alipay.SETTINGS}"
	with committed_user(roles=roles) as user:
		rest.login(user)
		response = rest.get(path)
		assert (response.status_code == 200) is may_read, response.text[:300]
		if may_read:
			assert set(response.json()["data"]["app_private_key"]) == {"*"}
		else:
			assert rest.put(path, json={"api_address": "http://attacker.invalid"}).status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_single_value(alipay.SETTINGS, "api_address") == gateway.url


def test_a_resident_pays_through_the_cashier_in_the_browser(world, gateway, browser, server, site):
	"""In Chromium at 390 px, in Chinese: 支付宝 takes the payer to Alipay's cashier; back on
	我的账单 the bill waits for its payment and turns to 已支付 when the notification arrives."""
	from tests.test_portal_browser import log_in, open_page, screenshot

	name = invoice(world, rate=66)
	page = open_page(browser, server)
	log_in(page, world.resident)
	page.goto("/resident/bills")
	page.locator(f'[data-unpaid="{name}"] [data-pay][data-method="alipay"]').click()
	page.wait_for_selector("#alipay-cashier", timeout=30_000)
	assert page.inner_text("#amount") == "66.00"
	frappe.db.rollback()
	request = frappe.db.get_value("Payment Request", {"reference_name": name})
	gateway.pay(request)
	page.goto(f"/resident/bills?out_trade_no={request}&total_amount=66.00")  # Alipay's return
	status = f'[data-unpaid="{name}"] [data-status]'
	assert page.inner_text(status) == "等待支付结果"
	assert gateway.send(server, site, gateway.notification(request)).text == "success"
	page.wait_for_function(f"document.querySelector('{status}').textContent === '已支付'", timeout=20_000)
	screenshot(page, "resident-bills-alipay")
	page.context.close()
