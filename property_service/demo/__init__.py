"""Demo data: a community with its units and residents, staff who log in, and a little of every
kind of work, so a newcomer sees the app as the office would use it.

    bench --site SITE execute property_service.demo.ensure_demo_data --kwargs "{'units': 300}"

One module per area: registry.py (the community, its units and people; bulk.py writes them),
people.py (staff and the demo resident), service.py, engagement.py, safety.py, fees.py.
"""

import frappe

from property_service.demo.engagement import make_engagement_demo
from property_service.demo.fees import make_demo_invoices, make_fee_demo, make_meter_readings
from property_service.demo.people import (
	DEMO_PASSWORD,
	DEMO_RESIDENT,
	DEMO_STAFF,
	make_demo_resident,
	make_demo_staff,
)
from property_service.demo.registry import DEMO_COMMUNITY, DemoDataExistsError, make_demo_data
from property_service.demo.safety import make_safety_demo
from property_service.demo.service import make_service_records

__all__ = [
	"DEMO_COMMUNITY",
	"DEMO_PASSWORD",
	"DEMO_RESIDENT",
	"DEMO_STAFF",
	"DemoDataExistsError",
	"ensure_demo_data",
	"make_demo_data",
	"make_demo_invoices",
	"make_demo_resident",
	"make_demo_staff",
	"make_engagement_demo",
	"make_meter_readings",
	"make_safety_demo",
	"make_service_records",
]


def ensure_demo_data(units: int = 300, communities: int = 1) -> None:
	"""The set-up command's step: each part of the demo once; what a site has is left alone.
	A command-line generator: each part is committed as it is made. With `communities` above 1,
	a company: that many communities of `units` units each (company.py)."""
	if frappe.db.exists("Community", DEMO_COMMUNITY):
		print(f"demo community {DEMO_COMMUNITY} already there")
	else:
		make_demo_data(units=units)
	make_demo_staff()
	frappe.db.commit()  # nosemgrep
	for there, make in parts(units):
		if not there():
			print(make())
			frappe.db.commit()  # nosemgrep
	if communities > 1:
		from property_service.demo.company import make_company_demo

		made = make_company_demo(communities, units)
		print(
			f"{len(made)} more communities: {', '.join(made)}"
			if made
			else "the company's communities are there"
		)


def in_community(doctype: str):
	return lambda: frappe.db.exists(doctype, {"community": DEMO_COMMUNITY})


def parts(units: int) -> list:
	"""(whether the part is there, what makes it and says what it made), in order."""
	from property_service.operations.inspections import make_inspections

	community = DEMO_COMMUNITY
	return [
		(
			in_community("Service Request"),
			lambda: (
				f"{make_service_records(community, count=min(units // 5, 200))} service requests and complaints"
			),
		),
		(lambda: frappe.db.exists("User", DEMO_RESIDENT), lambda: make_demo_resident(community)),
		(in_community("Opinion Survey"), lambda: make_engagement_demo(community)),
		(
			in_community("Vacant Unit Inspection"),
			lambda: f"{make_inspections()} vacant-unit inspections this month",
		),
		(in_community("Emergency Drill"), lambda: make_safety_demo(community)),
		(
			# fee items come with ERPNext's setup
			lambda: frappe.db.exists("Fee Plan", community) or not frappe.db.exists("Item", "物业管理费"),
			lambda: f"fee plan and {make_fee_demo(community)} meter readings",
		),
		(
			lambda: (
				frappe.db.exists("Sales Invoice", {"fee_period": ["is", "set"]})
				or not frappe.db.exists("Fee Plan", community)
			),
			lambda: make_demo_invoices(
				community, frappe.db.get_value("Property Owner", {"user": DEMO_RESIDENT}, "name")
			),
		),
	]
