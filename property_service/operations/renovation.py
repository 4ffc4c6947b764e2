"""Renovation applications (装修申请, seed 12.1.5 (7)) and their deposit in ERPNext.

A deposit is owed back, not revenue: the Item *装修押金* (non-stock, no taxes, its own Item Group)
has as income account, per company, a non-group Liability account (其他应付款-装修押金, made under
the company's payables group when missing, found by root type). Approval makes one submitted
Sales Invoice to the applicant's Customer (billing key `RENO|<application>`, unique like every
invoice the app makes), so the deposit sits in that liability. At the close, after the completion
inspection passes:
- a deduction for damage is a Journal Entry: Dr the deposit liability, Cr damage income
  (装修损坏赔偿收入, under the company's indirect income group);
- the rest comes back as ERPNext's sales return (a credit note) against the deposit invoice, and,
  when the deposit was paid, a Payment Entry made from the credit note pays it out.
The deposit liability of the application is then zero; revenue read by root type Income counts
only the deduction.
"""

import frappe
from frappe import _
from frappe.utils import flt, today
from frappe.utils.nestedset import get_root_of

from property_service.billing.invoices import make_invoice
from property_service.billing.masters import ensure_group, ensure_translation, is_erpnext_ready
from property_service.customer_service.states import APPROVED, COMPLETION_INSPECTION, IN_PROGRESS
from property_service.property.occupancy import refresh_units

DEPOSIT_ITEM = "装修押金"
ITEM_GROUP = "Renovation Deposits"
DEPOSIT_ACCOUNT = "其他应付款-装修押金"
DAMAGE_ACCOUNT = "装修损坏赔偿收入"
DEFAULT_DEPOSIT = 2000


class RenovationError(frappe.ValidationError):
	pass


def billing_key(application: str) -> str:
	return f"RENO|{application}"


def company_of(doc) -> str:
	return (
		frappe.db.get_value("Community", doc.community, "company")
		or frappe.get_all("Company", pluck="name", limit=1)[0]
	)


def ensure_account(company: str, name: str, root_type: str, sibling_of: str) -> str:
	"""A non-group account `name` of `company` beside the company's account `sibling_of` (same
	parent group, same root type), made when missing; returns its name."""
	existing = frappe.db.get_value(
		"Account", {"company": company, "account_name": name, "is_group": 0, "root_type": root_type}
	)
	if existing:
		return existing
	parent = frappe.db.get_value("Account", sibling_of, "parent_account")
	if not parent or frappe.db.get_value("Account", parent, "root_type") != root_type:
		parent = frappe.db.get_value(
			"Account", {"company": company, "is_group": 1, "root_type": root_type}, order_by="lft desc"
		)
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"company": company,
				"parent_account": parent,
				"is_group": 0,
				"root_type": root_type,
				"report_type": "Balance Sheet" if root_type == "Liability" else "Profit and Loss",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def deposit_account(company: str) -> str:
	return ensure_account(
		company,
		DEPOSIT_ACCOUNT,
		"Liability",
		frappe.db.get_value("Company", company, "default_payable_account"),
	)


def damage_account(company: str) -> str:
	income = frappe.db.get_value("Company", company, "default_income_account")
	return ensure_account(company, DAMAGE_ACCOUNT, "Income", income)


def ensure_deposit_item(company: str) -> str:
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
	account = deposit_account(company)
	row = next((d for d in item.item_defaults if d.company == company), None)
	if not row or row.income_account != account:
		if row:
			row.income_account = account
		else:
			item.append("item_defaults", {"company": company, "income_account": account})
		item.save(ignore_permissions=True)
	return DEPOSIT_ITEM


def bill_deposit(doc) -> str:
	"""The deposit invoice, once (the billing key refuses a second, also from another connection).
	Items, accounts and invoices are the app's own doing here, whoever approves."""
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
		items=[{"item_code": ensure_deposit_item(company), "qty": 1, "rate": flt(doc.deposit_amount)}],
		property_unit=doc.unit,
		# approving is the office's decision; the office need not hold the accountants' rights
		ignore_permissions=True,
	)
	return invoice.name


def settle_deposit(doc) -> dict:
	"""At the close: the deduction's journal entry, the credit note for the rest, the refund."""
	invoice = frappe.get_doc("Sales Invoice", doc.deposit_invoice)
	deduction = flt(doc.deduction)
	if deduction < 0 or deduction > invoice.grand_total:
		frappe.throw(_("The deduction is between 0 and the deposit."), RenovationError)
	company, liability = invoice.company, invoice.items[0].income_account
	made = {}
	if deduction:
		entry = frappe.get_doc(
			{
				"doctype": "Journal Entry",
				"company": company,
				"posting_date": today(),
				"user_remark": _("Deduction from the renovation deposit of {0}: {1}").format(
					doc.name, doc.deduction_reason or ""
				),
				"accounts": [
					{"account": liability, "debit_in_account_currency": deduction},
					{"account": damage_account(company), "credit_in_account_currency": deduction},
				],
			}
		)
		entry.insert(ignore_permissions=True)
		entry.submit()
		made["deduction_entry"] = entry.name
	refund = flt(invoice.grand_total - deduction, invoice.precision("grand_total"))
	if refund:
		paid = not flt(invoice.outstanding_amount)
		# ERPNext's sales return of the deposit invoice, made as its "Make Return" makes it, for
		# the amount given back (its mapper would check the approver's own right on invoices)
		note = frappe.copy_doc(invoice)
		note.update(
			{
				"is_return": 1,
				"return_against": invoice.name,
				"set_posting_time": 1,
				"posting_date": today(),
				"due_date": today(),
				"billing_key": None,
				"payment_schedule": [],
				# unpaid, the credit note takes the deposit off what the applicant owes; paid, it
				# is settled by the refund below
				"update_outstanding_for_self": int(paid),
			}
		)
		note.items[0].update({"qty": -1, "rate": refund, "sales_invoice_item": invoice.items[0].name})
		note.insert(ignore_permissions=True)
		note.reload()  # ERPNext writes to a new return once more after inserting it
		note.flags.ignore_permissions = True
		note.submit()
		made["refund_note"] = note.name
		if paid:
			from erpnext.accounts.doctype.payment_entry.payment_entry import get_payment_entry

			payment = get_payment_entry("Sales Invoice", note.name)
			payment.reference_no = doc.name
			payment.reference_date = today()
			payment.insert(ignore_permissions=True)
			payment.submit()
			made["refund_payment"] = payment.name
	return made


UNDER_WAY = (APPROVED, IN_PROGRESS, COMPLETION_INSPECTION)


def mark_unit(unit: str) -> None:
	"""The unit is Renovating while one of its applications is approved and not yet closed."""
	renovating = int(
		bool(frappe.db.exists("Renovation Application", {"unit": unit, "status": ["in", UNDER_WAY]}))
	)
	if frappe.db.get_value("Property Unit", unit, "renovating") != renovating:
		frappe.db.set_value("Property Unit", unit, "renovating", renovating)
	refresh_units([unit])
