"""WeChat Pay against a gateway on loopback that speaks the real protocol (tests/wechat_pay_gateway.py):
the SDK signs the site's requests and verifies the gateway's answers, the gateway signs and
encrypts its notifications, and the site's notify URL is called over HTTP as WeChat Pay calls it.
A resident pays an invoice of their unit; a notification makes one Payment Entry, however often
and however concurrently it comes; forged, stale and altered notifications are refused and
change nothing; an order left unpaid is closed, and one paid without a notification is recorded."""

import json
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
	assert (
		again.status_code == 417 and again.json()["exc_type"] == "NothingToPayError"
	)  # words: site's language


def test_on_a_phone_the_resident_pays_at_the_h5_cashier_and_comes_back(world, gateway, rest, server, site):
	from urllib.parse import parse_qs, urlsplit

	name = invoice(world, rate=66)
	order = pay_over_rest(rest, world, name, "wechat", phone=1)
	cashier = urlsplit(order["url"])
	assert f"{cashier.scheme}://{cashier.netloc}{cashier.path}" == f"{gateway.url}/cashier/h5"
	back = parse_qs(cashier.query)["redirect_url"][0]
	assert back.endswith(f"/resident/bills?out_trade_no={order['request']}") and "qr" not in order
	placed = gateway.orders[order["request"]]
	assert placed["trade_type"] == "MWEB" and placed["amount"] == {"total": 6600, "currency": "CNY"}
	assert placed["scene_info"]["h5_info"] == {"type": "Wap"} and placed["scene_info"]["payer_client_ip"]
	again = pay_over_rest(rest, world, name, "wechat", phone=1)  # the cashier's address is fresh
	assert again["request"] == order["request"] and again["url"] != order["url"]

	gateway.pay(order["request"])
	headers, body = gateway.notification(order["request"])
	assert gateway.send(server, site, headers, body).status_code == 204
	assert len(entries(name)) == 1
	rest.login(world.resident)
	page = rest.get("/resident/bills", params={"out_trade_no": order["request"]})
	assert page.status_code == 200 and "data-paid" in page.text and name in page.text


def test_a_computers_order_is_closed_when_the_phone_pays(world, gateway, rest):
	name = invoice(world, rate=70)
	native = pay(rest, world, name)["request"]
	phone = pay_over_rest(rest, world, name, "wechat", phone=1)["request"]
	assert phone != native
	assert gateway.orders[native]["trade_state"] == "CLOSED"
	frappe.db.rollback()
	assert frappe.db.get_value("Payment Request", native, "status") == "Cancelled"
	assert gateway.orders[phone]["trade_type"] == "MWEB"
	# back on the computer: the phone's order is closed in turn; once paid, nothing is left to pay
	computer = pay(rest, world, name)["request"]
	assert computer not in (native, phone) and gateway.orders[phone]["trade_state"] == "CLOSED"
	gateway.pay(computer)  # paid, its notification not here yet
	assert pay_over_rest(rest, world, name, "wechat", phone=1) == {
		"request": computer,
		"requests": {computer: name},
		"amount": 70,
		"currency": "CNY",
		"settled": {computer: name},
		"paid": True,
	}
	assert len(entries(name)) == 1  # the payment was asked about and recorded
	assert gateway.orders[computer]["trade_state"] == "SUCCESS"


def test_all_bills_are_paid_in_one_order_and_one_payment_entry(world, gateway, rest, server, site):
	first, second = invoice(world, rate=50), invoice(world, rate=70.5)
	alone = pay(rest, world, first)["request"]  # the first bill was ordered alone before
	order = pay_over_rest(rest, world, None, "wechat", invoices=json.dumps([first, second]))
	assert gateway.orders[alone]["trade_state"] == "CLOSED"  # that order closed, its request too
	requests = list(order["requests"])
	assert order["requests"] == dict(zip(requests, [first, second], strict=True))
	assert alone not in requests and order["amount"] == 120.5 and order["settled"] == {}
	number = f"{requests[0]}-2"
	assert gateway.orders[number]["amount"] == {"total": 12050, "currency": "CNY"}
	assert gateway.orders[number]["description"] in ("物业费用：2 笔账单", "Property fees: 2 bills")
	frappe.db.rollback()
	assert {frappe.db.get_value("Payment Request", request, "gateway_order") for request in requests} == {
		number
	}
	again = pay_over_rest(rest, world, None, "wechat", invoices=json.dumps([first, second]))
	assert again["code_url"] == order["code_url"]  # the open order again

	gateway.pay(number)
	headers, body = gateway.notification(number)
	assert gateway.send(server, site, headers, body).status_code == 204
	assert gateway.send(server, site, headers, body).status_code == 204  # again: acknowledged
	paid = entries(first)
	assert len(paid) == 1 and entries(second) == paid
	entry = frappe.get_doc("Payment Entry", paid[0])
	assert (entry.paid_amount, entry.unallocated_amount) == (120.5, 0)
	assert entry.reference_no == gateway.orders[number]["transaction_id"]
	assert sorted(
		(row.reference_name, row.payment_request, row.allocated_amount) for row in entry.references
	) == sorted([(first, requests[0], 50), (second, requests[1], 70.5)])
	for name, request in zip((first, second), requests, strict=True):
		assert frappe.db.get_value("Sales Invoice", name, "outstanding_amount") == 0
		assert frappe.db.get_value("Payment Request", request, "status") == "Paid"


