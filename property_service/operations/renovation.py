"""Renovation applications (装修申请, seed 12.1.5 (7)) and their deposit in ERPNext.

A deposit is owed back, not revenue: the Item *装修押金* (non-stock, no taxes, its own Item Group)
has as income account, per company, a non-group Liability account (其他应付款-装修押金, under the
company's payables group). These accounts, the damage income account and the Item are made at
install and migrate (`ensure_deposit_setup`), never inside a user's action: a missing one is a
clear error. Approval DRAFTS one Sales Invoice to the applicant's Customer (billing key
`RENO|<application>`, unique like every invoice the app makes, a draft holding it too) and
assigns it to the Accounts Users; once an accountant submits it, the deposit sits in that
liability (and the resident sees the invoice).

Money moves only through the accountants. After the completion inspection passes, the close
DRAFTS the settlement and assigns each draft to the Accounts Users (ERPNext's own review); an
accountant submits it:
- a deduction for damage is a Journal Entry: Dr the deposit liability, Cr damage income
  (装修损坏赔偿收入, under the company's indirect income group);
- the rest comes back as ERPNext's sales return (a credit note) against the deposit invoice;
- when the deposit was paid, submitting the credit note drafts the Payment Entry that pays it
  out (ERPNext pays only a submitted invoice, so it cannot be drafted before).
Once all are submitted the deposit liability of the application is zero; revenue read by root
type Income counts only the deduction.

A cancelled deposit invoice holds no deposit: its application under way loses the link (the
timeline says which invoice it was) and the office bills the deposit again (*Bill Deposit*) or
sets it to 0 (a new draft for the accountants); the close refuses, changing nothing, while a
deposit is due without a submitted invoice (none, or still a draft).
"""

import frappe
from frappe import _
from frappe.utils import flt, today
from frappe.utils.nestedset import get_root_of

from property_service.billing.invoices import make_invoice
from property_service.billing.masters import (
	ensure_account,
	ensure_group,
	ensure_translation,
	is_erpnext_ready,
)
from property_service.core.assignments import assign
from property_service.core.routing import community_staff
from property_service.property.occupancy import refresh_units
from property_service.vocabulary import (
	ACCOUNTS_MANAGER,
	ACCOUNTS_USER,
	APPROVED,
	COMPLETION_INSPECTION,
	IN_PROGRESS,
)

DEPOSIT_ITEM = "装修押金"
ITEM_GROUP = "Renovation Deposits"
DEPOSIT_ACCOUNT = "其他应付款-装修押金"
DAMAGE_ACCOUNT = "装修损坏赔偿收入"
DEFAULT_DEPOSIT = 2000
UNDER_WAY = (APPROVED, IN_PROGRESS, COMPLETION_INSPECTION)


class RenovationError(frappe.ValidationError):
	pass


class MissingAccountError(RenovationError):
	pass


def billing_key(application: str) -> str:
	return f"RENO|{application}"


def company_of(doc) -> str:
	return (
		frappe.db.get_value("Community", doc.community, "company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


def ensure_deposit_setup() -> None:
	"""At install, migrate and the end of ERPNext's setup: per company, the deposit liability,
	the damage income account and the deposit Item, each made only when missing."""
	if not is_erpnext_ready():
		return
	for company in frappe.get_all("Company", pluck="name"):
		payable, income = frappe.db.get_value(
			"Company", company, ["default_payable_account", "default_income_account"]
		)
		if ensure_account(company, DEPOSIT_ACCOUNT, "Liability", payable):
			ensure_deposit_item(company)
		ensure_account(company, DAMAGE_ACCOUNT, "Income", income)


def ensure_deposit_item(company: str) -> None:
	"""The deposit Item, with the company's deposit liability as its income account."""
	ensure_group(ITEM_GROUP, get_root_of("Item Group"), is_group=0)
	if not frappe.db.exists("Item", DEPOSIT_ITEM):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": DEPOSIT_ITEM,
				"item_name": DEPOSIT_ITEM,
				"item_group": ITEM_GROUP,
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"include_item_in_manufacturing": 0,
				"is_sales_item": 1,
				"is_purchase_item": 0,
			}
		).insert(ignore_permissions=True)
		ensure_translation(DEPOSIT_ITEM, "Renovation deposit")
	item = frappe.get_doc("Item", DEPOSIT_ITEM)
	row = next((row for row in item.item_defaults if row.company == company), None)
	if row and row.income_account:
		return  # the office's choice, kept
	if row:
		row.income_account = deposit_account(company)
	else:
		# "" and not None: Frappe fills a new row's missing fields with the site's defaults, whose
		# warehouse is the first company's, which ERPNext refuses for another company (the
		# deposit is not a stock item: it needs no warehouse)
		item.append(
			"item_defaults",
			{"company": company, "income_account": deposit_account(company), "default_warehouse": ""},
		)
	item.save(ignore_permissions=True)


