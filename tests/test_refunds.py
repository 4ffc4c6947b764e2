"""Refunds through the channel a payment came by (fees/refunds.py), against the WeChat Pay and
Alipay gateways on loopback (tests/wechat_pay_gateway.py, tests/alipay_gateway.py): a resident
pays an invoice online, the office credits it (a credit note) and an accountant submits the
refund, a Pay entry that the gateway refunds with real signatures; WeChat Pay's refund
notification is verified like a payment's. A refund never exceeds what is left; two at once make
one; a gateway that refuses changes nothing; a payment taken in cash goes back in cash."""

import json
import threading

import frappe
import pytest
import requests
from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry
from erpnext.accounts.doctype.sales_invoice.sales_invoice import make_sales_return
from frappe.utils import add_to_date, now_datetime

from property_service.billing.payments import CASH
from property_service.fees import alipay, counter, refunds, wechat_pay
from tests.payers_world import (
	entries,
	invoice,
	local_alipay,
	local_wechat_pay,
	make_payers_world,
	pay_over_rest,
	purge_payers_world,
)
from tests.utils import at_once, committed_user, purge_invoices
from tests.wechat_pay_gateway import new_key

MAKE_REFUND = "/api/method/property_service.api.billing.make_refund"
SUBMIT = "/api/method/frappe.client.submit"


@pytest.fixture(scope="module")
def wechat(site):
	with local_wechat_pay() as local:
		yield local


@pytest.fixture(scope="module")
def ali(site):
	with local_alipay() as local:
		yield local


@pytest.fixture(scope="module")
def world(site, wechat, ali):
	world = make_payers_world("RFD")
	yield world
	purge_refunds(world)
	purge_payers_world(world)


@pytest.fixture(scope="module")
def accountant(site):
	with committed_user(roles=("Accounts User",)) as user:
		yield user


def purge_refunds(world) -> None:
	"""The world's credit notes, and every payment of its customer (refunds included)."""
	frappe.db.rollback()
	invoices = frappe.get_all("Sales Invoice", {"billing_key": ["like", f"{world.prefix}%"]}, pluck="name")
	payments = frappe.get_all("Payment Entry", {"party": world.customer}, pluck="name")
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"voucher_no": ["in", payments or [""]]})
	frappe.db.delete("ToDo", {"reference_type": "Payment Entry", "reference_name": ["in", payments or [""]]})
	frappe.db.delete("Payment Entry Reference", {"parent": ["in", payments or [""]]})
	frappe.db.delete("Payment Entry", {"name": ["in", payments or [""]]})
	purge_invoices({"return_against": ["in", invoices or [""]]})
	frappe.db.commit()  # nosemgrep: the clean-up of committed test data


def paid_online(
	world, gateway, method: str, rest, server, site, rate: float = 120, qty: int = 1
) -> tuple[str, str]:
	"""(invoice, its Payment Entry): the resident pays a new invoice through the gateway."""
	name = invoice(world, rate=rate, qty=qty)
	order = pay_over_rest(rest, world, name, method)
	if method == "wechat":
		gateway.pay(order["request"])
		assert gateway.send(server, site, *gateway.notification(order["request"])).status_code == 204
	else:
		assert requests.get(order["url"], timeout=30).status_code == 200  # the payer opens the cashier
		gateway.pay(order["request"])
		assert gateway.send(server, site, gateway.notification(order["request"])).text == "success"
	(entry,) = entries(name)
	return name, entry


def credited(invoice_name: str, amount: float, qty: int = 1) -> str:
	"""The office credits `qty` × `amount` of a paid invoice: ERPNext's return (a credit note),
	submitted."""
	note = make_sales_return(invoice_name)
	note.update_outstanding_for_self = 1
	note.items[0].update({"qty": -qty, "rate": amount})
	note.insert()
	note.submit()
	return note.name


