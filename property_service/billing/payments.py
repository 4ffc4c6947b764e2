"""The ways a resident pays at the counter: ERPNext Modes of Payment with Chinese names.

现金 (cash) goes to the company's cash account; 银行卡 (a bank card on the POS terminal), 微信支付
and 支付宝 (the office's QR codes) go to one bank account, 银行存款, made beside ERPNext's bank
accounts group when the company has no default bank account: the card acquirer, WeChat Pay and
Alipay all settle into the office's bank account. Made when missing; the office may re-point a
mode's account afterwards (Mode of Payment → Accounts) and it stays.
"""

import re

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.query_builder.functions import Sum
from frappe.utils import flt

from property_service.billing.masters import ensure_translation, is_erpnext_ready

CASH, BANK_CARD, WECHAT, ALIPAY = "现金", "银行卡", "微信支付", "支付宝"
MODES = {CASH: "Cash", BANK_CARD: "Bank", WECHAT: "Bank", ALIPAY: "Bank"}  # name: ERPNext's type
ENGLISH = {CASH: "Cash", BANK_CARD: "Bank Card", WECHAT: "WeChat Pay", ALIPAY: "Alipay"}
BANK_ACCOUNT = "银行存款"
# the unit a payment is for, and the counter's receipt number (fees/counter.py)
CUSTOM_FIELDS = {
	"Payment Entry": [
		{
			"fieldname": "property_unit",
			"label": "Property Unit",
			"fieldtype": "Link",
			"options": "Property Unit",
			"insert_after": "party_name",
			"search_index": 1,
		},
		{
			"fieldname": "receipt_no",
			"label": "Receipt No",
			"fieldtype": "Data",
			"insert_after": "property_unit",
			"read_only": 1,
			"no_copy": 1,
			"unique": 1,
			"in_standard_filter": 1,
			"description": "The counter's receipt (收据) number",
		},
	]
}


def ensure_modes_of_payment() -> None:
	if not is_erpnext_ready():
		return
	for mode, kind in MODES.items():
		if not frappe.db.exists("Mode of Payment", mode):
			frappe.get_doc({"doctype": "Mode of Payment", "mode_of_payment": mode, "type": kind}).insert(
				ignore_permissions=True
			)
			ensure_translation(mode, ENGLISH[mode])
		doc = frappe.get_doc("Mode of Payment", mode)
		known = {row.company for row in doc.accounts}
		for company in frappe.get_all("Company", pluck="name"):
			account = None if company in known else default_account(company, kind)
			if account:
				doc.append("accounts", {"company": company, "default_account": account})
		if len(doc.accounts) > len(known):
			doc.save(ignore_permissions=True)


def default_account(company: str, kind: str) -> str | None:
	cash, bank = frappe.db.get_value("Company", company, ["default_cash_account", "default_bank_account"])
	if kind == "Cash":
		return cash
	return bank or bank_account(company)


def bank_account(company: str) -> str | None:
	"""The company's 银行存款, made under its bank accounts group when missing."""
	existing = frappe.db.get_value(
		"Account", {"company": company, "account_name": BANK_ACCOUNT, "is_group": 0}, "name"
	)
	if existing:
		return existing
	group = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Bank", "is_group": 1}, "name", order_by="lft"
	)
	if not group:
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": BANK_ACCOUNT,
				"company": company,
				"parent_account": group,
				"account_type": "Bank",
				"is_group": 0,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def ensure_payment_fields() -> None:
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)


def prepaid_balances(units: list[str]) -> dict[str, float]:
	"""Each unit's 预存: what the submitted payments of its payer's Customer hold unallocated.
	ERPNext keeps advances per Customer, not per unit, and allocates them to any of the
	Customer's invoices (it lowers an entry's unallocated amount as it does): a payer of two
	units has one balance, shown on both."""
	balances = dict.fromkeys(units, 0.0)
	if not units:
		return balances
	unit, owner = frappe.qb.DocType("Property Unit"), frappe.qb.DocType("Property Owner")
	customer_of = dict(
		frappe.qb.from_(unit)
		.join(owner)
		.on(owner.name == unit.payer)
		.select(unit.name, owner.customer)
		.where(unit.name.isin(units) & owner.customer.isnotnull())
		.run()
	)
	if not customer_of:
		return balances
	entry = frappe.qb.DocType("Payment Entry")
	held = dict(
		frappe.qb.from_(entry)
		.select(entry.party, Sum(entry.unallocated_amount))
		.where(
			(entry.party_type == "Customer")
			& entry.party.isin(list(set(customer_of.values())))
			& (entry.docstatus == 1)
			& (entry.payment_type == "Receive")
		)
		.groupby(entry.party)
		.run()
	)
	balances.update({name: flt(held.get(customer), 2) for name, customer in customer_of.items()})
	return balances


DIGITS = "零壹贰叁肆伍陆柒捌玖"


def amount_in_chinese(amount: float) -> str:
	"""人民币大写, as a Chinese receipt writes the amount: 1005.5 -> 壹仟零伍元伍角 (Frappe's
	money_in_words knows no Chinese)."""
	cents = round(abs(flt(amount)) * 100)
	yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
	text = integer_in_chinese(yuan) + "元" if yuan else ""
	if not jiao and not fen:
		return (text or "零元") + "整"
	if jiao:
		text += DIGITS[jiao] + "角"
	elif yuan:
		text += "零"
	return text + (DIGITS[fen] + "分" if fen else "")


def integer_in_chinese(number: int) -> str:
	digits = str(number)
	parts = []
	for i, digit in enumerate(digits):
		place = len(digits) - 1 - i
		parts.append(DIGITS[int(digit)] + ("", "拾", "佰", "仟")[place % 4] if digit != "0" else "零")
		if place and place % 4 == 0:
			parts.append("亿" if place % 8 == 0 else "万")
	text = re.sub("零+", "零", "".join(parts))
	text = re.sub("零(万|亿)", r"\1", text).rstrip("零")
	return text.replace("亿万", "亿")
