"""Vacant-unit inspections (空置房检查, seed 12.1.1 monthly, 12.1.4 空置房管理检查 100 %): each
month every vacant unit gets one inspection with the checklist, shared among the community's
agents; the inspector records each check, signs off, and a problem raises one service request.

Vacant is read from the resident links (nobody with "lives here" now), not from the unit's
status, which says Renovating whoever lives there. Parking spaces and storerooms are not
inspected. Coverage = inspections signed off ÷ inspections made for the month (one per vacant
unit); an inspection made but not carried out does not count.
"""

import frappe
from frappe import _
from frappe.utils import flt

from property_service.core.notices import site_language
from property_service.core.periods import period_of
from property_service.core.routing import communities, community_staff, of_communities
from property_service.property.occupancy import occupied_units
from property_service.vocabulary import AGENT, DONE, REPAIR

NEEDS_REPAIR = "Needs Repair"  # a check's result, beside "Normal"
INSPECTED_TYPES = ("Residential", "Shop", "Office")
AGENT_ROLE = AGENT
# the checklist of the paper form (空置房检查表), stored in the site's language
# translate
CHECKS = ("Doors and Windows", "Water", "Power", "Gas", "Leaks", "Cleanliness", "Keys", "Seals")


def checklist() -> list[dict]:
	lang = site_language()
	return [{"check": _(check, lang=lang)} for check in CHECKS]


def vacant_units(community: str) -> list[str]:
	"""The community's flats, shops and offices nobody lives in now (two queries)."""
	units = frappe.get_all(
		"Property Unit",
		{"community": community, "unit_type": ["in", INSPECTED_TYPES]},
		pluck="name",
		order_by="name",
	)
	occupied = set(occupied_units(community))
	return [unit for unit in units if unit not in occupied]


def make_inspections(period: str | None = None, only: list[str] | None = None) -> int:
	"""The month's inspection for every vacant unit that has none; returns how many were made.
	Runs on the 1st and daily (a site set up mid-month, a unit that fell vacant); the name
	(VUI-<month>-<unit>) is the once-only key."""
	period = period or period_of()
	have = set(
		frappe.get_all("Vacant Unit Inspection", {"period": period, **of_communities(only)}, pluck="unit")
	)
	rows = checklist()
	made = 0
	for community in communities(only):
		todo = [unit for unit in vacant_units(community) if unit not in have]
		inspectors = community_staff(AGENT_ROLE, community) if todo else []
		for i, unit in enumerate(todo):
			doc = frappe.get_doc(
				{
					"doctype": "Vacant Unit Inspection",
					"unit": unit,
					"period": period,
					"inspector": inspectors[i % len(inspectors)] if inspectors else None,
					"checklist": rows,
				}
			)
			frappe.db.savepoint("vacant_inspection")
			try:
				doc.insert(ignore_permissions=True)
				made += 1
			except frappe.DuplicateEntryError:  # made meanwhile by another run
				frappe.db.rollback(save_point="vacant_inspection")
	return made


def coverage(period: str, community: str | None = None) -> dict:
	"""The month's inspections made and carried out, and the rate (%)."""
	filters = {"period": period, **({"community": community} if community else {})}
	planned = frappe.db.count("Vacant Unit Inspection", filters)
	done = frappe.db.count("Vacant Unit Inspection", {**filters, "status": DONE})
	return {"planned": planned, "done": done, "rate": flt(done * 100 / planned, 2) if planned else 0}


def raise_request(doc) -> str:
	"""The one service request for what the inspection found wrong."""
	problems = [
		f"{row.check}: {row.note or _('Needs Repair')}"
		for row in doc.checklist
		if row.result == "Needs Repair"
	]
	text = "\n".join([*problems, doc.findings or ""]).strip()
	request = frappe.get_doc(
		{
			"doctype": "Service Request",
			"unit": doc.unit,
			"channel": "Staff",
			"request_type": REPAIR,
			"description": _("Vacant unit inspection {0}: {1}", lang=site_language()).format(doc.name, text),
		}
	).insert(ignore_permissions=True)
	return request.name
