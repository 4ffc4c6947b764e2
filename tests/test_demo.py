"""The demo data generator: counts, every type and status, determinism, and records shaped as
the app's own saves shape them."""

import frappe
import pytest

from property_service.demo import DemoDataExistsError, make_demo_data
from property_service.property import occupancy
from tests.factories import make_owner
from tests.utils import unique


def community_units(community: str) -> list:
	return frappe.get_all(
		"Property Unit",
		filters={"community": community},
		fields=["name", "unit_type", "status", "payer", "area"],
		order_by="name",
	)


def test_counts_types_statuses_and_residents():
	community = unique("demo")
	counts = make_demo_data(units=150, seed=3, community=community, quiet=True, commit=False)
	units = community_units(community)
	assert len(units) == counts["units"] == 150
	assert counts["buildings"] == 3  # 72 units a building
	assert {u.unit_type for u in units} == {"Residential", "Shop", "Office", "Parking", "Storage"}
	assert {u.status for u in units} == {"Vacant", "Occupied", "Renovating"}
	people = frappe.get_all(
		"Property Owner Unit",
		filters={"unit": ["in", [u.name for u in units]]},
		fields=["parent", "relation"],
	)
	assert {p.relation for p in people} == {"Owner", "Tenant", "Family"}
	assert len({p.parent for p in people}) == counts["people"]
	assert (
		frappe.db.count(
			"Customer",
			{
				"name": [
					"in",
					frappe.get_all(
						"Property Owner", {"name": ["in", [p.parent for p in people]]}, pluck="customer"
					),
				]
			},
		)
		== counts["people"]
	)


def test_generated_statuses_and_payers_follow_the_registry_rules():
	community = unique("demo")
	make_demo_data(units=80, seed=5, community=community, quiet=True, commit=False)
	stored = {u.name: (u.status, u.payer) for u in community_units(community)}
	occupancy.refresh_units(stored)
	assert {u.name: (u.status, u.payer) for u in community_units(community)} == stored


def test_same_seed_same_data():
	first, second = unique("demo"), unique("demo")
	make_demo_data(units=40, seed=11, community=first, quiet=True, commit=False)
	make_demo_data(units=40, seed=11, community=second, quiet=True, commit=False)

	def shape(community):
		return [(u.unit_type, u.status, u.area) for u in community_units(community)]

	assert shape(first) == shape(second)


def test_generated_people_look_like_saved_ones_and_naming_continues():
	community = unique("demo")
	make_demo_data(units=20, seed=2, community=community, quiet=True, commit=False)
	person = frappe.get_all(
		"Property Owner Unit", {"unit": ["like", f"{community}-%"]}, pluck="parent", limit=1
	)[0]
	owner = frappe.get_doc("Property Owner", person)
	customer = frappe.get_doc("Customer", owner.customer)
	assert customer.customer_name == owner.owner_name
	assert customer.mobile_no == owner.mobile_no
	contacts = frappe.get_all(
		"Dynamic Link", {"parenttype": "Contact", "link_name": customer.name}, pluck="parent"
	)
	assert contacts == [customer.customer_primary_contact]
	contact = frappe.get_doc("Contact", contacts[0])
	assert contact.mobile_no == owner.mobile_no and contact.phone_nos[0].is_primary_mobile_no
	owner.notes = "edited after generation"
	owner.save()  # a generated record passes the app's own validation
	generated = frappe.get_all(
		"Property Owner Unit", {"unit": ["like", f"{community}-%"]}, pluck="parent", distinct=True
	)

	def number(name: str) -> int:
		return int(name.rsplit("-", 1)[1])

	# the naming series moved on past the generated people: the next person is numbered after them
	assert number(make_owner()) > max(number(name) for name in generated)


def test_refuses_an_existing_community():
	community = unique("demo")
	make_demo_data(units=5, community=community, quiet=True, commit=False)
	with pytest.raises(DemoDataExistsError):
		make_demo_data(units=5, community=community, quiet=True, commit=False)


def test_demo_staff_and_service_records_in_several_states():
	from property_service.demo import DEMO_STAFF, make_demo_staff, make_service_records
	from property_service.vocabulary import DESK_ROLES

	community = unique("demo")
	make_demo_data(units=60, seed=4, community=community, quiet=True, commit=False)
	make_demo_staff()
	for email, _name, roles in DEMO_STAFF:
		assert set(roles) <= set(frappe.get_roles(email))
	# one user for each of the app's desk roles, so the demo shows the app as each role sees it
	assert set(DESK_ROLES) <= {role for _email, _name, roles in DEMO_STAFF for role in roles}
	assert make_service_records(community, count=40, commit=False) == 40
	states = set(frappe.get_all("Service Request", {"community": community}, pluck="status"))
	assert {"Logged", "Dispatched", "In Progress", "Completed", "Closed"} & states >= {
		"Logged",
		"Closed",
	}
	assert frappe.db.count("Complaint", {"community": community}) == 10


