"""The cashier's counter (收银): payment at the desk for a unit's unpaid invoices, and 预存.

One ERPNext Payment Entry per payment, to the Customer billed, allocated to the unit's unpaid
invoices oldest first; what is paid beyond them stays on the entry unallocated only when the
cashier says so (预存, an advance on the Customer that ERPNext allocates to the next fee
invoices: fee_run.py asks for it). Each entry gets a receipt number of its own series
(RECEIPT_SERIES) and prints as the 收据 (print format "Counter Receipt").

Money moves only when an accountant submits it: an accountant's (an Accounts User's)
entry is submitted at once; an agent's stays a draft, assigned to the community's accountants,
who submit it after checking it against the agent's 交班 (Counter Closing). Either way the
receipt is printed at the counter: it numbers what the cashier took.
"""

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import flt, today

from property_service.billing.payments import MODES, prepaid_balances
from property_service.core.assignments import assign
from property_service.core.routing import community_staff
from property_service.property.customers import ensure_customer
from property_service.vocabulary import ACCOUNTS_MANAGER, ACCOUNTS_USER, AGENTS

RECEIPT_SERIES = "SJ-.YYYY.-.#####"
# Accounts Managers read no units: an office's accountant at the counter is an Accounts User
CASHIERS = (*AGENTS, ACCOUNTS_USER)
AGENT_RIGHTS = {
	"Payment Entry": {"read": 1, "print": 1, "if_owner": 1},
	"Account": {"select": 1},
}
RECEIPT_FORMAT = "Counter Receipt"


class CounterError(frappe.ValidationError):
	pass


def is_accountant(user: str | None = None) -> bool:
	return bool({ACCOUNTS_USER, ACCOUNTS_MANAGER} & set(frappe.get_roles(user)))


def check_cashier(unit: str) -> None:
	"""The counter is for agents and accountants, on units they may see (a community's staff:
	their community's units only)."""
	if not set(CASHIERS) & set(frappe.get_roles()):
		frappe.throw(
			_("Only agents and accountants (Accounts User) take payment at the counter."),
			frappe.PermissionError,
		)
	if not frappe.db.exists("Property Unit", unit):
		frappe.throw(_("Property Unit {0} not found.").format(unit), CounterError)
	frappe.has_permission("Property Unit", "read", unit, throw=True)


def unpaid_invoices(unit: str, lock: bool = False) -> list[dict]:
	"""The unit's submitted invoices with something outstanding, oldest due first. `lock`: their
	rows locked until the transaction ends, read as last committed — a second cashier paying
	the same invoices waits, then sees them paid."""
	invoice = frappe.qb.DocType("Sales Invoice")
	query = (
		frappe.qb.from_(invoice)
		.select(
			invoice.name,
			invoice.customer,
			invoice.company,
			invoice.posting_date,
			invoice.due_date,
			invoice.fee_period,
			invoice.grand_total,
			invoice.outstanding_amount,
		)
		.where(
			(invoice.property_unit == unit)
			& (invoice.docstatus == 1)
			& (invoice.outstanding_amount > 0)
			& (invoice.is_return == 0)
		)
		.orderby(invoice.due_date)
		.orderby(invoice.posting_date)
		.orderby(invoice.name)
	)
	return (query.for_update() if lock else query).run(as_dict=True)


def counter_invoices(unit: str) -> dict:
	"""What the counter shows for a unit: its unpaid invoices, what they come to, its 预存, and
	the Modes of Payment to choose from (the counter's own first)."""
	check_cashier(unit)
	invoices = unpaid_invoices(unit)
	enabled = frappe.get_all("Mode of Payment", {"enabled": 1}, pluck="name", order_by="name")
	return {
		"modes": [mode for mode in MODES if mode in enabled] + [m for m in enabled if m not in MODES],
		"invoices": invoices,
		"owed": flt(sum(row.outstanding_amount for row in invoices), 2),
		"prepaid": prepaid_balances([unit])[unit],
	}


