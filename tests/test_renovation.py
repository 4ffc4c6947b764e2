"""Renovation applications (seed 12.1.5 (7)): the review workflow, the fire-system rule, the
deposit invoice drafted once at approval for the accountants, who submit it into a liability, the
unit Renovating until the completion inspection passes, then the deduction and the refund drafted
for the accountants, who submit them (nothing posts before) with the ledger balanced; a cancelled deposit invoice is billed again
before the close; residents apply for their own units and see only their own applications."""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from property_service.operations import renovation
from property_service.operations.renovation import RenovationError
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import resident
from tests.utils import as_user, purge_invoices, unique


@pytest.fixture
def flat():
	unit = make_unit(make_building(make_community()), "101")
	owner = make_owner(units=[unit])
	return frappe._dict(unit=unit, owner=owner)


def apply(unit: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Renovation Application",
			"unit": unit,
			"start_date": frappe.utils.today(),
			"end_date": frappe.utils.add_days(frappe.utils.today(), 30),
			"scope": "厨房卫生间翻新",
			"contractor": "安居装饰公司",
			"drawings": [{"drawing": "/private/files/plan-v1.pdf", "description": "平面图"}],
			**fields,
		}
	).insert()


def act(doc, *actions):
	for action in actions:
		apply_workflow(doc, action)
		doc.reload()
	return doc


def ledger(account: str, vouchers: list[str]) -> float:
	rows = frappe.get_all(
		"GL Entry",
		{"account": account, "voucher_no": ["in", vouchers], "is_cancelled": 0},
		["debit", "credit"],
	)
	return sum(row.debit - row.credit for row in rows)


def test_approval_needs_the_fire_document_and_drafts_the_deposit_once_for_the_accountants(flat):
	"""The supervisor's approval drafts the deposit invoice and assigns it to the Accounts Users;
	nothing posts until one of them submits it, into a liability."""
	from tests.utils import make_user

	accountant = make_user(roles=("Accounts User",))
	supervisor = make_user(roles=("Customer Service Supervisor",))
	doc = apply(flat.unit, fire_system_change=1)
	assert (doc.status, doc.applicant, doc.deposit_amount) == (
		"Submitted",
		flat.owner,
		renovation.DEFAULT_DEPOSIT,
	)
	with as_user(supervisor):
		with pytest.raises(RenovationError, match="fire"):
			act(doc, "Approve")
		doc.reload()
		assert doc.status == "Submitted" and not doc.deposit_invoice
		doc.fire_approval = "/private/files/fire-approval.pdf"
		doc.save()
		act(doc, "Approve")
	invoice = frappe.get_doc("Sales Invoice", doc.deposit_invoice)
	assert (invoice.docstatus, invoice.grand_total, invoice.billing_key) == (0, 2000, f"RENO|{doc.name}")
	assert gl_rows([invoice.name]) == 0  # a draft: nothing posted
	assert accountant in open_todos("Sales Invoice", invoice.name)
	assert supervisor not in open_todos("Sales Invoice", invoice.name)
	assert invoice.customer == frappe.db.get_value("Property Owner", flat.owner, "customer")
	account = invoice.items[0].income_account
	assert frappe.db.get_value("Account", account, ["root_type", "is_group"]) == ("Liability", 0)
	assert frappe.db.get_value("Property Unit", flat.unit, "status") == "Renovating"
	with pytest.raises(frappe.ValidationError):
		renovation.bill_deposit(doc)  # the key refuses a second invoice, the first a draft
	doc.deposit_invoice = None
	doc.save()
	assert doc.reload().deposit_invoice == invoice.name  # set by approval only

	def printed() -> str:
		return frappe.get_print(doc.doctype, doc.name, "Renovation Application Form", doc=doc)

	assert invoice.name not in printed()  # the form names no invoice the resident cannot see
	with as_user(accountant):
		frappe.get_doc("Sales Invoice", invoice.name).submit()
	assert ledger(account, [invoice.name]) == -2000  # owed back: a credit on the liability
	assert invoice.name in printed()


