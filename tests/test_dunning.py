"""Arrears collection (fees/dunning.py): draft Dunnings by the office's thresholds, one per level
and invoice however often the job runs; a late fee only when turned on; the residents told when
an accountant submits; the unit's collection history in Unit Arrears."""

import frappe
import pytest
from frappe.utils import add_days, getdate, set_request, today
from frappe.website.serve import get_response_content

from property_service.billing.invoices import make_invoice
from property_service.fees import dunning
from property_service.fees.fee_items import MANAGEMENT_FEE
from property_service.fees.fee_run import fee_key
from property_service.property.customers import ensure_customer, invite_to_portal
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user, unique

SETTINGS = "Property Service Settings"


def fee_invoice(unit: str, period: str, amount: float, due_days_ago: int | None = None, posting_date=None):
	"""A submitted fee invoice of `unit` for `period` (one line of `amount`), due `due_days_ago`
	days before today (or posted on `posting_date`, due 15 days later)."""
	payer = frappe.db.get_value("Property Unit", unit, "payer")
	community = frappe.db.get_value("Property Unit", unit, "community")
	if posting_date is None:
		posting_date = add_days(today(), -due_days_ago - 15)
	return make_invoice(
		fee_key(unit, period),
		customer=ensure_customer(frappe.get_doc("Property Owner", payer)),
		company=frappe.db.get_value("Community", community, "company"),
		items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": amount}],
		posting_date=posting_date,
		due_days=15,
		property_unit=unit,
		fee_period=period,
	)


def pay(invoice, amount: float, on) -> None:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", invoice.name, party_amount=amount)
	payment.posting_date = payment.reference_date = getdate(on)
	payment.reference_no = f"WX-{invoice.name}"
	payment.insert().submit()


def units_with_payers(count: int, community: str | None = None) -> list[str]:
	building = make_building(community or make_community())
	units = [make_unit(building, f"{100 + n}") for n in range(1, count + 1)]
	for unit in units:
		make_owner(units=[unit])
	return units


def levels_of(invoice: str) -> list[int]:
	names = frappe.get_all(
		"Overdue Payment", {"sales_invoice": invoice, "parenttype": "Dunning"}, pluck="parent"
	)
	return sorted(frappe.get_all("Dunning", {"name": ["in", names or [""]]}, pluck="dunning_level"))


@pytest.fixture
def thresholds():
	"""The defaults: 30, 60 and 90 days; no late fee."""
	for field, days in dunning.DEFAULT_DAYS.items():
		frappe.db.set_single_value(SETTINGS, field, days)
	frappe.db.set_single_value(SETTINGS, "late_fee_enabled", 0)


def test_one_draft_per_level_and_invoice_by_the_thresholds_also_when_run_twice(thresholds):
	frappe.db.set_single_value("System Settings", "language", "zh")  # the letter in the site's language
	fresh, late, later, latest = units_with_payers(4)
	invoices = {
		unit: fee_invoice(unit, "2026-01", 200, due_days_ago=days).name
		for unit, days in ((fresh, 10), (late, 40), (later, 70), (latest, 100))
	}
	first = dunning.make_dunnings()
	assert dunning.make_dunnings() == []  # the job again: nothing new
	assert len(first) == 3
	assert [levels_of(invoices[unit]) for unit in (fresh, late, later, latest)] == [[], [1], [2], [3]]
	notice = frappe.get_doc("Dunning", {"property_unit": late})
	assert notice.docstatus == 0  # a draft: an accountant submits it
	assert notice.dunning_type.startswith("First Dunning Notice - ")
	assert notice.community == frappe.db.get_value("Property Unit", late, "community")
	assert notice.language == "zh" and "尊敬的" in notice.body_text and invoices[late] in notice.body_text
	assert notice.total_outstanding == 200 and notice.dunning_amount == 0

	# a month on: the first notice moves to the reminder, the reminder to the final notice
	dunning.make_dunnings(add_days(today(), 30))
	dunning.make_dunnings(add_days(today(), 30))
	assert [levels_of(invoices[unit]) for unit in (fresh, late, later, latest)] == [[1], [1, 2], [2, 3], [3]]