def chosen_invoices(unit: str, invoices: list[str] | None, unpaid: list[dict]) -> list[dict]:
	"""The invoices to pay: those named (each the unit's, submitted and unpaid; none: a payment
	ahead only), else (None) all unpaid."""
	if invoices is None:
		return unpaid
	by_name = {row.name: row for row in unpaid}
	for name in invoices:
		if name not in by_name:
			frappe.throw(
				_("Invoice {0} is not an unpaid invoice of {1} (cancelled, paid or another unit's).").format(
					name, unit
				),
				CounterError,
			)
	return [row for row in unpaid if row.name in set(invoices)]


def check_not_pending(invoices: list[dict]) -> None:
	"""An invoice already in a draft payment waits for that one (an accountant submits it); read
	as last committed (the invoices are locked: another cashier's draft is committed or none)."""
	if not invoices:
		return
	reference = frappe.qb.DocType("Payment Entry Reference")
	pending = (
		frappe.qb.from_(reference)
		.select(reference.reference_name, reference.parent)
		.where(
			(reference.reference_doctype == "Sales Invoice")
			& reference.reference_name.isin([row.name for row in invoices])
			& (reference.docstatus == 0)
		)
		.limit(1)
		.for_update()
		.run(as_dict=True)
	)
	if pending:
		frappe.throw(
			_("Invoice {0} is already in the payment {1}, waiting for an accountant.").format(
				pending[0].reference_name, pending[0].parent
			),
			CounterError,
		)


def payer_customer(unit: str) -> str:
	payer = frappe.db.get_value("Property Unit", unit, "payer")
	if not payer:
		frappe.throw(_("{0} has no payer to take an advance from.").format(unit), CounterError)
	return ensure_customer(frappe.get_doc("Property Owner", payer))


def unit_company(unit: str) -> str:
	community = frappe.db.get_value("Property Unit", unit, "community")
	return frappe.db.get_value("Community", community, "company") or frappe.defaults.get_global_default(
		"company"
	)


def take_payment(
	unit: str,
	mode_of_payment: str,
	amount: float,
	invoices: list[str] | None = None,
	advance: bool = False,
	reference_no: str | None = None,
):
	"""Takes `amount` for the unit's unpaid invoices (those named, else all), oldest first; with
	`advance` what is left over (or all of it, with nothing unpaid) stays as 预存. Returns the
	Payment Entry: submitted when an accountant takes it, else a draft assigned to the
	accountants. Bad input changes nothing and says why."""
	check_cashier(unit)
	amount = flt(amount, 2)
	if amount <= 0:
		frappe.throw(_("The amount paid must be more than zero."), CounterError)
	if not frappe.db.exists("Mode of Payment", mode_of_payment):
		frappe.throw(_("Mode of Payment {0} not found.").format(mode_of_payment), CounterError)
	chosen = chosen_invoices(unit, invoices, unpaid_invoices(unit, lock=True))
	owed = flt(sum(row.outstanding_amount for row in chosen), 2)
	if not chosen and not advance:
		frappe.throw(_("{0} has nothing unpaid.").format(unit), CounterError)
	if amount > owed and not advance:
		frappe.throw(
			_("{0} is more than the {1} owed: choose Keep as Prepaid to keep the rest as an advance.").format(
				amount, owed
			),
			CounterError,
		)
	customers = {row.customer for row in chosen}
	if len(customers) > 1:
		frappe.throw(_("The invoices are billed to different payers: take each payer's apart."), CounterError)
	check_not_pending(chosen)
	entry = new_entry(
		unit,
		customers.pop() if customers else payer_customer(unit),
		chosen[0].company if chosen else unit_company(unit),
		mode_of_payment,
		amount,
		chosen,
		reference_no,
	)
	if is_accountant():
		entry.insert()
		entry.submit()
	else:
		entry.insert(ignore_permissions=True)  # an agent drafts; the accountants submit
		community = frappe.db.get_value("Property Unit", unit, "community")
		assign(
			entry,
			community_staff(ACCOUNTS_USER, community) or community_staff(ACCOUNTS_MANAGER, community),
			_("Review and submit: the counter's receipt {0} for {1}").format(entry.receipt_no, unit),
		)
	return entry


