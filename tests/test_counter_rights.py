"""The counter over REST, per role alone and as a resident next door: agents, supervisors, the
manager and the accountants take payment and close their day; nobody else. An agent reads and
prints their own receipts (the 收据 in Chinese, as a PDF through the test server), not another's;
a 交班 is the signed-in cashier's, whatever the request says."""

import frappe
import pytest
from frappe.utils import today

from property_service.billing.invoices import make_invoice
from property_service.billing.payments import CASH
from property_service.fees.fee_items import MANAGEMENT_FEE
from tests.portal_world import make_role_world, purge_world
from tests.test_pdf import pdf_text
from tests.utils import purge_payments, unique

STAFF_ROLES = {
	"technician": ("Maintenance Technician",),
	"agent": ("Customer Service Agent",),
	"supervisor": ("Customer Service Supervisor",),
	"manager": ("Property Manager",),
	"clerk": ("Archive Clerk",),
	"accountant": ("Accounts User",),
	"chief": ("Accounts Manager",),
	"representative": ("Management Representative",),
}
ROLES = ("filer", "neighbour", *STAFF_ROLES, *(f"{staff}+resident" for staff in STAFF_ROLES))
CASHIERS = ("agent", "supervisor", "manager", "accountant")  # take payment
CLOSERS = (*CASHIERS, "chief")  # make a 交班 (an Accounts Manager also cancels one)
READS_ALL_CLOSINGS = ("manager", "accountant", "chief")


@pytest.fixture(scope="module")
def world():
	world = make_role_world(STAFF_ROLES)
	customer = frappe.db.get_value("Property Owner", world.owners[0], "customer")
	company = frappe.db.get_value("Community", world.community, "company")
	world.invoice = make_invoice(
		unique("CR"),
		customer=customer,
		company=company,
		items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": 120}],
		property_unit=world.unit,
	).name
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	frappe.db.rollback()
	users = list(world.users.values())
	purge_payments([world.unit, world.other_unit])
	for name in frappe.get_all("Counter Closing", {"cashier": ["in", users]}, pluck="name"):
		frappe.db.delete("Counter Closing Mode", {"parent": name})
		frappe.db.delete("Counter Closing", name)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


def entries() -> int:
	frappe.db.rollback()
	return frappe.db.count("Payment Entry", {"receipt_no": ["is", "set"]})


@pytest.mark.parametrize("role", ROLES)
def test_who_may_use_the_counter(world, rest, role):
	staff = role.split("+")[0]
	rest.login(world.users.get(role) or world.users[staff])
	shown = rest.get("/api/method/property_service.api.counter.unpaid", params={"unit": world.unit})
	assert shown.status_code == (200 if staff in CASHIERS else 403), shown.text[:300]
	if staff in CASHIERS:
		assert [row["name"] for row in shown.json()["message"]["invoices"]] == [world.invoice]
	if staff not in CASHIERS:
		before = entries()
		taken = rest.post(
			"/api/method/property_service.api.counter.take_payment",
			json={"unit": world.unit, "mode_of_payment": CASH, "amount": 120},
		)
		assert taken.status_code == 403, taken.text[:300]
		assert entries() == before


@pytest.mark.parametrize("role", ROLES)
def test_the_day_closing_over_rest(world, rest, role):
	staff = role.split("+")[0]
	user = world.users.get(role) or world.users[staff]
	rest.login(user)
	made = rest.post(
		"/api/resource/Counter Closing",
		json={
			"closing_date": today(),
			"cashier": "Administrator",
			"modes": [{"mode_of_payment": CASH, "counted": 5}],
		},
	)
	assert made.status_code == (200 if staff in CLOSERS else 403), made.text[:300]
	if made.status_code != 200:
		return
	data = made.json()["data"]
	assert data["cashier"] == user and data["modes"][0]["difference"] == 5
	changed = rest.put(f"/api/resource/Counter Closing/{data['name']}", json={"cashier": "Administrator"})
	assert changed.status_code == 200 and changed.json()["data"]["cashier"] == user
	submitted = rest.post(
		"/api/method/frappe.client.submit",
		json={"doc": {**changed.json()["data"], "doctype": "Counter Closing"}},
	)
	assert submitted.status_code == 200, submitted.text[:300]
	# another cashier's closing: only the manager and the accountants read it
	for other in CLOSERS:
		if other == staff:
			continue
		rest.login(world.users[other])
		read = rest.get(f"/api/resource/Counter Closing/{data['name']}")
		assert read.status_code == (200 if other in READS_ALL_CLOSINGS else 403), (other, read.text[:200])


def test_an_agent_prints_their_own_receipt_in_chinese(world, rest, server):
	rest.login(world.users["agent"])
	taken = rest.post(
		"/api/method/property_service.api.counter.take_payment",
		json={"unit": world.unit, "mode_of_payment": CASH, "amount": 120},
	)
	assert taken.status_code == 200, taken.text[:500]
	result = taken.json()["message"]
	frappe.db.rollback()
	entry = frappe.get_doc("Payment Entry", result["payment_entry"])
	assert entry.owner == world.users["agent"] and entry.docstatus == 0 and not result["submitted"]
	own = rest.get(f"/api/resource/Payment Entry/{entry.name}")  # the agent reads (and prints) it
	assert own.status_code == 200 and own.json()["data"]["receipt_no"] == entry.receipt_no
	text = pdf_text(rest, server, "Payment Entry", entry.name, format="Counter Receipt", language="zh")
	# pdftotext reads the CJK font's digits poorly: the number's prefix and the amount in words
	for words in ("收据", "SJ-", "交款人", "现金", "壹佰贰拾元整", "待会计入账"):
		assert words in text, words
	rest.login(world.users["supervisor"])  # another cashier's receipt
	other = rest.get(f"/api/resource/Payment Entry/{entry.name}")
	assert other.status_code == 403