def draft_refund(invoice_name: str, amount: float, qty: int = 1) -> str:
	"""The credit note's payment, as ERPNext's *Create → Payment* drafts it: the refund."""
	refund = get_payment_entry("Sales Invoice", credited(invoice_name, amount, qty))
	refund.refund_reason = "多收"
	refund.insert()
	frappe.db.commit()  # nosemgrep: the accountant submits it over REST
	return refund.name


def submit(rest, user: str, name: str) -> requests.Response:
	"""The accountant submits the refund, over REST."""
	rest.login(user)
	doc = frappe.get_doc("Payment Entry", name)
	return rest.post(SUBMIT, data={"doc": frappe.as_json(doc.as_dict())})


def stored(name: str):
	frappe.db.rollback()
	return frappe.get_doc("Payment Entry", name)


def refunded(original: str) -> float:
	frappe.db.rollback()
	return frappe.db.get_value("Payment Entry", original, "refunded_amount")


def test_a_wechat_payment_goes_back_through_wechat_pay(world, wechat, rest, server, site, accountant):
	name, original = paid_online(world, wechat, "wechat", rest, server, site, rate=120.5)
	received = frappe.get_doc("Payment Entry", original)
	refund = draft_refund(name, 120.5)
	draft = frappe.get_doc("Payment Entry", refund)
	assert (draft.refund_of, draft.payment_type, draft.party) == (original, "Pay", world.customer)
	assert draft.paid_from == received.paid_to  # back out of the WeChat Pay ledger it came into
	assert not wechat.refunds  # nothing goes back before an accountant submits

	response = submit(rest, accountant, refund)
	assert response.status_code == 200, response.text[:500]
	asked = wechat.refunds[refund]  # out_refund_no = the refund entry
	assert asked["amount"]["refund"] == asked["amount"]["total"] == 12050  # fen, the server's
	assert asked["transaction_id"] == received.reference_no
	assert asked["notify_url"].endswith("/api/method/property_service.fees.wechat_pay.notify")
	done = stored(refund)
	assert (done.docstatus, done.refund_gateway, done.gateway_refund_id, done.gateway_refund_status) == (
		1,
		wechat_pay.GATEWAY,
		asked["refund_id"],
		refunds.PROCESSING,
	)
	assert refunded(original) == 120.5

	# WeChat Pay's refund notification: REFUND.SUCCESS, signed and encrypted, once or twice
	headers, body = wechat.refund_notification(refund)
	assert wechat.send(server, site, headers, body).status_code == 204
	assert stored(refund).gateway_refund_status == refunds.REFUNDED
	assert wechat.send(server, site, headers, body).status_code == 204

	# asked again with the same number (a commit lost after the gateway took it): the same refund
	request = refunds.online_request(frappe._dict(reference_no=received.reference_no))
	assert wechat_pay.refund(done, request)["id"] == asked["refund_id"]
	assert [
		number for number, r in wechat.refunds.items() if r["transaction_id"] == received.reference_no
	] == [refund]


def test_a_bill_paid_with_others_goes_back_out_of_their_one_transaction(
	world, wechat, rest, server, site, accountant
):
	"""全部缴费: two bills, one WeChat Pay transaction; the second credited and refunded — WeChat
	Pay is asked for its amount out of the whole transaction's."""
	first, second = invoice(world, rate=50), invoice(world, rate=70)
	order = pay_over_rest(rest, world, None, "wechat", invoices=json.dumps([first, second]))
	number = f"{next(iter(order['requests']))}-2"
	wechat.pay(number)
	assert wechat.send(server, site, *wechat.notification(number)).status_code == 204
	(original,) = entries(second)
	refund = draft_refund(second, 70)
	assert frappe.db.get_value("Payment Entry", refund, "refund_of") == original
	response = submit(rest, accountant, refund)
	assert response.status_code == 200, response.text[:500]
	asked = wechat.refunds[refund]
	assert (asked["amount"]["refund"], asked["amount"]["total"]) == (7000, 12000)
	assert asked["transaction_id"] == wechat.orders[number]["transaction_id"]
	assert refunded(original) == 70