def new_entry(unit, customer, company, mode_of_payment, amount, invoices, reference_no):
	from erpnext.accounts.doctype.sales_invoice.sales_invoice import get_bank_cash_account
	from erpnext.accounts.party import get_party_account

	paid_to = get_bank_cash_account(mode_of_payment, company)  # ERPNext's error when it has none
	receipt_no = make_autoname(RECEIPT_SERIES)
	entry = frappe.get_doc(
		{
			"doctype": "Payment Entry",
			"payment_type": "Receive",
			"company": company,
			"posting_date": today(),
			"mode_of_payment": mode_of_payment,
			"party_type": "Customer",
			"party": customer,
			"paid_from": get_party_account("Customer", customer, company),
			"paid_to": paid_to["account"],
			"paid_amount": amount,
			"received_amount": amount,
			"reference_no": reference_no or receipt_no,
			"reference_date": today(),
			"property_unit": unit,
			"receipt_no": receipt_no,
		}
	)
	left = amount
	for invoice in invoices:
		allocated = min(left, flt(invoice.outstanding_amount))
		if allocated <= 0:
			break
		entry.append(
			"references",
			{
				"reference_doctype": "Sales Invoice",
				"reference_name": invoice.name,
				"total_amount": invoice.grand_total,
				"outstanding_amount": invoice.outstanding_amount,
				"allocated_amount": allocated,
			},
		)
		left = flt(left - allocated, 2)
	entry.flags.from_counter = True
	entry.setup_party_account_field()
	entry.set_missing_values()
	return entry


def keep_receipt_no(entry, method=None) -> None:
	"""Payment Entry validate: the receipt number is the counter's, never typed or sent."""
	if entry.flags.from_counter:
		return
	stored = frappe.db.get_value("Payment Entry", entry.name, "receipt_no") if not entry.is_new() else None
	if (entry.get("receipt_no") or None) != (stored or None):
		frappe.throw(_("The receipt number is given by the counter."), CounterError)


def takings(
	from_date: str, to_date: str, cashier: str | None = None, communities: list[str] | None = None
) -> list[dict]:
	"""The counter's payments per day, cashier and mode (drafts and submitted; cancelled ones do
	not count): {day, cashier, mode_of_payment, entries, amount, submitted}; `communities`: only
	payments for their units (None: all)."""
	entry = frappe.qb.DocType("Payment Entry")
	query = (
		frappe.qb.from_(entry)
		.select(
			entry.posting_date.as_("day"),
			entry.owner.as_("cashier"),
			entry.mode_of_payment,
			Count(entry.name).as_("entries"),
			Sum(entry.paid_amount).as_("amount"),
			Sum(Case().when(entry.docstatus == 1, entry.paid_amount).else_(0)).as_("submitted"),
		)
		.where(
			entry.receipt_no.isnotnull()
			& (entry.docstatus < 2)
			& (entry.posting_date >= from_date)
			& (entry.posting_date <= to_date)
		)
		.groupby(entry.posting_date, entry.owner, entry.mode_of_payment)
		.orderby(entry.posting_date)
		.orderby(entry.owner)
		.orderby(entry.mode_of_payment)
	)
	if cashier:
		query = query.where(entry.owner == cashier)
	if communities is not None:
		unit = frappe.qb.DocType("Property Unit")
		query = (
			query.join(unit)
			.on(unit.name == entry.property_unit)
			.where(unit.community.isin(communities or [""]))
		)
	return query.run(as_dict=True)


def ensure_counter_rights() -> None:
	"""Agents read and print the Payment Entries they took (their receipts), no others, and pick
	(select) the Account an entry names — ERPNext's Payment Entry looks its accounts up with the
	user's rights: Custom DocPerms ("only if creator" on the entries), added after Frappe copies
	ERPNext's own rows, as its Role Permissions Manager does."""
	from frappe.permissions import setup_custom_perms

	for doctype, rights in AGENT_RIGHTS.items():
		for role in AGENTS:
			if frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": role}):
				continue
			setup_custom_perms(doctype)
			frappe.get_doc(
				{
					"doctype": "Custom DocPerm",
					"parent": doctype,
					"parenttype": "DocType",
					"parentfield": "permissions",
					"role": role,
					"permlevel": 0,
					**rights,
				}
			).insert(ignore_permissions=True)
			frappe.clear_cache(doctype=doctype)


def remove_counter_rights() -> None:
	for doctype in AGENT_RIGHTS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ["in", AGENTS]})
		frappe.clear_cache(doctype=doctype)
