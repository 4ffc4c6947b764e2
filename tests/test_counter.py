"""The cashier's counter (收银), 交班 and 预存 (fees/counter.py, Counter Closing, billing/payments.py):
one Payment Entry for a unit's invoices, an agent's left to the accountant, bad input refused
with nothing changed, the day's takings against the cashier's count, and an advance that the fee
run allocates."""

import frappe
import pytest
from frappe.utils import today

from property_service.billing.invoices import make_invoice
from property_service.billing.payments import ALIPAY, CASH, WECHAT, amount_in_chinese, prepaid_balances
from property_service.fees.counter import CounterError, take_payment, takings
from property_service.fees.doctype.counter_closing.counter_closing import CounterClosingError
from property_service.fees.fee_items import MANAGEMENT_FEE
from property_service.fees.fee_run import run_billing
from property_service.fees.report.cashier_takings.cashier_takings import execute as cashier_takings
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.test_fees import community, new_run, unit_invoices  # noqa: F401  (a fixture)
from tests.utils import as_user, make_user, page_as, unique


@pytest.fixture
def unit():
	"""A unit with a payer and two unpaid invoices: 100 (due first) and 200."""
	name = make_unit(make_building(make_community()))
	owner = make_owner(units=[name])
	customer = frappe.db.get_value("Property Owner", owner, "customer")
	company = frappe.db.get_value(
		"Community", frappe.db.get_value("Property Unit", name, "community"), "company"
	)
	invoices = [
		make_invoice(
			unique("CT"),
			customer=customer,
			company=company,
			items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": rate}],
			posting_date=today(),
			due_days=days,
			property_unit=name,
		).name
		for rate, days in ((100, 0), (200, 10))
	]
	return frappe._dict(name=name, customer=customer, invoices=invoices)


def outstanding(invoices: list[str]) -> list[float]:
	return [frappe.db.get_value("Sales Invoice", name, "outstanding_amount") for name in invoices]


def counter_entries() -> int:
	return frappe.db.count("Payment Entry", {"receipt_no": ["is", "set"]})


def test_an_accountant_takes_two_invoices_in_one_payment(unit):
	accountant = make_user(roles=("Accounts User",))
	with as_user(accountant):
		entry = take_payment(unit.name, CASH, 250)
	assert entry.docstatus == 1 and entry.owner == accountant and entry.party == unit.customer
	assert [(row.reference_name, row.allocated_amount) for row in entry.references] == [
		(unit.invoices[0], 100),
		(unit.invoices[1], 150),
	]
	assert outstanding(unit.invoices) == [0, 50]
	assert entry.receipt_no.startswith("SJ-") and entry.property_unit == unit.name
	assert entry.unallocated_amount == 0


def test_an_agents_payment_waits_for_the_accountant(unit):
	agent, accountant = make_user(roles=("Customer Service Agent",)), make_user(roles=("Accounts User",))
	with as_user(agent):
		entry = take_payment(unit.name, WECHAT, 300, reference_no="4200001234")
	assert entry.docstatus == 0 and entry.owner == agent and entry.reference_no == "4200001234"
	assert outstanding(unit.invoices) == [100, 200]  # no money moved yet
	assert frappe.db.exists(
		"ToDo", {"reference_type": "Payment Entry", "reference_name": entry.name, "allocated_to": accountant}
	)
	with as_user(agent), pytest.raises(CounterError, match="waiting for an accountant"):
		take_payment(unit.name, CASH, 300)
	with as_user(accountant):
		frappe.get_doc("Payment Entry", entry.name).submit()
	assert outstanding(unit.invoices) == [0, 0]


@pytest.mark.parametrize(
	"case, error",
	[
		("more than owed", "is more than the 300.0 owed"),
		("nothing unpaid", "has nothing unpaid"),
		("cancelled invoice", "is not an unpaid invoice"),
		("zero", "must be more than zero"),
		("unknown mode", "not found"),
	],
)
def test_bad_input_is_refused_and_changes_nothing(unit, case, error):
	accountant = make_user(roles=("Accounts User",))
	frappe.set_user("Administrator")
	if case == "cancelled invoice":
		frappe.get_doc("Sales Invoice", unit.invoices[0]).cancel()
	before = counter_entries()
	args = {
		"more than owed": (unit.name, CASH, 301),
		"nothing unpaid": (make_unit(make_building(make_community())), CASH, 10),
		"cancelled invoice": (unit.name, CASH, 100, [unit.invoices[0]]),
		"zero": (unit.name, CASH, 0),
		"unknown mode": (unit.name, "金条", 10),
	}[case]
	with as_user(accountant), pytest.raises(CounterError, match=error):
		take_payment(*args)
	assert counter_entries() == before
	if case != "cancelled invoice":
		assert outstanding(unit.invoices) == [100, 200]


