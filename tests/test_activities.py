"""Community culture activities (seed 12.1.3 duty 2): the yearly plan ticked by its activities,
residents' sign-ups within the places left (one per resident), withdrawals, attendance and
feedback by the office, and who sees which sign-up."""

import frappe
import pytest
from frappe.utils import add_days, now_datetime

from property_service.api.portal import sign_up_for_activity, withdraw_from_activity
from property_service.core.requesters import ResidentFieldError
from property_service.engagement.activities import SignUpError
from property_service.portal.activities import open_activities
from property_service.portal.resident import units_of
from tests.factories import make_building, make_community, make_unit
from tests.portal_world import resident
from tests.utils import as_user


@pytest.fixture
def estate():
	community = make_community()
	building = make_building(community)
	units = [make_unit(building, "101"), make_unit(building, "102")]
	first_owner, first = resident(units[0], "act")
	second_owner, second = resident(units[1], "act")
	return frappe._dict(
		community=community, units=units, owners=[first_owner, second_owner], users=[first, second]
	)


def activity(community: str, capacity: int = 0, status: str = "Open", **fields):
	return frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "中秋游园会",
			"community": community,
			"starts_on": add_days(now_datetime(), 7),
			"place": "中心花园",
			"capacity": capacity,
			"status": status,
			**fields,
		}
	).insert()


def test_residents_sign_up_once_for_their_own_unit_and_see_their_own(estate):
	event = activity(estate.community)
	with as_user(estate.users[0]):
		[shown] = open_activities(estate.users[0], units_of(estate.users[0]))
		assert shown.name == event.name and shown.units == [estate.units[0]] and not shown.signup
		with pytest.raises(frappe.PermissionError):
			sign_up_for_activity(event.name, estate.units[1])
		mine = sign_up_for_activity(event.name, estate.units[0], 3, "带孩子")
		with pytest.raises(frappe.ValidationError):
			sign_up_for_activity(event.name, estate.units[0])
		assert frappe.get_list("Activity Signup", pluck="name") == [mine]
	with as_user(estate.users[1]):
		assert frappe.get_list("Activity Signup", pluck="name") == []
	doc = frappe.get_doc("Activity Signup", mine)
	assert (doc.property_owner, doc.people, doc.status) == (estate.owners[0], 3, "Signed Up")
	assert frappe.db.get_value("Community Activity", event.name, ["households", "people"]) == (1, 3)


def test_places_are_counted_and_a_withdrawal_frees_them(estate):
	event = activity(estate.community, capacity=4)
	with as_user(estate.users[0]):
		mine = sign_up_for_activity(event.name, estate.units[0], 3)
	with as_user(estate.users[1]), pytest.raises(SignUpError, match="1"):
		sign_up_for_activity(event.name, estate.units[1], 2)
	with as_user(estate.users[0]):
		withdraw_from_activity(mine)
	assert frappe.db.get_value("Community Activity", event.name, "people") == 0
	with as_user(estate.users[1]):
		theirs = sign_up_for_activity(event.name, estate.units[1], 2)
	with as_user(estate.users[0]):  # back again: the same sign-up, within the places left
		with pytest.raises(SignUpError):
			sign_up_for_activity(event.name, estate.units[0], 3)
		assert sign_up_for_activity(event.name, estate.units[0], 2) == mine
	with as_user(estate.users[1]), pytest.raises(frappe.PermissionError):
		withdraw_from_activity(mine)
	assert theirs and frappe.db.get_value("Community Activity", event.name, ["households", "people"]) == (
		2,
		4,
	)


def test_sign_up_only_while_open(estate):
	planned = activity(estate.community, status="Planned")
	closed = activity(
		estate.community, sign_up_by=add_days(now_datetime(), -1), starts_on=add_days(now_datetime(), 2)
	)
	with as_user(estate.users[0]):
		for event in (planned, closed):
			with pytest.raises(SignUpError):
				sign_up_for_activity(event.name, estate.units[0])
		assert [row.name for row in open_activities(estate.users[0], units_of(estate.users[0]))] == [
			closed.name
		]


def test_attendance_and_feedback_are_the_offices(estate):
	event = activity(estate.community)
	with as_user(estate.users[0]):
		with pytest.raises(ResidentFieldError):
			frappe.get_doc(
				{"doctype": "Activity Signup", "activity": event.name, "unit": estate.units[0], "attended": 1}
			).insert()
		mine = sign_up_for_activity(event.name, estate.units[0])
	doc = frappe.get_doc("Activity Signup", mine)
	doc.update({"attended": 1, "feedback": "希望明年再办"})
	doc.save()
	assert frappe.db.get_value("Community Activity", event.name, "attended") == 1


def test_the_yearly_plan_is_ticked_by_its_activities(estate):
	plan = frappe.get_doc(
		{
			"doctype": "Community Activity Plan",
			"community": estate.community,
			"year": now_datetime().year,
			"items": [{"month": str(add_days(now_datetime(), 7).month), "theme": "中秋"}],
		}
	).insert()
	event = activity(estate.community, activity_plan=plan.name)
	plan.reload()
	assert plan.items[0].activity == event.name
	other = make_community()
	with pytest.raises(frappe.ValidationError):
		activity(other, activity_plan=plan.name)
