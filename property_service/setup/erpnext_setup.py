"""Completes ERPNext's setup wizard without a browser, for the demo and test sites.

A fresh site with ERPNext has no Company, fiscal year, chart of accounts or tree roots; desk users
land in the setup wizard. `complete_setup()` runs the same stages the wizard runs, with the
answers a Chinese property office would give. Run it with:

    bench --site SITE execute property_service.setup.erpnext_setup.complete_setup
"""

import frappe
from frappe.utils import getdate, today

DEMO_COMPANY = "Demo Property Management Co."
DEMO_COMPANY_ABBR = "DPM"
CHINESE = "zh"  # the Language; its name is 简体中文 in Frappe 15 and 中文 in Frappe 16


def complete_setup(company: str = DEMO_COMPANY, abbr: str = DEMO_COMPANY_ABBR) -> bool:
	"""Runs the setup wizard's stages once; returns False when setup was already complete."""
	if frappe.is_setup_complete():
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(wizard_answers(company, abbr))
	# dates as a Chinese office writes them (2026-11-26); the wizard keeps Frappe's default
	frappe.db.set_single_value("System Settings", "date_format", "yyyy-mm-dd")
	frappe.clear_cache()
	return True


def wizard_answers(company: str, abbr: str) -> dict:
	year = getdate(today()).year
	name = frappe.db.get_value("Language", CHINESE, "language_name")  # the wizard asks by name
	return {
		"language": name,
		"lang": name,
		"country": "China",
		"timezone": "Asia/Shanghai",
		"currency": "CNY",
		"company_name": company,
		"company_abbr": abbr,
		"chart_of_accounts": "Standard",
		"fy_start_date": f"{year}-01-01",
		"fy_end_date": f"{year}-12-31",
		"setup_demo": 0,
	}