def find_account(company: str, name: str, root_type: str) -> str:
	"""The company's account `name` made at install; a clear error when it is missing."""
	account = frappe.db.get_value(
		"Account", {"company": company, "account_name": name, "is_group": 0, "root_type": root_type}
	)
	if not account:
		frappe.throw(
			_(
				"The account {0} of {1} is missing. Ask the administrator to update the site (bench migrate), which makes it."
			).format(name, company),
			MissingAccountError,
		)
	return account


def deposit_account(company: str) -> str:
	return find_account(company, DEPOSIT_ACCOUNT, "Liability")


def damage_account(company: str) -> str:
	return find_account(company, DAMAGE_ACCOUNT, "Income")


def deposit_item(company: str) -> str:
	"""The deposit Item, billed into the company's deposit liability (both made at install)."""
	account = frappe.db.get_value(
		"Item Default", {"parenttype": "Item", "parent": DEPOSIT_ITEM, "company": company}, "income_account"
	)
	if not account:
		frappe.throw(
			_(
				"The Item {0} has no income account for {1}. Ask the administrator to update the site (bench migrate), which sets it."
			).format(DEPOSIT_ITEM, company),
			MissingAccountError,
		)
	return DEPOSIT_ITEM


def bill_deposit(doc) -> str:
	"""The deposit invoice, once (the billing key refuses a second, also from another connection,
	draft or not): a draft assigned to the accountants, who submit it; nothing posts here. The
	draft is the app's own doing, whoever approves."""
	if not is_erpnext_ready():
		frappe.throw(_("Complete ERPNext's setup before billing deposits."), RenovationError)
	customer = frappe.db.get_value("Property Owner", doc.applicant, "customer")
	if not customer:
		frappe.throw(_("The applicant has no ERPNext customer to bill."), RenovationError)
	company = company_of(doc)
	invoice = make_invoice(
		billing_key(doc.name),
		customer=customer,
		company=company,
		items=[{"item_code": deposit_item(company), "qty": 1, "rate": flt(doc.deposit_amount)}],
		property_unit=doc.unit,
		# approving is the office's decision; the office need not hold the accountants' rights
		ignore_permissions=True,
		submit=False,
	)
	assign_to_accountants("Sales Invoice", invoice.name, doc)
	return invoice.name


def check_rebilling(doc) -> None:
	"""Billing the deposit again is for an application under way whose invoice was cancelled."""
	if doc.status not in UNDER_WAY or doc.deposit_invoice or not flt(doc.deposit_amount):
		frappe.throw(
			_("Only the deposit of an application under way whose invoice was cancelled is billed again."),
			RenovationError,
		)


def deposit_invoice_cancelled(invoice, method=None) -> None:
	"""Sales Invoice on_cancel: a cancelled deposit invoice holds no deposit any more. An
	application under way loses the link, so the office bills the deposit again or sets it to 0
	before the close (which refuses until then); the timeline keeps which invoice it was."""
	for application in frappe.get_all(
		"Renovation Application", {"deposit_invoice": invoice.name}, ["name", "status"]
	):
		if application.status in UNDER_WAY:
			frappe.db.set_value(
				"Renovation Application", application.name, "deposit_invoice", None, update_modified=False
			)
		frappe.get_doc("Renovation Application", application.name).add_comment(
			"Info",
			_(
				"The deposit invoice {0} was cancelled: bill the deposit again, or set it to 0, before the completion inspection passes."
			).format(invoice.name),
		)


def deposit_invoice(doc):
	"""The submitted deposit invoice of the application; a clear error when the deposit is due
	without one (its invoice cancelled, or still a draft)."""
	if not doc.deposit_invoice:
		frappe.throw(
			_(
				"The deposit of {0} has no invoice (it was cancelled): bill the deposit again, or set it to 0, before the completion inspection passes."
			).format(doc.name),
			RenovationError,
		)
	invoice = frappe.get_doc("Sales Invoice", doc.deposit_invoice)
	if invoice.docstatus != 1:
		frappe.throw(
			_(
				"The deposit invoice {0} of {1} is not submitted: an accountant submits it before the deposit can be settled."
			).format(invoice.name, doc.name),
			RenovationError,
		)
	return invoice


def checked_deduction(doc, invoice) -> float:
	deduction = flt(doc.deduction)
	if deduction < 0 or deduction > invoice.grand_total:
		frappe.throw(_("The deduction is between 0 and the deposit."), RenovationError)
	return deduction