def test_a_refund_the_gateway_could_not_make_is_the_accountants_to_do(
	world, wechat, rest, server, site, accountant
):
	"""WeChat Pay reports the refund ABNORMAL (the payer's card cannot take it): the entry says so,
	and whoever made it has a ToDo — the money is still to go back."""
	name, _original = paid_online(world, wechat, "wechat", rest, server, site, rate=33)
	refund = draft_refund(name, 33)
	assert submit(rest, accountant, refund).status_code == 200
	assert (
		wechat.send(server, site, *wechat.refund_notification(refund, status="ABNORMAL")).status_code == 204
	)
	assert stored(refund).gateway_refund_status == refunds.ABNORMAL
	todos = frappe.get_all(
		"ToDo",
		{"reference_type": "Payment Entry", "reference_name": refund, "status": "Open"},
		pluck="description",
	)
	assert len(todos) == 1 and ("WeChat Pay" in todos[0] or "微信支付" in todos[0])


def test_a_refund_whose_notification_was_lost_is_asked_about(world, wechat, rest, server, site, accountant):
	name, _original = paid_online(world, wechat, "wechat", rest, server, site)
	refund = draft_refund(name, 120)
	assert submit(rest, accountant, refund).status_code == 200
	wechat.complete_refund(refund)  # refunded, but its notification never reaches the site
	wechat_pay.check_refunds()
	assert stored(refund).gateway_refund_status == refunds.PROCESSING  # too early to ask
	frappe.db.set_value(
		"Payment Entry", refund, "modified", add_to_date(now_datetime(), minutes=-31), update_modified=False
	)
	frappe.db.commit()  # nosemgrep: as the scheduler finds it
	wechat_pay.check_refunds()
	assert stored(refund).gateway_refund_status == refunds.REFUNDED
	assert ("GET", f"/v3/refund/domestic/refunds/{refund}") in wechat.calls


