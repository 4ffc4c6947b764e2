"""The demo site after an upgrade (`scripts/upgrade_test.py`), used as its users would:

    bench --site SITE execute property_service.demo.after_upgrade.works

prints a request's work order slip, files a repair request through the portal as the demo
resident, runs the KPI report and checks the door census covers this Frappe; it then rolls back.
Raises on the first failure. What must be kept (records, money, KPI figures) is setup/upgrade_check.py's.
"""

import frappe

from property_service.api.portal import file_request
from property_service.demo.people import DEMO_RESIDENT
from property_service.security import census
from property_service.setup.upgrade_check import kpi_figures


class UpgradeCheckError(Exception):
	pass


def check(condition, problem: str) -> None:
	if not condition:
		raise UpgradeCheckError(problem)


def works() -> str:
	"""Uses the upgraded site as its users would, then rolls back: raises on the first failure.
	The slip is printed first, of a request the demo made: Frappe 15 commits the print's Access
	Log at once, which would keep a request filed before it."""
	request = frappe.get_all("Service Request", pluck="name", order_by="creation", limit=1)
	check(request, "the site has no service request")
	slip = frappe.get_print("Service Request", request[0], "Work Order Slip")
	check(request[0] in slip, "the work order slip does not name the request")
	try:
		owner = frappe.db.get_value("Property Owner", {"user": DEMO_RESIDENT})
		units = frappe.get_all("Property Owner Unit", {"parent": owner}, pluck="unit", limit=1)
		check(units, "the demo resident has no unit")
		frappe.set_user(DEMO_RESIDENT)
		filed = file_request("Service Request", units[0], "升级后试报修：厨房水龙头漏水")
		frappe.set_user("Administrator")
		check(frappe.db.get_value("Service Request", filed, "unit") == units[0], "the request lost its unit")
		check(kpi_figures(), "the KPI report gave nothing")
		table = census.read_table()
		missing = sorted(set(census.collect_doors()) - set(table))
		check(not missing, f"doors not in the census for this Frappe: {missing[:10]}")
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
	return (
		f"works: {request[0]} printed, {filed} filed and rolled back, KPIs read, {len(table)} doors reviewed"
	)