def submit_deposit(doc) -> str:
	"""What an Accounts User does with the deposit invoice drafted at approval."""
	from tests.utils import make_user

	with as_user(make_user(roles=("Accounts User",))):
		frappe.get_doc("Sales Invoice", doc.reload().deposit_invoice).submit()
	return doc.deposit_invoice


def pay_deposit(doc) -> str:
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", doc.deposit_invoice)
	payment.reference_no, payment.reference_date = "RCPT-1", frappe.utils.today()
	return payment.insert().submit().name


def to_inspection(doc):
	act(doc, "Start Works", "Request Completion Inspection")
	doc.inspection_notes = "验收合格，走廊墙面已由押金扣除修复"
	doc.save()
	return doc


def open_todos(doctype: str, name: str) -> set[str]:
	return set(
		frappe.get_all(
			"ToDo",
			{"reference_type": doctype, "reference_name": name, "status": "Open"},
			pluck="allocated_to",
		)
	)


def gl_rows(vouchers: list[str]) -> int:
	return frappe.db.count("GL Entry", {"voucher_no": ["in", vouchers], "is_cancelled": 0})


def test_the_close_drafts_the_settlement_for_the_accountants_and_posts_nothing(flat):
	"""The supervisor's Pass Inspection drafts; the accountants submit; the ledger then balances."""
	from tests.utils import make_user

	accountant = make_user(roles=("Accounts User",))
	supervisor = make_user(roles=("Customer Service Supervisor",))
	with as_user(supervisor):
		doc = act(apply(flat.unit), "Approve")
	submit_deposit(doc)
	pay_deposit(doc)
	with as_user(supervisor):
		to_inspection(doc)
		doc.update({"deduction": 300, "deduction_reason": "损坏公共走廊墙面"})
		doc.save()
		act(doc, "Pass Inspection")
	assert doc.status == "Closed"
	assert frappe.db.get_value("Property Unit", flat.unit, "status") == "Occupied"
	note = frappe.get_doc("Sales Invoice", doc.refund_note)
	entry = frappe.get_doc("Journal Entry", doc.deduction_entry)
	assert (note.docstatus, entry.docstatus, doc.refund_payment) == (0, 0, None)  # drafts only
	assert (note.is_return, note.return_against, note.grand_total) == (1, doc.deposit_invoice, -1700)
	assert entry.total_debit == 300
	assert gl_rows([note.name, entry.name]) == 0  # nothing posted
	liability = frappe.get_doc("Sales Invoice", doc.deposit_invoice).items[0].income_account
	assert ledger(liability, [doc.deposit_invoice]) == -2000  # still owed back
	assert accountant in open_todos("Journal Entry", entry.name)
	assert accountant in open_todos("Sales Invoice", note.name)
	assert supervisor not in open_todos("Sales Invoice", note.name)

	with as_user(accountant):
		frappe.get_doc("Journal Entry", entry.name).submit()
		frappe.get_doc("Sales Invoice", note.name).submit()
		payment = frappe.get_doc("Payment Entry", doc.reload().refund_payment)
		assert payment.docstatus == 0 and accountant in open_todos("Payment Entry", payment.name)
		payment.submit()
	assert (payment.payment_type, payment.paid_amount) == ("Pay", 1700)
	assert ledger(liability, [doc.deposit_invoice, note.name, entry.name]) == 0  # nothing owed any more
	damage = renovation.damage_account(note.company)
	assert frappe.db.get_value("Account", damage, "root_type") == "Income"
	assert ledger(damage, [entry.name]) == -300  # the deduction is income
	assert frappe.db.get_value("Sales Invoice", note.name, "outstanding_amount") == 0  # refund paid
	assert frappe.db.get_value("Sales Invoice", doc.deposit_invoice, "outstanding_amount") == 0