def test_a_renovation_deposit_paid_by_wechat_goes_back_through_wechat_pay_less_the_deduction(
	world, wechat, rest, server, site, accountant
):
	"""The deposit paid on the portal; the close drafts the credit note and, once an accountant
	submits it, the refund, which finds the deposit's WeChat Pay receipt by itself."""
	from tests.test_renovation import act, apply, purge_settlement, to_inspection

	doc = act(apply(world.unit), "Approve")
	deposit = doc.deposit_invoice
	assert frappe.db.get_value("Sales Invoice", deposit, "customer") == world.customer
	frappe.get_doc("Sales Invoice", deposit).submit()  # the accountant's
	frappe.db.commit()  # nosemgrep: the resident pays it over REST
	try:
		order = pay_over_rest(rest, world, deposit, "wechat")["request"]
		wechat.pay(order)
		assert wechat.send(server, site, *wechat.notification(order)).status_code == 204
		(receipt,) = entries(deposit)
		to_inspection(doc)
		doc.update({"deduction": 300, "deduction_reason": "损坏公共走廊墙面"})
		doc.save()
		act(doc, "Pass Inspection")
		frappe.get_doc("Sales Invoice", doc.refund_note).submit()  # the accountant's
		refund = doc.reload().refund_payment
		assert frappe.db.get_value("Payment Entry", refund, "refund_of") == receipt
		frappe.db.commit()  # nosemgrep: the accountant submits it over REST
		assert submit(rest, accountant, refund).status_code == 200
		assert wechat.refunds[refund]["amount"]["refund"] == 170000  # fen: 2000 less 300
		assert wechat.refunds[refund]["amount"]["total"] == 200000
		assert refunded(receipt) == 1700
	finally:
		frappe.db.rollback()
		doc.reload()
		purge_settlement([doc.deduction_entry])
		frappe.db.delete("ToDo", {"reference_name": ["in", [deposit, doc.refund_note, doc.name]]})
		purge_invoices({"name": ["in", [deposit, doc.refund_note]]})
		frappe.delete_doc("Renovation Application", doc.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_forged_and_altered_refund_notifications_change_nothing(
	world, wechat, rest, server, site, accountant
):
	name, _original = paid_online(world, wechat, "wechat", rest, server, site)
	refund = draft_refund(name, 120)
	assert submit(rest, accountant, refund).status_code == 200
	refused = {
		"forged": wechat.refund_notification(refund, key=new_key()),
		"a changed amount": wechat.refund_notification(
			refund, amount={"total": 12000, "refund": 1, "payer_total": 12000, "payer_refund": 1}
		),
		"another merchant": wechat.refund_notification(refund, mchid="1230000109"),
		"another refund": wechat.refund_notification(refund, out_refund_no="ACC-PAY-NONE"),
		"another refund id": wechat.refund_notification(refund, refund_id="50300000000000000000000000001"),
	}
	for case, (headers, body) in refused.items():
		response = wechat.send(server, site, headers, body)
		assert response.status_code == 401, case
		assert stored(refund).gateway_refund_status == refunds.PROCESSING, case


def test_an_alipay_payment_goes_back_through_alipay_and_no_more_than_was_paid(
	world, ali, rest, server, site, accountant
):
	name, original = paid_online(world, ali, "alipay", rest, server, site, rate=60, qty=2)
	first = draft_refund(name, 60)  # one of the two credited
	response = submit(rest, accountant, first)
	assert response.status_code == 200, response.text[:500]
	asked = ali.refunds[first]  # out_request_no = the refund entry
	assert (asked["refund_amount"], asked["trade_no"]) == (
		"60.00",
		frappe.db.get_value("Payment Entry", original, "reference_no"),
	)
	done = stored(first)
	assert (done.refund_gateway, done.gateway_refund_status) == (alipay.GATEWAY, refunds.REFUNDED)
	assert refunded(original) == 60

	rest_ = draft_refund(name, 60)
	assert submit(rest, accountant, rest_).status_code == 200
	assert refunded(original) == 120 and ali.refunds[rest_]["refund_fee"] == "120.00"

	# all of it went back: a further refund of the payment is refused before the gateway is asked
	more = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Pay",
			"company": world.company,
			"party_type": "Customer",
			"party": world.customer,
			"paid_amount": 1,
			"received_amount": 1,
			"refund_of": original,
			"refund_reason": "再退",
		}
	)
	with pytest.raises(refunds.RefundTooLarge):
		more.insert()
	assert len([r for r in ali.refunds.values() if r["trade_no"] == asked["trade_no"]]) == 2


@pytest.mark.parametrize("method", ["wechat", "alipay"])
def test_a_gateway_that_refuses_changes_nothing(world, wechat, ali, rest, server, site, accountant, method):
	gateway = wechat if method == "wechat" else ali
	name, original = paid_online(world, gateway, method, rest, server, site)
	refund = draft_refund(name, 120)
	note = frappe.db.get_value("Payment Entry Reference", {"parent": refund}, "reference_name")
	gateway.refusing = (
		(500, {"code": "SYSTEM_ERROR", "message": "系统超时，请稍后重试"})
		if method == "wechat"
		else {"code": "20000", "msg": "Service Currently Unavailable", "sub_code": "aop.unknow-error"}
	)
	try:
		response = submit(rest, accountant, refund)
	finally:
		gateway.refusing = None
	assert response.status_code == 417, response.text[:300]
	assert "GatewayRefundFailed" in response.json()["exception"]
	assert "未受理退款" in response.json()["exception"]  # the gateway's refusal, in the accountant's zh
	assert stored(refund).docstatus == 0
	assert not refunded(original)
	assert not frappe.db.exists("GL Entry", {"voucher_no": refund})
	assert frappe.db.get_value("Sales Invoice", note, "outstanding_amount") == -120
	assert refund not in gateway.refunds
	# the gateway back: submitted again, refunded once
	assert submit(rest, accountant, refund).status_code == 200
	assert refund in gateway.refunds and refunded(original) == 120