def test_an_order_of_several_bills_is_closed_whole_and_refused_in_part(world, gateway, rest, server, site):
	first, second = invoice(world, rate=30), invoice(world, rate=40)
	order = pay_over_rest(rest, world, None, "wechat", invoices=json.dumps([first, second]))
	number = f"{next(iter(order['requests']))}-2"
	gateway.pay(number)
	short = gateway.notification(number, amount={"total": 3000, "currency": "CNY"})  # one bill's
	assert gateway.send(server, site, *short).status_code == 401
	assert not entries(first) and not entries(second)
	gateway.orders[number]["trade_state"] = "NOTPAY"
	frappe.db.rollback()
	for request in order["requests"]:
		frappe.db.set_value(
			"Payment Request", request, "gateway_ordered_on", add_to_date(now_datetime(), minutes=-31)
		)
	frappe.db.commit()  # nosemgrep: as the scheduler finds them
	wechat_pay.close_unpaid_orders()
	assert gateway.orders[number]["trade_state"] == "CLOSED"
	frappe.db.rollback()
	assert [frappe.db.get_value("Payment Request", r, "status") for r in order["requests"]] == [
		"Cancelled"
	] * 2


def test_a_bill_paid_meanwhile_is_recorded_and_the_rest_ordered(world, gateway, rest):
	paid_alone, unpaid = invoice(world, rate=15), invoice(world, rate=25)
	alone = pay(rest, world, paid_alone)["request"]
	gateway.pay(alone)  # paid by the phone, its notification not here yet
	order = pay_over_rest(rest, world, None, "wechat", invoices=json.dumps([paid_alone, unpaid]))
	assert order["settled"] == {alone: paid_alone} and "paid" not in order
	(request,) = order["requests"]
	assert order["requests"] == {request: unpaid} and order["amount"] == 25 and order["code_url"]
	assert gateway.orders[request]["amount"]["total"] == 2500  # the one bill left, on its own
	assert len(entries(paid_alone)) == 1 and not entries(unpaid)


def test_bills_of_different_payers_are_paid_apart(world, gateway, rest):
	mine, other_payers = invoice(world), invoice(world, customer=world.neighbour_customer)
	rest.login(world.resident)
	refused = rest.post(PAY, json={"invoices": json.dumps([mine, other_payers])})
	assert refused.status_code == 417 and refused.json()["exc_type"] == "DifferentPayersError"
	too_many = rest.post(PAY, json={"invoices": json.dumps([mine] * 101)})
	assert too_many.status_code == 417
	frappe.db.rollback()
	assert not frappe.db.exists("Payment Request", {"reference_name": ["in", [mine, other_payers]]})


def test_each_resident_starts_at_most_30_orders_an_hour(world, gateway, rest):
	"""Counted per resident, not per address: a neighbour on the same address pays on."""
	from property_service.api.portal import PAY_LIMIT
	from property_service.core.limits import counter

	for user in (world.resident, world.neighbour):
		frappe.cache.delete(counter("property_service.api.portal.pay_invoice", user))
	rest.login(world.resident)
	statuses = [rest.post(PAY, json={"invoice": "SINV-NOT-THERE"}).status_code for _n in range(PAY_LIMIT + 1)]
	assert 429 not in statuses[:PAY_LIMIT] and statuses[-1] == 429
	rest.login(world.neighbour)
	assert rest.post(PAY, json={"invoice": "SINV-NOT-THERE"}).status_code == 403
	frappe.cache.delete(counter("property_service.api.portal.pay_invoice", world.resident))


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
		assert response.status_code == 417 and response.json()["exc_type"] == "PaymentNotSetUpError"
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