def test_an_unpaid_deposit_is_cancelled_by_its_credit_note_without_a_refund(flat):
	"""Worked by the office (a supervisor without the accountants' rights) from start to close."""
	from tests.utils import make_user

	accountant = make_user(roles=("Accounts User",))
	supervisor = make_user(roles=("Customer Service Supervisor",))
	with as_user(supervisor):
		doc = act(apply(flat.unit), "Approve")
	with as_user(accountant):
		frappe.get_doc("Sales Invoice", doc.deposit_invoice).submit()
	with as_user(supervisor):
		act(to_inspection(doc.reload()), "Pass Inspection")
	assert doc.refund_note and not doc.refund_payment and not doc.deduction_entry
	assert frappe.db.get_value("Sales Invoice", doc.refund_note, "docstatus") == 0
	with as_user(accountant):
		frappe.get_doc("Sales Invoice", doc.refund_note).submit()
	assert not doc.reload().refund_payment  # nothing was paid, nothing is paid back
	assert frappe.db.get_value("Sales Invoice", doc.deposit_invoice, "outstanding_amount") == 0


def test_a_cancelled_deposit_invoice_is_billed_again_before_the_close(flat):
	from tests.utils import make_user

	accountant = make_user(roles=("Accounts User",))
	supervisor = make_user(roles=("Customer Service Supervisor",))
	doc = act(apply(flat.unit), "Approve")
	cancelled = submit_deposit(doc)
	to_inspection(doc)
	frappe.get_doc("Sales Invoice", cancelled).cancel()
	assert not doc.reload().deposit_invoice  # no deposit is held
	assert frappe.db.exists("Comment", {"reference_name": doc.name, "content": ["like", f"%{cancelled}%"]})
	with as_user(supervisor), pytest.raises(RenovationError, match="no invoice"):
		act(doc, "Pass Inspection")
	assert frappe.db.get_value("Renovation Application", doc.name, "status") == "Completion Inspection"
	assert frappe.db.count("Sales Invoice", {"return_against": cancelled}) == 0
	assert frappe.db.count("Journal Entry", {"user_remark": ["like", f"%{doc.name}%"]}) == 0

	with as_user(make_user(roles=("Customer Service Agent",))), pytest.raises(frappe.PermissionError):
		frappe.get_doc("Renovation Application", doc.name).bill_deposit()
	with as_user(supervisor):
		doc.reload()
		doc.run_method("onload")  # what the form loads
		assert doc.get_onload().can_bill_deposit
		again = doc.bill_deposit()
		assert again != cancelled and frappe.db.get_value("Sales Invoice", again, "docstatus") == 0
		with pytest.raises(RenovationError, match="billed again"):
			doc.reload().bill_deposit()
		with pytest.raises(RenovationError, match="not submitted"):
			act(doc, "Pass Inspection")  # billed again as a draft, for the accountants
	assert accountant in open_todos("Sales Invoice", again) and gl_rows([again]) == 0
	with as_user(accountant):
		frappe.get_doc("Sales Invoice", again).submit()
	with as_user(supervisor):
		act(doc.reload(), "Pass Inspection")
	assert frappe.db.get_value("Sales Invoice", doc.refund_note, "return_against") == again


def test_a_draft_or_cancelled_deposit_invoice_is_not_settled(flat):
	doc = to_inspection(act(apply(flat.unit), "Approve"))
	invoice = doc.deposit_invoice
	assert frappe.db.get_value("Sales Invoice", invoice, "docstatus") == 0  # no accountant yet
	with pytest.raises(RenovationError, match="an accountant submits it"):
		act(doc, "Pass Inspection")
	assert frappe.db.get_value("Renovation Application", doc.name, "status") == "Completion Inspection"
	assert frappe.db.count("Sales Invoice", {"return_against": invoice}) == 0
	frappe.db.set_value("Sales Invoice", invoice, "docstatus", 2)  # cancelled before the hook existed
	with pytest.raises(RenovationError, match="not submitted"):
		act(doc.reload(), "Pass Inspection")
	assert frappe.db.count("Sales Invoice", {"return_against": invoice}) == 0