def check_settlement(doc) -> None:
	"""Before the close is saved: the deposit can be settled, or a clear error and nothing
	changes."""
	if not (doc.deposit_invoice or flt(doc.deposit_amount)):
		return
	invoice = deposit_invoice(doc)
	if checked_deduction(doc, invoice):
		damage_account(invoice.company)


# which settlement field links which ERPNext document
SETTLEMENT_DOCTYPES = {
	"deduction_entry": "Journal Entry",
	"refund_note": "Sales Invoice",
	"refund_payment": "Payment Entry",
}


def settle_deposit(doc) -> dict:
	"""At the close: the drafts settling the deposit, each assigned to the accountants. Nothing
	posts to the ledger here; the refund's Payment Entry follows the credit note's submission
	(`draft_refund_payment`)."""
	invoice = deposit_invoice(doc)
	deduction = checked_deduction(doc, invoice)
	made = {}
	if deduction:
		made["deduction_entry"] = draft_deduction_entry(doc, invoice, deduction)
	refund = flt(invoice.grand_total - deduction, invoice.precision("grand_total"))
	if refund:
		made["refund_note"] = draft_refund_note(invoice, refund)
	for field, name in made.items():
		assign_to_accountants(SETTLEMENT_DOCTYPES[field], name, doc)
	return made


def draft_deduction_entry(doc, invoice, deduction: float) -> str:
	"""The deduction for damage: Dr the deposit liability, Cr damage income; a draft."""
	entry = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": invoice.company,
			"posting_date": today(),
			"user_remark": _("Deduction from the renovation deposit of {0}: {1}").format(
				doc.name, doc.deduction_reason or ""
			),
			"accounts": [
				{"account": invoice.items[0].income_account, "debit_in_account_currency": deduction},
				{"account": damage_account(invoice.company), "credit_in_account_currency": deduction},
			],
		}
	)
	# a draft for the accountants; whoever closes the application need not hold their rights
	entry.insert(ignore_permissions=True)
	return entry.name


def draft_refund_note(invoice, refund: float) -> str:
	"""ERPNext's sales return of the deposit invoice for the amount given back, made as its "Make
	Return" makes it (its mapper would check the closer's own right on invoices); a draft."""
	paid = not flt(invoice.outstanding_amount)
	note = frappe.copy_doc(invoice)
	note.update(
		{
			"docstatus": 0,  # a copy of the submitted invoice would be inserted submitted
			"is_return": 1,
			"return_against": invoice.name,
			"set_posting_time": 1,
			"posting_date": today(),
			"due_date": today(),
			"billing_key": None,
			"payment_schedule": [],
			# unpaid, the credit note takes the deposit off what the applicant owes; paid, it is
			# settled by the refund drafted when it is submitted
			"update_outstanding_for_self": int(paid),
		}
	)
	note.items[0].update({"qty": -1, "rate": refund, "sales_invoice_item": invoice.items[0].name})
	note.insert(ignore_permissions=True)
	return note.name


def draft_refund_payment(note, method=None) -> None:
	"""Sales Invoice on_submit: the submitted credit note of a paid deposit gets its refund, a
	draft Payment Entry made from it, assigned to the accountants."""
	if not (note.is_return and note.update_outstanding_for_self):
		return
	application = frappe.db.get_value(
		"Renovation Application", {"refund_note": note.name}, ["name", "refund_payment"], as_dict=True
	)
	if not application or application.refund_payment:
		return
	from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

	payment = get_payment_entry("Sales Invoice", note.name)
	payment.reference_no = application.name
	payment.reference_date = today()
	payment.insert(ignore_permissions=True)
	frappe.db.set_value(
		"Renovation Application", application.name, "refund_payment", payment.name, update_modified=False
	)
	assign_to_accountants(
		"Payment Entry", payment.name, frappe.get_doc("Renovation Application", application.name)
	)


def accountants(community: str | None) -> list[str]:
	"""Who reviews the settlement: the Accounts Users working in the community (the Accounts
	Managers when there is none)."""
	return community_staff(ACCOUNTS_USER, community) or community_staff(ACCOUNTS_MANAGER, community)


def assign_to_accountants(doctype: str, name: str, application) -> list[str]:
	return assign(
		frappe.get_doc(doctype, name),
		accountants(application.community),
		_("Review and submit: the renovation deposit of {0}").format(application.name),
	)


def mark_unit(unit: str) -> None:
	"""The unit is Renovating while one of its applications is approved and not yet closed."""
	renovating = int(
		bool(frappe.db.exists("Renovation Application", {"unit": unit, "status": ["in", UNDER_WAY]}))
	)
	if frappe.db.get_value("Property Unit", unit, "renovating") != renovating:
		frappe.db.set_value("Property Unit", unit, "renovating", renovating)
	refresh_units([unit])