def test_the_offices_thresholds_decide(thresholds):
	(unit,) = units_with_payers(1)
	invoice = fee_invoice(unit, "2026-02", 100, due_days_ago=10).name
	assert dunning.make_dunnings() == []
	frappe.db.set_single_value(SETTINGS, "first_notice_days", 7)
	dunning.make_dunnings()
	assert levels_of(invoice) == [1]


def test_a_paid_invoice_and_a_service_invoice_get_no_notice(thresholds):
	paid_unit, service_unit = units_with_payers(2)
	paid = fee_invoice(paid_unit, "2026-03", 100, due_days_ago=40)
	pay(paid, 100, today())
	service = make_invoice(
		"DUNNING-TEST-" + frappe.generate_hash(length=8),
		customer=paid.customer,
		company=paid.company,
		items=[{"item_code": MANAGEMENT_FEE, "qty": 1, "rate": 50}],
		posting_date=add_days(today(), -60),
		due_days=15,
		property_unit=service_unit,
	)
	dunning.make_dunnings()
	assert levels_of(paid.name) == [] and levels_of(service.name) == []


def test_a_cancelled_notice_is_not_made_again(thresholds):
	(unit,) = units_with_payers(1)
	invoice = fee_invoice(unit, "2026-04", 100, due_days_ago=40).name
	(name,) = dunning.make_dunnings()
	notice = frappe.get_doc("Dunning", name)
	notice.submit()
	notice.cancel()
	assert dunning.make_dunnings() == []
	assert levels_of(invoice) == [1]


def test_no_late_fee_unless_the_office_turns_it_on(thresholds):
	first, second = units_with_payers(2)
	company = frappe.db.get_value(
		"Community", frappe.db.get_value("Property Unit", first, "community"), "company"
	)
	kind = frappe.get_doc("Dunning Type", dunning.ensure_dunning_type(company, "First Dunning Notice"))
	kind.update({"dunning_fee": 20, "rate_of_interest": 0})
	kind.save()
	fee_invoice(first, "2026-05", 100, due_days_ago=40)
	(off,) = dunning.make_dunnings()
	assert frappe.db.get_value("Dunning", off, ["dunning_fee", "dunning_amount", "grand_total"]) == (
		0,
		0,
		100,
	)
	frappe.db.set_single_value(SETTINGS, "late_fee_enabled", 1)
	fee_invoice(second, "2026-05", 100, due_days_ago=40)
	(on,) = dunning.make_dunnings()
	assert frappe.db.get_value("Dunning", on, ["dunning_fee", "dunning_amount", "grand_total"]) == (
		20,
		20,
		120,
	)


def test_late_fee_is_off_on_a_new_site():
	field = frappe.get_meta(SETTINGS).get_field("late_fee_enabled")
	assert field.default == "0"


def test_the_level_and_key_come_only_from_the_job(thresholds):
	(unit,) = units_with_payers(1)
	invoice = fee_invoice(unit, "2026-06", 100, due_days_ago=40)
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import create_dunning

	made = create_dunning(invoice.name)
	made.update({"dunning_level": 3, "dunning_key": f"{invoice.name}|1"})
	made.insert()
	assert not made.dunning_level and not made.dunning_key
	assert made.property_unit == unit
	dunning.make_dunnings()  # the office's own draft does not stand in for the job's first notice
	assert frappe.db.exists("Dunning", {"dunning_key": f"{invoice.name}|1"})


