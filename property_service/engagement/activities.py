"""Community culture activities (社区文化活动, seed 12.1.3 duty 2): a yearly plan per community,
activities with a date and place, residents' sign-ups on the portal (one per resident and
activity, within the places left), attendance and feedback recorded by the office."""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import get_datetime, getdate, now_datetime

from property_service.property.occupancy import current_links
from property_service.vocabulary import CANCELLED, OPEN, SIGNED_UP

WITHDRAWN = CANCELLED  # a sign-up's states: SIGNED_UP, WITHDRAWN


class SignUpError(frappe.ValidationError):
	pass


def check_sign_up(doc) -> None:
	"""The activity takes sign-ups, the person lives in or owns the unit, and places are left.
	The activity row is locked first, so two sign-ups for the last place are counted in turn."""
	activity = frappe.db.get_value(
		"Community Activity",
		doc.activity,
		["status", "community", "starts_on", "sign_up_by", "capacity"],
		as_dict=True,
		for_update=True,
	)
	if not activity or activity.status != OPEN:
		frappe.throw(_("This activity is not open for sign-up."), SignUpError)
	deadline = activity.sign_up_by or activity.starts_on
	if get_datetime(deadline) < now_datetime():
		frappe.throw(_("Sign-up for this activity has closed."), SignUpError)
	if frappe.db.get_value("Property Unit", doc.unit, "community") != activity.community:
		frappe.throw(_("Unit {0} is not in the activity's community.").format(doc.unit), SignUpError)
	people = [link.property_owner for link in current_links([doc.unit])]
	if not doc.property_owner and people:
		doc.property_owner = people[0]
	if doc.property_owner not in people:
		frappe.throw(
			_("{0} does not live in unit {1}.").format(doc.property_owner or "—", doc.unit), SignUpError
		)
	if (doc.people or 0) < 1:
		frappe.throw(_("Sign up at least one person."), SignUpError)
	if activity.capacity:
		taken = signed_up(doc.activity, exclude=doc.name)[1]
		if taken + doc.people > activity.capacity:
			frappe.throw(
				_("Only {0} places are left.").format(max(activity.capacity - taken, 0)), SignUpError
			)


def signed_up(activity: str, exclude: str | None = None) -> tuple[int, int, int]:
	"""(households, people, households attended) signed up for the activity (one query)."""
	sign_up = frappe.qb.DocType("Activity Signup")
	query = (
		frappe.qb.from_(sign_up)
		.select(Count("*"), Sum(sign_up.people), Sum(sign_up.attended))
		.where((sign_up.activity == activity) & (sign_up.status == SIGNED_UP))
	)
	if exclude:
		query = query.where(sign_up.name != exclude)
	households, people, attended = query.run()[0]
	return households or 0, int(people or 0), int(attended or 0)


def refresh(activity: str) -> None:
	households, people, attended = signed_up(activity)
	frappe.db.set_value(
		"Community Activity",
		activity,
		{"households": households, "people": people, "attended": attended},
		update_modified=False,
	)


def tick_plan(activity) -> None:
	"""An activity of a plan fills the plan's first row of its month that has none."""
	if not activity.activity_plan or not activity.starts_on:
		return
	month = str(getdate(activity.starts_on).month)
	if frappe.db.exists(
		"Community Activity Plan Item", {"parent": activity.activity_plan, "activity": activity.name}
	):
		return
	row = frappe.db.get_value(
		"Community Activity Plan Item",
		{
			"parent": activity.activity_plan,
			"parenttype": "Community Activity Plan",
			"month": month,
			"activity": ["is", "not set"],
		},
		"name",
		order_by="idx",
	)
	if row:
		frappe.db.set_value(
			"Community Activity Plan Item", row, "activity", activity.name, update_modified=False
		)