def test_the_counter_says_it_in_chinese(unit):
	accountant = make_user(roles=("Accounts User",))
	frappe.local.lang = "zh"
	try:
		with as_user(accountant), pytest.raises(CounterError) as refused:
			take_payment(unit.name, CASH, 301)
	finally:
		frappe.local.lang = "en"
	assert "预存" in str(refused.value)


def test_only_cashiers_on_their_communitys_units(unit):
	for roles in (("Maintenance Technician",), ("Accounts Manager",)):
		with as_user(make_user(roles=roles)), pytest.raises(frappe.PermissionError):
			take_payment(unit.name, CASH, 100)
	elsewhere = make_user(roles=("Customer Service Agent",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": elsewhere, "allow": "Community", "for_value": make_community()}
	).insert()
	before = counter_entries()
	with as_user(elsewhere), pytest.raises(frappe.PermissionError):
		take_payment(unit.name, CASH, 100)
	assert counter_entries() == before


def test_an_advance_stays_prepaid_and_the_fee_run_allocates_it(community):  # noqa: F811
	"""500 paid ahead for the flat; its payer also rents the parking space. ERPNext keeps the
	advance on the payer's Customer: the run's invoices take it, oldest allocation first, the
	flat's 361.25 in full and 138.75 of the space's 300."""
	accountant = make_user(roles=("Accounts User",))
	with as_user(accountant):
		entry = take_payment(community.flat, ALIPAY, 500, advance=True)
	assert entry.docstatus == 1 and not entry.references and entry.unallocated_amount == 500
	assert prepaid_balances([community.flat, community.parking]) == {
		community.flat: 500,
		community.parking: 500,
	}
	run_billing(new_run(community.name).name)
	(flat,), (parking,) = unit_invoices(community.flat), unit_invoices(community.parking)
	assert (flat.grand_total, flat.outstanding_amount) == (361.25, 0)
	assert [(row.reference_name, row.allocated_amount) for row in flat.advances] == [(entry.name, 361.25)]
	assert (parking.grand_total, parking.outstanding_amount) == (300, 161.25)
	assert frappe.db.get_value("Payment Entry", entry.name, "unallocated_amount") == 0  # consumed
	assert prepaid_balances([community.flat]) == {community.flat: 0}
	from property_service.fees.report.unit_arrears.unit_arrears import execute as unit_arrears

	rows = {row["unit"]: row for row in unit_arrears({"community": community.name})[1]}
	assert rows[community.parking]["outstanding"] == 161.25 and rows[community.parking]["prepaid"] == 0


def test_the_arrears_show_what_is_left_prepaid(unit):
	with as_user(make_user(roles=("Accounts User",))):
		take_payment(unit.name, CASH, 150, [unit.invoices[1]], advance=False)
		take_payment(unit.name, WECHAT, 80, [], advance=True)
	from property_service.fees.report.unit_arrears.unit_arrears import execute as unit_arrears

	(row,) = unit_arrears({"community": frappe.db.get_value("Property Unit", unit.name, "community")})[1]
	assert (row["outstanding"], row["prepaid"]) == (150, 80)


def test_more_than_owed_with_an_advance_keeps_the_rest(unit):
	with as_user(make_user(roles=("Accounts User",))):
		entry = take_payment(unit.name, CASH, 1000, advance=True)
	assert outstanding(unit.invoices) == [0, 0] and entry.unallocated_amount == 700
	assert prepaid_balances([unit.name])[unit.name] == 700


def test_the_day_is_closed_against_the_payments(unit):
	"""Agent A takes 100 cash and 200 by WeChat; B takes 50 cash the same day: A's 交班 expects 100
	and 200, counts 90 cash, and records a difference of -10; one closing per cashier and day."""
	a, b = make_user(roles=("Customer Service Agent",)), make_user(roles=("Accounts User",))
	other = make_unit(make_building(make_community()))
	make_owner(units=[other])
	with as_user(a):
		take_payment(unit.name, CASH, 100, [unit.invoices[0]])
		take_payment(unit.name, WECHAT, 200, [unit.invoices[1]])
	with as_user(b):
		take_payment(other, CASH, 50, advance=True)
	figures = {
		(row.cashier, row.mode_of_payment): (row.entries, row.amount) for row in takings(today(), today())
	}
	assert (
		figures[(a, CASH)] == (1, 100) and figures[(a, WECHAT)] == (1, 200) and figures[(b, CASH)] == (1, 50)
	)
	with as_user(a):
		closing = frappe.get_doc(
			{
				"doctype": "Counter Closing",
				"closing_date": today(),
				"cashier": b,  # not taken from the request
				"modes": [
					{"mode_of_payment": CASH, "counted": 90, "expected": 1},
					{"mode_of_payment": WECHAT, "counted": 200},
				],
			}
		).insert()
		closing.submit()
	assert closing.cashier == a
	rows = {row.mode_of_payment: (row.expected, row.counted, row.difference) for row in closing.modes}
	assert rows == {CASH: (100, 90, -10), WECHAT: (200, 200, 0)}
	assert (closing.total_expected, closing.total_counted, closing.total_difference) == (300, 290, -10)
	with as_user(a), pytest.raises(CounterClosingError, match="already closed"):
		frappe.get_doc({"doctype": "Counter Closing", "closing_date": today()}).insert()
	with as_user(b):
		report = {
			(row.cashier, row.mode_of_payment): row
			for row in cashier_takings({"from_date": today(), "to_date": today()})[1]
		}
	assert (report[(a, CASH)].counted, report[(a, CASH)].difference) == (90, -10)
	assert (
		report[(b, CASH)].amount == 50
		and report[(b, CASH)].submitted == 50
		and report[(b, CASH)].counted is None
	)
	with as_user(a):  # an agent sees their own takings only
		assert {row.cashier for row in cashier_takings({"from_date": today(), "to_date": today()})[1]} == {a}


def test_a_receipt_number_is_never_sent(unit):
	"""Only the counter numbers a receipt: an accountant changing a draft's number, or making an
	entry with one, is refused."""
	with as_user(make_user(roles=("Customer Service Agent",))):
		draft = take_payment(unit.name, CASH, 100)
	with as_user(make_user(roles=("Accounts User",))):
		entry = frappe.get_doc("Payment Entry", draft.name)
		entry.receipt_no = "SJ-FORGED"
		with pytest.raises(CounterError, match="given by the counter"):
			entry.save()
		copy = frappe.copy_doc(entry)
		copy.receipt_no = "SJ-FORGED"
		with pytest.raises(CounterError, match="given by the counter"):
			copy.insert()
	assert frappe.db.get_value("Payment Entry", draft.name, "receipt_no") == draft.receipt_no


@pytest.mark.parametrize(
	"amount, words",
	[
		(120, "壹佰贰拾元整"),
		(1005.5, "壹仟零伍元伍角"),
		(10.05, "壹拾元零伍分"),
		(0.5, "伍角"),
		(100000, "壹拾万元整"),
		(20000001, "贰仟万零壹元整"),
		(361.25, "叁佰陆拾壹元贰角伍分"),
	],
)
def test_the_receipt_writes_the_amount_in_chinese_capitals(amount, words):
	assert amount_in_chinese(amount) == words


def test_a_communitys_staff_see_only_their_communitys_takings(unit):
	cashier = make_user(roles=("Accounts User",))
	with as_user(cashier):
		take_payment(unit.name, CASH, 100)
	home = frappe.db.get_value("Property Unit", unit.name, "community")
	seen = {}
	for who, limited_to in (("here", home), ("elsewhere", make_community())):
		user = make_user(roles=("Accounts User",))
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": "Community", "for_value": limited_to}
		).insert()
		with as_user(user):
			rows = cashier_takings({"from_date": today(), "to_date": today()})[1]
		seen[who] = {(row.cashier, row.mode_of_payment) for row in rows}
	assert (cashier, CASH) in seen["here"] and (cashier, CASH) not in seen["elsewhere"]


def test_the_resident_home_shows_the_prepaid_balance(unit):
	from property_service.portal.resident import home
	from property_service.property.customers import invite_to_portal

	with as_user(make_user(roles=("Accounts User",))):
		take_payment(unit.name, CASH, 380, advance=True)  # 300 owed, 80 paid ahead
	resident = invite_to_portal(
		make_owner(units=[unit.name], relation="Family", email=f"{unique('p')}@example.com"),
		send_welcome_email=False,
	)
	assert home(resident)["prepaid"] == {unit.name: 80}
	html = page_as(resident, "/resident")
	assert f'data-prepaid="{unit.name}"' in html and "Prepaid Balance" in html and "80.00" in html