def test_accounts_are_made_at_install_and_a_missing_one_is_a_clear_error(flat):
	doc = act(apply(flat.unit), "Approve")
	submit_deposit(doc)
	to_inspection(doc)
	company = frappe.db.get_value("Sales Invoice", doc.deposit_invoice, "company")
	damage = renovation.damage_account(company)
	frappe.db.delete("Account", {"name": damage})  # a site migrated before the account existed
	doc.update({"deduction": 100, "deduction_reason": "损坏"})
	doc.save()
	with pytest.raises(renovation.MissingAccountError, match="bench migrate"):
		act(doc, "Pass Inspection")
	assert frappe.db.get_value("Renovation Application", doc.name, "status") == "Completion Inspection"
	assert frappe.db.count("Journal Entry", {"user_remark": ["like", f"%{doc.name}%"]}) == 0
	renovation.ensure_deposit_setup()  # what migrate runs
	renovation.ensure_deposit_setup()  # safe twice
	assert frappe.db.count("Account", {"company": company, "account_name": renovation.DAMAGE_ACCOUNT}) == 1
	act(doc.reload(), "Pass Inspection")
	assert doc.deduction_entry


def test_a_company_added_later_gets_the_deposit_item_at_the_next_migrate():
	"""A second company (or ERPNext's test companies) gets its row on the deposit Item when the
	site migrates; the row does not take the site's default warehouse, which belongs to the first
	company and made the migrate fail (ERPNext refuses another company's warehouse)."""
	if not frappe.db.get_default("default_warehouse"):
		# ERPNext 15's set-up wizard sets it to the first company's; ERPNext 16's leaves it empty
		first = frappe.get_all(
			"Warehouse", {"company": frappe.db.get_default("company"), "is_group": 0}, pluck="name", limit=1
		)
		frappe.db.set_default("default_warehouse", first[0])
		frappe.db.after_rollback.add(lambda: frappe.defaults.clear_default("default_warehouse"))
	assert frappe.db.get_default("default_warehouse")
	company = frappe.get_doc(
		{
			"doctype": "Company",
			"company_name": unique("第二物业公司"),
			"abbr": unique("SC")[-8:],
			"default_currency": "CNY",
			"country": "China",
			"chart_of_accounts": "Standard",
		}
	).insert()
	renovation.ensure_deposit_setup()  # what migrate runs
	assert renovation.deposit_item(company.name) == renovation.DEPOSIT_ITEM
	row = frappe.db.get_value(
		"Item Default",
		{"parent": renovation.DEPOSIT_ITEM, "company": company.name},
		["income_account", "default_warehouse"],
		as_dict=True,
	)
	assert row.income_account == renovation.deposit_account(company.name) and not row.default_warehouse


def test_a_failed_inspection_sends_the_works_back_and_rejection_bills_nothing(flat):
	doc = act(apply(flat.unit), "Approve", "Start Works", "Request Completion Inspection", "Fail Inspection")
	assert (
		doc.status == "In Progress"
		and frappe.db.get_value("Property Unit", flat.unit, "status") == "Renovating"
	)
	other = act(apply(flat.unit), "Reject")
	assert other.status == "Rejected" and not other.deposit_invoice


def test_drawings_are_archived(flat):
	doc = apply(flat.unit)
	first = doc.drawings[0]
	assert str(first.submitted_on) == frappe.utils.today()
	doc.append("drawings", {"drawing": "/private/files/plan-v2.pdf", "description": "修改后的平面图"})
	doc.save()
	doc.drawings[0].drawing = "/private/files/replaced.pdf"
	with pytest.raises(RenovationError, match="archived"):
		doc.save()
	doc.reload()
	doc.drawings.pop(0)
	with pytest.raises(RenovationError, match="archived"):
		doc.save()