def test_an_accountant_submits_and_the_residents_are_told(thresholds):
	(unit,) = units_with_payers(1)
	owner = frappe.db.get_value("Property Unit", unit, "payer")
	resident = make_user(roles=("Property Resident",))
	frappe.db.set_value("Property Owner", owner, "user", resident)
	invoice = fee_invoice(unit, "2026-07", 100, due_days_ago=40).name
	(name,) = dunning.make_dunnings()
	assert not frappe.get_all("Notification Log", {"for_user": resident})  # a draft tells nobody
	accountant = make_user(roles=("Accounts Manager",))
	with as_user(accountant):
		frappe.get_doc("Dunning", name).submit()
	(log,) = frappe.get_all("Notification Log", {"for_user": resident}, ["document_name", "subject"])
	assert log.document_name == invoice and "2026-07" in log.subject


def test_the_units_collection_history_in_unit_arrears(thresholds):
	from property_service.fees.report.unit_arrears.unit_arrears import execute

	(unit,) = units_with_payers(1)
	invoice = fee_invoice(unit, "2026-08", 100, due_days_ago=40)
	(name,) = dunning.make_dunnings()
	frappe.get_doc("Dunning", name).submit()
	community = frappe.db.get_value("Property Unit", unit, "community")
	(row,) = execute({"company": invoice.company, "community": community})[1]
	assert (row["notices"], row["last_level"], getdate(row["last_notice"])) == (1, 1, getdate(today()))


def test_the_thresholds_must_rise():
	settings = frappe.get_single(SETTINGS)
	settings.update({"first_notice_days": 30, "reminder_days": 20, "final_notice_days": 90})
	with pytest.raises(dunning.CollectionDaysError):
		settings.save()


def test_the_residents_home_shows_the_notice_sent_beside_the_invoice_and_only_theirs(thresholds):
	unit, next_door = units_with_payers(2)
	users = []
	for home in (unit, next_door):
		owner = make_owner(units=[home], email=f"{unique('r')}@example.com")
		frappe.db.set_value("Property Owner Unit", {"parent": owner}, "move_in_date", "2020-01-01")
		users.append(invite_to_portal(owner, send_welcome_email=False))
	invoice = fee_invoice(unit, "2026-09", 100, due_days_ago=40).name
	(name,) = dunning.make_dunnings()

	def home_of(user: str) -> str:
		with as_user(user):
			set_request(method="GET", path="/resident")
			return get_response_content("/resident")

	before = home_of(users[0])
	assert invoice in before and "data-dunning" not in before  # a draft is not sent
	frappe.get_doc("Dunning", name).submit()
	mine = home_of(users[0])
	assert "data-dunning" in mine and "First Dunning Notice" in mine
	assert "data-dunning" not in home_of(users[1])


def test_an_invoice_whose_notice_fails_is_logged_and_the_others_are_made(thresholds):
	broken, fine = units_with_payers(2)
	bad = fee_invoice(broken, "2026-10", 100, due_days_ago=40)
	good = fee_invoice(fine, "2026-10", 100, due_days_ago=40).name
	frappe.db.delete("Customer", bad.customer)  # ERPNext cannot fill in the party of its Dunning
	made = dunning.make_dunnings()
	assert levels_of(good) == [1] and len(made) == 1
	assert levels_of(bad.name) == []
	assert frappe.get_all("Error Log", {"reference_name": bad.name})


def test_the_letters_render_in_frappes_jinja_with_the_amount_owed():
	doc = {
		"customer_name": "张三",
		"company": "物业公司",
		"total_outstanding": 200,
		"overdue_payments": [{"sales_invoice": "ACC-SINV-1", "due_date": "2026-01-01", "overdue_days": 40}],
	}
	for kind in dunning.DUNNING_TYPES:
		text = frappe.render_template(dunning.BODY[kind], doc)
		assert "尊敬的张三" in text and "200.00 元未缴" in text and "逾期 40 天" in text, kind
	assert "still has 200.00 outstanding" in frappe.render_template(dunning.ENGLISH_BODY, doc)
