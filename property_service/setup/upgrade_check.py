"""What an upgrade must keep, and that the app still works after it (Frappe and ERPNext 15 to 16,
or any `bench migrate` to a new release).

    bench --site SITE execute property_service.setup.upgrade_check.snapshot > before.json
    (back up, upgrade the bench, restore, bench --site SITE migrate)
    bench --site SITE execute property_service.setup.upgrade_check.snapshot > after.json
    bench --site SITE execute property_service.demo.after_upgrade.works   # a site with the demo

`snapshot` counts every record of the app's DocTypes and of what the app writes in ERPNext and
Frappe, sums the money, and reads the KPI report of every community: the two snapshots must be
equal. `scripts/upgrade_test.py` runs both around a real upgrade of the demo from 15 to 16.
"""

import frappe
from frappe.utils import flt

from property_service.setup.roles import ROLES, get_app_modules
from property_service.vocabulary import PORTAL_ROLES

# what the app writes outside its own DocTypes: (DocType, which of its records are the app's);
# Frappe's and ERPNext's own records (their roles, cards, print formats) may grow on an upgrade
WRITTEN_ELSEWHERE = (
	("Customer", {}),
	("Contact", {}),
	("User", {"name": ["not in", ["Administrator", "Guest"]]}),
	("Has Role", {"parenttype": "User", "role": ["in", [*ROLES, *PORTAL_ROLES]]}),
	("Sales Invoice", {}),
	("Sales Invoice Item", {}),
	("Payment Entry", {}),
	("Payment Request", {}),
	("GL Entry", {}),
	("Dunning", {}),
	("File", {"is_folder": 0}),
	("ToDo", {}),
	("Assignment Rule", {}),
	("Number Card", "module"),
	("Print Format", "module"),
)
MONEY = (
	("Sales Invoice", "grand_total"),
	("Sales Invoice", "outstanding_amount"),
	("Payment Entry", "paid_amount"),
	("GL Entry", "debit"),
	("GL Entry", "credit"),
)


def app_doctypes() -> list[str]:
	return frappe.get_all(
		"DocType",
		{"module": ["in", get_app_modules()], "issingle": 0, "is_virtual": 0},
		pluck="name",
		order_by="name",
	)


def snapshot() -> dict:
	"""Counts, sums and KPI figures of the site, as JSON-ready values."""
	modules = get_app_modules()
	counts = {doctype: frappe.db.count(doctype) for doctype in app_doctypes()}
	for doctype, ours in WRITTEN_ELSEWHERE:
		filters = {"module": ["in", modules]} if ours == "module" else ours
		counts[doctype] = frappe.db.count(doctype, filters)
	money = {f"{doctype}.{field}": submitted_sum(doctype, field) for doctype, field in MONEY}
	return {"counts": counts, "money": money, "kpis": kpi_figures()}


def submitted_sum(doctype: str, field: str) -> float:
	from frappe.query_builder.functions import Sum

	table = frappe.qb.DocType(doctype)
	total = frappe.qb.from_(table).select(Sum(table[field])).where(table.docstatus == 1).run()[0][0]
	return flt(total, 2)


def kpi_figures() -> dict:
	"""The KPI report of each community for the current year: part, whole and result of each KPI."""
	from property_service.office.report.property_service_kpis.property_service_kpis import execute

	year = frappe.utils.getdate().year
	figures = {}
	for community in frappe.get_all("Community", pluck="name", order_by="name"):
		filters = {"community": community, "from_date": f"{year}-01-01", "to_date": f"{year}-12-31"}
		rows = execute(filters)[1]
		figures[community] = {row["key"]: [row["part"], row["whole"], row["passed"]] for row in rows}
	return figures