def test_two_refunds_at_once_make_one(world, wechat, rest, server, site):
	name, original = paid_online(world, wechat, "wechat", rest, server, site)
	note = credited(name, 120)
	drafts = []
	for _ in range(2):  # two accountants each drafted the credit note's payment
		refund = get_payment_entry("Sales Invoice", note)
		refund.refund_reason = "多收"
		drafts.append(refund.insert().name)
	frappe.db.commit()  # nosemgrep: the accountants submit on their own connections
	waiting, outcomes, ready = list(drafts), [], threading.Barrier(2)
	asked = wechat.calls.count(("POST", "/v3/refund/domestic/refunds"))

	def submit_one():
		mine = frappe.get_doc("Payment Entry", waiting.pop())
		ready.wait(timeout=30)
		try:
			mine.submit()
			frappe.db.commit()  # nosemgrep: a request's own commit
			outcomes.append("submitted")
		except frappe.ValidationError as error:
			outcomes.append(type(error).__name__)

	with (
		committed_user(roles=("Accounts User",)) as first,
		committed_user(roles=("Accounts User",)) as second,
	):
		at_once([first, second], submit_one)
	# the second waited for the first on the original's row, then found nothing left to refund:
	# the gateway was asked once
	assert sorted(outcomes) == ["RefundTooLarge", "submitted"], outcomes
	assert wechat.calls.count(("POST", "/v3/refund/domestic/refunds")) == asked + 1
	frappe.db.rollback()
	assert frappe.get_all("Payment Entry", {"refund_of": original, "docstatus": 1}, pluck="name") in (
		[drafts[0]],
		[drafts[1]],
	)
	transaction = frappe.db.get_value("Payment Entry", original, "reference_no")
	assert len([r for r in wechat.refunds.values() if r["transaction_id"] == transaction]) == 1
	assert refunded(original) == 120


def test_money_held_in_cash_goes_back_in_cash(world, rest, accountant):
	"""预存 taken at the counter: *Refund* drafts a Pay entry for what it holds, once; submitted,
	the advance is reconciled (the fee run cannot use it again) and no gateway is asked."""
	prepaid = counter.take_payment(world.unit, CASH, 100, invoices=[], advance=True)
	frappe.db.commit()  # nosemgrep: the accountant asks over REST
	rest.login(accountant)
	response = rest.post(MAKE_REFUND, json={"payment_entry": prepaid.name})
	assert response.status_code == 200, response.text[:500]
	refund = response.json()["message"]
	assert rest.post(MAKE_REFUND, json={"payment_entry": prepaid.name}).json()["message"] == refund
	draft = stored(refund)
	assert (draft.paid_amount, draft.paid_from, draft.mode_of_payment) == (100, prepaid.paid_to, CASH)

	draft.paid_amount = draft.received_amount = 150  # more than it holds
	with pytest.raises(refunds.RefundTooLarge):
		draft.save()
	frappe.db.rollback()
	assert submit(rest, accountant, refund).status_code == 200
	done = stored(refund)
	assert done.docstatus == 1 and not done.refund_gateway
	original = frappe.get_doc("Payment Entry", prepaid.name)
	assert (original.unallocated_amount, original.refunded_amount) == (0, 100)
	assert rest.post(MAKE_REFUND, json={"payment_entry": prepaid.name}).status_code == 417  # nothing left


def test_a_cash_refund_cancelled_gives_the_advance_back_and_a_gateways_cannot_be(world, wechat):
	prepaid = counter.take_payment(world.unit, CASH, 40, invoices=[], advance=True)
	refund = frappe.get_doc("Payment Entry", refunds.make_refund(prepaid.name))
	refund.submit()
	assert frappe.db.get_value("Payment Entry", prepaid.name, ["unallocated_amount", "refunded_amount"]) == (
		0,
		40,
	)
	refund.cancel()  # the money was not handed over after all
	assert frappe.db.get_value("Payment Entry", prepaid.name, ["unallocated_amount", "refunded_amount"]) == (
		40,
		0,
	)
	online = frappe.get_doc("Payment Entry", refunds.make_refund(prepaid.name))
	online.submit()
	online.db_set("refund_gateway", wechat_pay.GATEWAY)  # as if WeChat Pay had refunded it
	with pytest.raises(refunds.RefundError):
		online.cancel()