def test_residents_apply_for_their_own_unit_and_see_only_their_own(flat):
	from property_service.core.requesters import ResidentFieldError

	owner, user = resident(flat.unit, "reno")
	_neighbour_owner, neighbour = resident(
		make_unit(frappe.db.get_value("Property Unit", flat.unit, "building"), "102"), "nb"
	)
	with as_user(user):
		with pytest.raises(ResidentFieldError):
			apply(flat.unit, deposit_amount=1)
		mine = apply(flat.unit)
		assert mine.applicant == owner and mine.deposit_amount == renovation.DEFAULT_DEPOSIT
		assert frappe.get_list("Renovation Application", pluck="name") == [mine.name]
	with as_user(neighbour):
		with pytest.raises(frappe.PermissionError):
			apply(flat.unit)
		assert frappe.get_list("Renovation Application", pluck="name") == []


def test_two_approvals_at_once_bill_the_deposit_once():
	import threading

	from tests.utils import committed_user, on_own_connection

	unit = make_unit(make_building(make_community()), "101")
	owner = make_owner(units=[unit])
	doc = apply(unit)
	frappe.db.commit()  # nosemgrep: the two supervisors work on their own connections
	loaded = threading.Barrier(2)
	outcomes = []

	def approve():
		mine = frappe.get_doc("Renovation Application", doc.name)
		loaded.wait(timeout=30)
		try:
			apply_workflow(mine, "Approve")
			frappe.db.commit()  # nosemgrep: a request's own commit
			outcomes.append("approved")
		except (frappe.TimestampMismatchError, frappe.ValidationError, frappe.QueryDeadlockError) as error:
			outcomes.append(type(error).__name__)

	try:
		with (
			committed_user(("Customer Service Supervisor",)) as first,
			committed_user(("Property Manager",)) as second,
		):
			threads = [
				threading.Thread(target=on_own_connection, args=(user, approve)) for user in (first, second)
			]
			for thread in threads:
				thread.start()
			for thread in threads:
				thread.join(timeout=90)
		frappe.db.rollback()
		assert outcomes.count("approved") == 1, outcomes
		assert frappe.db.count("Sales Invoice", {"billing_key": f"RENO|{doc.name}"}) == 1
	finally:
		frappe.db.rollback()
		for invoice in frappe.get_all("Sales Invoice", {"property_unit": unit}, pluck="name"):
			frappe.db.delete("ToDo", {"reference_type": "Sales Invoice", "reference_name": invoice})
		purge_committed(doc.name, owner, unit)


