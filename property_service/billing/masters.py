"""ERPNext records the app's billing rests on, made when missing and left to the office after.

Shared by the special-services catalog and the fee items; nothing here imports the features.
"""

import frappe


def is_erpnext_ready() -> bool:
	return bool(frappe.get_all("Company", limit=1)) and bool(frappe.db.exists("Item Group", {"is_group": 1}))


def ensure_group(name: str, parent: str, is_group: int) -> None:
	if not frappe.db.exists("Item Group", name):
		frappe.get_doc(
			{
				"doctype": "Item Group",
				"item_group_name": name,
				"parent_item_group": parent,
				"is_group": is_group,
			}
		).insert(ignore_permissions=True)


def ensure_translation(zh_name: str, en_name: str) -> None:
	"""English users see the English name where Frappe translates item names."""
	if not frappe.db.exists("Translation", {"source_text": zh_name, "language": "en"}):
		frappe.get_doc(
			{"doctype": "Translation", "language": "en", "source_text": zh_name, "translated_text": en_name}
		).insert(ignore_permissions=True)


def remove_custom_fields(custom_fields: dict) -> None:
	"""On uninstall: the app's Custom Fields of `custom_fields` go; the records stay (invoices
	may name them), and so do their columns' values."""
	for doctype, fields in custom_fields.items():
		for field in fields:
			name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)


def ensure_month_sales_daily() -> None:
	"""ERPNext's Selling Settings "Sales Update Frequency" at Daily, not Each Transaction: with
	Each Transaction every submitted Sales Invoice sums the month's invoices of its company (a
	scan of the invoice table) and writes the total on the Company's row, which it then holds
	locked until its transaction ends — a month's fee run grows quadratic and its workers wait for
	each other. Set on install and on every migrate; the Company's figure is refreshed daily
	(refresh_month_sales)."""
	if frappe.db.get_single_value("Selling Settings", "sales_update_frequency") == "Each Transaction":
		frappe.db.set_single_value("Selling Settings", "sales_update_frequency", "Daily")


def ensure_currency_fractions() -> None:
	"""Each company currency names its fraction (CNY: Fen). ERPNext's currency records leave CNY's
	empty; Frappe 15's money_in_words then says "Cent", Frappe 16's fails on every amount with
	cents (`str + None`), so no invoice of 0.50 could be saved."""
	currencies = set(frappe.get_all("Company", pluck="default_currency"))
	for currency in currencies - {None}:
		if not frappe.db.get_value("Currency", currency, "fraction"):
			frappe.db.set_value("Currency", currency, "fraction", FRACTIONS.get(currency, "Cent"))


FRACTIONS = {"CNY": "Fen", "HKD": "Cent", "MOP": "Avo", "TWD": "Cent"}


def refresh_month_sales() -> None:
	"""Daily: each Company's sales of the month so far (what ERPNext updates on each invoice when
	set to Each Transaction; its Daily setting refreshes projects only)."""
	from erpnext.setup.doctype.company.company import update_company_current_month_sales

	for company in frappe.get_all("Company", pluck="name"):
		update_company_current_month_sales(company)


def ensure_account(
	company: str, name: str, root_type: str, sibling_of: str | None, account_type: str = ""
) -> str | None:
	"""A non-group account `name` of `company` beside the company's account `sibling_of` (same
	parent group, same root type), made when missing; returns its name (None for a company
	without a chart of accounts yet)."""
	existing = frappe.db.get_value(
		"Account", {"company": company, "account_name": name, "is_group": 0, "root_type": root_type}
	)
	if existing:
		return existing
	parent = frappe.db.get_value("Account", sibling_of, "parent_account") if sibling_of else None
	if not parent or frappe.db.get_value("Account", parent, "root_type") != root_type:
		parent = frappe.db.get_value(
			"Account", {"company": company, "is_group": 1, "root_type": root_type}, order_by="lft desc"
		)
	if not parent:
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": name,
				"company": company,
				"parent_account": parent,
				"is_group": 0,
				"root_type": root_type,
				"account_type": account_type,
				"report_type": "Profit and Loss" if root_type in ("Income", "Expense") else "Balance Sheet",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