@pytest.mark.parametrize(
	"roles, may_read",
	[
		(("Accounts User",), True),
		(("Accounts Manager",), True),
		(("Accounts User", "Property Resident"), True),
		(("Customer Service Agent",), False),
		(("Property Manager",), False),
	],
)
def test_the_order_fields_are_the_sites_alone(world, gateway, rest, roles, may_read):
	"""Over REST, per role: ERPNext's accountants read a Payment Request's order (its payment code,
	when it was ordered, the gateway's transaction id) and set none of it — not on a draft of
	theirs, not on a new one; the office's other roles read no Payment Request."""
	from erpnext.accounts.doctype.payment_request.payment_request import make_payment_request

	draft = make_payment_request(
		dt="Sales Invoice",
		dn=invoice(world),
		payment_gateway_account=frappe.db.get_value(
			"Payment Gateway Account", {"payment_gateway": "WeChat Pay"}
		),
		mute_email=1,
		return_doc=1,
	)
	assert draft.docstatus == 0 and not draft.is_new()
	draft.db_set(
		{"gateway_code_url": "weixin://wxpay/bizpayurl?pr=real", "gateway_ordered_on": now_datetime()}
	)
	frappe.db.commit()  # nosemgrep: the web server is another process
	forged = {"gateway_code_url": "weixin://attacker", "gateway_transaction_id": f"FORGED-{draft.name}"}
	path = f"/api/resource/Payment Request/{draft.name}"
	with committed_user(roles=roles) as user:
		rest.login(user)
		read = rest.get(path)
		assert (read.status_code == 200) is may_read, read.text[:300]
		changed = rest.put(path, json=forged)
		fields = json.loads(frappe.as_json(draft.as_dict(no_default_fields=True)))
		made = rest.post("/api/resource/Payment Request", json={**fields, **forged})
		if may_read:
			assert read.json()["data"]["gateway_code_url"] == "weixin://wxpay/bizpayurl?pr=real"
			assert changed.status_code == 200, changed.text[:300]
			assert made.status_code == 200, made.text[:300]
			frappe.db.rollback()
			new = made.json()["data"]["name"]
			assert frappe.db.get_value(
				"Payment Request", new, ["gateway_code_url", "gateway_transaction_id"]
			) == (
				None,
				None,
			)
		else:
			assert changed.status_code == made.status_code == 403
	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Payment Request", draft.name, ["gateway_code_url", "gateway_transaction_id"]
	)
	assert stored == ("weixin://wxpay/bizpayurl?pr=real", None)
	assert not frappe.db.exists(
		"Payment Request", {"gateway_transaction_id": forged["gateway_transaction_id"]}
	)


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


def test_all_bills_are_paid_with_one_scan_on_the_bills_page(world, gateway, browser, server, site):
	"""In Chromium at 390 px, in Chinese: 全部用微信支付 shows one QR code for every bill; paid, each
	bill turns to 已支付 without a reload and the total to nothing."""
	from tests.test_portal_browser import open_page, screenshot

	names = [invoice(world, rate=11), invoice(world, rate=22)]
	page = open_page(browser, server)
	from tests.test_portal_browser import log_in

	log_in(page, world.resident)
	page.goto("/resident/bills")
	# the resident's bills; one billed to another payer (an earlier test's) is paid apart
	all_mine = page.locator(f"[data-pay-all-card*='\"{names[0]}\"']")
	assert "全部缴费" in all_mine.inner_text()
	all_mine.locator('[data-pay-all][data-method="wechat"]').click()
	all_mine.locator(
		'[data-qr]:not([hidden]) img[src^="data:image/png"], [data-error]:not(:empty)'
	).first.wait_for()
	assert all_mine.locator("[data-error]").inner_text() == ""
	screenshot(page, "resident-bills-pay-all")
	frappe.db.rollback()
	request = frappe.db.get_value(
		"Payment Request", {"reference_name": names[0], "docstatus": 1, "status": "Requested"}
	)
	number = frappe.db.get_value("Payment Request", request, "gateway_order")
	listed = frappe.get_all("Payment Request", {"gateway_order": number}, pluck="reference_name")
	assert set(names) <= set(listed)
	gateway.pay(number)
	assert gateway.send(server, site, *gateway.notification(number)).status_code == 204
	for name in names:
		page.wait_for_function(
			f"document.querySelector('[data-unpaid=\"{name}\"] [data-status]').textContent === '已支付'",
			timeout=20_000,
		)
	all_mine.wait_for(state="hidden", timeout=20_000)  # every bill of it paid
	page.context.close()


IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"


def test_on_a_phone_the_bills_page_goes_to_the_h5_cashier_and_back(world, gateway, browser, server, site):
	"""In Chromium as a phone (390 px, a phone's browser), in Chinese: 用微信支付 goes to WeChat
	Pay's H5 cashier; paid there, the way back shows the bill 已支付."""
	from tests.test_portal_browser import PHONE, log_in, screenshot

	name = invoice(world, rate=45)
	page = browser.new_context(base_url=server, viewport=PHONE, locale="zh-CN", user_agent=IPHONE).new_page()
	log_in(page, world.resident)
	page.goto("/resident/bills")
	page.locator(f'[data-unpaid="{name}"] [data-pay][data-method="wechat"]').click()
	page.wait_for_url(f"{gateway.url}/cashier/h5**", timeout=20_000)
	frappe.db.rollback()
	request = frappe.db.get_value("Payment Request", {"reference_name": name})
	assert gateway.orders[request]["trade_type"] == "MWEB"
	gateway.pay(request)
	assert gateway.send(server, site, *gateway.notification(request)).status_code == 204
	page.goto(f"/resident/bills?out_trade_no={request}")  # WeChat's way back (redirect_url)
	paid = page.locator(f'[data-paid="{name}"]')
	assert paid.count() == 1 and "已支付" in paid.inner_text()
	assert page.locator(f'[data-unpaid="{name}"]').count() == 0
	screenshot(page, "resident-bills-h5-back")
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