def test_accountants_submit_the_deposit_and_the_settlement_over_rest_and_a_supervisor_cannot(rest):
	"""Over the REST API: the supervisor's approval leaves the deposit invoice a draft and the
	close leaves the settlement drafts; the supervisor cannot submit them (403); the Accounts User
	submits each (200); the ledger then holds the receivable, and at the end balances."""
	import json

	from tests.utils import committed_user, stored

	unit = make_unit(make_building(make_community()), "101")
	owner = make_owner(units=[unit])
	doc = apply(unit)
	vouchers = []

	def submit(doctype: str, name: str):
		return rest.put(f"/api/resource/{doctype}/{name}", data=json.dumps({"docstatus": 1}))

	try:
		with (
			committed_user(("Customer Service Supervisor",)) as supervisor,
			committed_user(("Accounts User",)) as accountant,
		):
			with as_user(supervisor):
				act(doc, "Approve")
			deposit = doc.deposit_invoice
			vouchers.append(deposit)
			assert accountant in open_todos("Sales Invoice", deposit)
			frappe.db.commit()  # nosemgrep: the web server is another process
			rest.login(supervisor)
			assert submit("Sales Invoice", deposit).status_code == 403
			assert stored("Sales Invoice", deposit)["docstatus"] == 0 and gl_rows([deposit]) == 0
			rest.login(accountant)
			assert submit("Sales Invoice", deposit).status_code == 200
			assert stored("Sales Invoice", deposit)["docstatus"] == 1
			invoice = frappe.get_doc("Sales Invoice", deposit)
			assert ledger(invoice.debit_to, [deposit]) == 2000  # the applicant owes the deposit
			assert ledger(invoice.items[0].income_account, [deposit]) == -2000  # held as a liability
			vouchers.append(pay_deposit(doc))
			frappe.db.commit()  # nosemgrep: the web server is another process
			with as_user(supervisor):
				to_inspection(doc)
				doc.update({"deduction": 300, "deduction_reason": "损坏公共走廊墙面"})
				doc.save()
				act(doc, "Pass Inspection")
			frappe.db.commit()  # nosemgrep: the web server is another process
			drafts = {"Journal Entry": doc.deduction_entry, "Sales Invoice": doc.refund_note}
			vouchers += drafts.values()
			assert gl_rows(list(drafts.values())) == 0
			rest.login(supervisor)
			for doctype, name in drafts.items():
				assert submit(doctype, name).status_code == 403
				assert stored(doctype, name)["docstatus"] == 0
			rest.login(accountant)
			for doctype, name in drafts.items():
				assert submit(doctype, name).status_code == 200, name
			refund = stored("Renovation Application", doc.name)["refund_payment"]
			vouchers.append(refund)
			assert stored("Payment Entry", refund)["docstatus"] == 0  # drafted for the accountants
			rest.login(supervisor)
			assert submit("Payment Entry", refund).status_code == 403
			rest.login(accountant)
			assert submit("Payment Entry", refund).status_code == 200

			frappe.db.rollback()  # read what the server committed
			liability = frappe.get_doc("Sales Invoice", doc.deposit_invoice).items[0].income_account
			assert ledger(liability, vouchers) == 0  # the deposit liability is cleared
			company = frappe.db.get_value("Sales Invoice", doc.deposit_invoice, "company")
			assert ledger(renovation.damage_account(company), vouchers) == -300  # to income
			payment = frappe.get_doc("Payment Entry", refund)
			assert (payment.docstatus, payment.payment_type, payment.paid_amount) == (1, "Pay", 1700)
			assert ledger(payment.paid_from, [refund]) == -1700  # paid out
			assert frappe.db.get_value("Sales Invoice", doc.refund_note, "outstanding_amount") == 0
			frappe.db.delete("ToDo", {"reference_name": ["in", vouchers]})
	finally:
		frappe.db.rollback()
		purge_settlement(vouchers)
		purge_committed(doc.name, owner, unit)


def purge_committed(application: str, owner: str, unit: str) -> None:
	"""Deletes a committed application with its invoices, person, customer, unit, building and
	community, then commits."""
	purge_invoices({"property_unit": unit})
	frappe.delete_doc("Renovation Application", application, force=True, ignore_permissions=True)
	customer = frappe.db.get_value("Property Owner", owner, "customer")
	frappe.delete_doc("Property Owner", owner, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
	building = frappe.db.get_value("Property Unit", unit, "building")
	community = frappe.db.get_value("Building", building, "community")
	for doctype, name in (("Property Unit", unit), ("Building", building), ("Community", community)):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def purge_settlement(vouchers: list[str]) -> None:
	"""Deletes the committed journal and payment entries among `vouchers` with their ledger rows
	and assignments (no commit); invoices go with purge_invoices."""
	vouchers = [name for name in vouchers if name]
	for table in ("GL Entry", "Payment Ledger Entry"):
		frappe.db.delete(table, {"voucher_no": ["in", vouchers]})
	frappe.db.delete("ToDo", {"reference_name": ["in", vouchers]})
	for doctype, children in (
		("Journal Entry", ("Journal Entry Account",)),
		("Payment Entry", ("Payment Entry Reference", "Payment Entry Deduction")),
	):
		for child in children:
			frappe.db.delete(child, {"parent": ["in", vouchers], "parenttype": doctype})
		frappe.db.delete(doctype, {"name": ["in", vouchers]})
