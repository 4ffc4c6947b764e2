"""Community activities on the resident portal: the open activities of the resident's
communities, with their own sign-up (two queries)."""

import frappe
from frappe.utils import now_datetime

from property_service.core.permissions import resident_owner
from property_service.engagement.activities import OPEN, SIGNED_UP


def open_activities(user: str, units: list[dict]) -> list[dict]:
	communities = sorted({unit.community for unit in units})
	if not communities:
		return []
	rows = frappe.get_all(
		"Community Activity",
		{"status": OPEN, "community": ["in", communities], "starts_on": [">=", now_datetime()]},
		[
			"name",
			"title",
			"community",
			"starts_on",
			"place",
			"capacity",
			"people",
			"sign_up_by",
			"description",
		],
		order_by="starts_on",
		limit_page_length=10,
	)
	owner = resident_owner(user)
	mine = {
		row.activity: row
		for row in frappe.get_all(
			"Activity Signup",
			{"activity": ["in", [r.name for r in rows] or [""]], "property_owner": owner or ""},
			["name", "activity", "status", "people", "unit"],
			ignore_permissions=True,  # the caller's own, by property_owner
		)
	}
	for row in rows:
		signup = mine.get(row.name)
		row.signup = signup if signup and signup.status == SIGNED_UP else None
		row.withdrawn = signup if signup and signup.status != SIGNED_UP else None
		row.units = [unit.name for unit in units if unit.community == row.community]
		row.places_left = max(row.capacity - (row.people or 0), 0) if row.capacity else None
		row.open_for_sign_up = not row.sign_up_by or row.sign_up_by >= now_datetime()
	return rows