def test_demo_meter_readings_chain_from_one_month_to_the_next():
	from property_service.demo import make_meter_readings
	from tests.factories import make_building, make_unit

	building = make_building()
	units = [make_unit(building, number) for number in ("101", "102")]
	community = frappe.db.get_value("Building", building, "community")
	assert make_meter_readings(community, ["2026-09", "2026-10"]) == 8
	first, second = (
		frappe.get_doc("Meter Reading", f"MR-{period}-Water-{units[0]}") for period in ("2026-09", "2026-10")
	)
	assert first.consumption == 0 and second.previous_reading == first.reading
	assert second.consumption == second.reading - first.reading > 0


def test_the_demo_resident_has_a_login_and_something_on_the_portal():
	from property_service.demo import make_demo_resident, make_demo_staff
	from property_service.portal.resident import home

	community = unique("demo")
	make_demo_data(units=20, seed=5, community=community, quiet=True, commit=False)
	make_demo_staff()
	user = make_demo_resident(community)
	assert "Property Resident" in frappe.get_roles(user)
	page = home(user)
	assert len(page["units"]) == 1 and len(page["requests"]) == 2
	assert len(page["complaints"]) == 1 and len(page["bookings"]) == 1
	assert len(page["callbacks"]) == 1 and "停水通知" in [n.title for n in page["notices"]]


def test_the_demo_engagement_data_leaves_the_survey_for_the_demo_resident():
	from property_service.demo import make_demo_resident, make_demo_staff, make_engagement_demo
	from property_service.portal.activities import open_activities
	from property_service.portal.resident import units_of
	from property_service.portal.surveys import surveys_to_answer

	community = unique("demo")
	make_demo_data(units=60, seed=5, community=community, quiet=True, commit=False)
	make_demo_staff()
	user = make_demo_resident(community)
	made = make_engagement_demo(community)
	plan = frappe.get_doc("Owner Visit Plan", made["visit plan"])
	assert plan.target >= 2 and plan.visited == min(3, plan.target)
	survey = frappe.get_doc("Opinion Survey", {"community": community})
	assert survey.status == "Open" and survey.responses == made["survey answers"] > 0
	assert made["routine callbacks"] == frappe.db.count(
		"Callback Record", {"callback_campaign": ["is", "set"], "unit": ["like", f"{community}%"]}
	)
	units = units_of(user)
	assert [s.name for s in surveys_to_answer(units)] == [survey.name]
	assert len(open_activities(user, units)) == 1


def test_the_demo_safety_data():
	from property_service.demo import make_demo_staff, make_safety_demo
	from property_service.safety.incidents import handling_rate

	community = unique("demo")
	make_demo_data(units=20, seed=5, community=community, quiet=True, commit=False)
	make_demo_staff()
	made = make_safety_demo(community)
	done, planned = (frappe.get_doc("Emergency Drill", name) for name in made["drills"])
	assert done.status == "Done" and done.steps_over_plan == 2 and done.improvements[0].corrective_action
	assert planned.status == "Planned" and frappe.db.get_value("Notice", planned.notice, "published")
	week = (frappe.utils.add_days(frappe.utils.today(), -7), frappe.utils.today())
	rate = handling_rate(*week, community=community)
	assert (rate["recorded"], rate["handled"], rate["rate"], rate["passed"]) == (2, 1, 50.0, False)
	session = frappe.get_doc("Training Session", {"title": "灭火器与消防栓使用"})
	assert session.attended_count >= 5 and 0 < session.passed_count < session.attended_count


def test_the_demo_resident_has_last_months_fee_invoice_to_pay_and_neighbours_paid_some():
	from property_service.core.periods import previous_period
	from property_service.demo import make_demo_invoices, make_demo_resident, make_demo_staff
	from property_service.demo.fees import make_fee_demo

	community = unique("demo")
	make_demo_data(units=30, seed=5, community=community, quiet=True, commit=False)
	make_demo_staff()
	user = make_demo_resident(community)
	owner = frappe.db.get_value("Property Owner", {"user": user}, "name")
	make_fee_demo(community)
	make_demo_invoices(community, owner, neighbours=6)
	units = frappe.get_all("Property Unit", {"community": community}, pluck="name")
	invoices = frappe.get_all(
		"Sales Invoice",
		{"property_unit": ["in", units], "docstatus": 1},
		["property_unit", "fee_period", "outstanding_amount", "grand_total", "customer"],
	)
	last = previous_period()
	theirs = [
		row for row in invoices if row.customer == frappe.db.get_value("Property Owner", owner, "customer")
	]
	assert {row.fee_period for row in theirs} == {previous_period(f"{last}-01"), last}
	assert all(row.outstanding_amount == 0 for row in theirs if row.fee_period != last)
	assert all(row.outstanding_amount == row.grand_total > 0 for row in theirs if row.fee_period == last)
	others = [row for row in invoices if row not in theirs and row.fee_period == last]
	assert others and {row.outstanding_amount == 0 for row in others} == {True, False}  # some paid