def test_refund_asked_twice_at_once_drafts_one(world):
	prepaid = counter.take_payment(world.unit, CASH, 30, invoices=[], advance=True)
	frappe.db.commit()  # nosemgrep: the accountants ask on their own connections
	drafted, ready = [], threading.Barrier(2)

	def ask():
		ready.wait(timeout=30)
		drafted.append(refunds.make_refund(prepaid.name))
		frappe.db.commit()  # nosemgrep: a request's own commit

	with (
		committed_user(roles=("Accounts User",)) as first,
		committed_user(roles=("Accounts User",)) as second,
	):
		at_once([first, second], ask)
	frappe.db.rollback()
	assert len(drafted) == 2 and len(set(drafted)) == 1
	assert frappe.get_all("Payment Entry", {"refund_of": prepaid.name}, pluck="name") == drafted[:1]


def test_what_only_a_submit_records_is_not_taken_from_a_draft(world):
	"""A payment received sent with a negative *Refunded* (over REST, say) would let more go back."""
	prepaid = counter.take_payment(world.unit, CASH, 20, invoices=[], advance=True)
	original = frappe.get_doc("Payment Entry", prepaid.name)
	assert not original.refunded_amount
	sent = {"receipt_no": None, "refunded_amount": -1000, "gateway_refund_status": refunds.REFUNDED}
	for docstatus in (0, 1):  # a draft, or inserted submitted
		copy = frappe.copy_doc(original)
		copy.update({**sent, "docstatus": docstatus})
		copy.insert()
		stored_ = frappe.db.get_value(
			"Payment Entry", copy.name, ["refunded_amount", "gateway_refund_status"], as_dict=True
		)
		assert (stored_.refunded_amount, stored_.gateway_refund_status) == (0, None), docstatus


MAY_REFUND = {
	"Accounts User": True,
	"Accounts Manager": True,
	"Customer Service Agent": False,
	"Property Manager": False,
	"Maintenance Technician": False,
}


@pytest.mark.parametrize("role", MAY_REFUND)
def test_only_accountants_refund(world, rest, role):
	"""Over REST, as an attacker with a token would: only the accountants draft a refund."""
	roles, may_refund = (role,), MAY_REFUND[role]
	prepaid = counter.take_payment(world.unit, CASH, 10, invoices=[], advance=True)
	frappe.db.commit()  # nosemgrep: the server is another process
	with committed_user(roles=roles) as user:
		rest.login(user)
		response = rest.post(MAKE_REFUND, json={"payment_entry": prepaid.name})
		assert (response.status_code == 200) is may_refund, response.text[:300]
	frappe.db.rollback()
	assert bool(frappe.db.exists("Payment Entry", {"refund_of": prepaid.name})) is may_refund


def test_a_resident_cannot_refund(world, rest):
	prepaid = counter.take_payment(world.unit, CASH, 10, invoices=[], advance=True)
	frappe.db.commit()  # nosemgrep: the server is another process
	rest.login(world.resident)
	assert rest.post(MAKE_REFUND, json={"payment_entry": prepaid.name}).status_code == 403
	forged = {
		"doctype": "Payment Entry",
		"payment_type": "Pay",
		"party_type": "Customer",
		"party": world.customer,
		"paid_amount": 10,
		"refund_of": prepaid.name,
	}
	assert rest.post("/api/resource/Payment Entry", data={"data": json.dumps(forged)}).status_code == 403
	frappe.db.rollback()
	assert not frappe.db.exists("Payment Entry", {"refund_of": prepaid.name})
