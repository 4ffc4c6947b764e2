"""Routine callbacks (seed 12.1.1, 12.1.4): a campaign makes callbacks without a source document
for a rotating share of the occupied units, the Assignment Rule gives them to agents, and the
80 % standard (home-visit callbacks ÷ callbacks planned) is computed against a configurable target."""

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.engagement import routine_callbacks
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user


@pytest.fixture
def estate():
	community = make_community()
	building = make_building(community)
	occupied = [make_unit(building, f"{101 + i}") for i in range(4)]
	owners = [make_owner(units=[unit]) for unit in occupied]
	make_owner(units=[occupied[0]], relation="Tenant")
	vacant = make_unit(building, "901")
	agent = make_user(roles=("Customer Service Agent",))
	return frappe._dict(community=community, occupied=occupied, owners=owners, vacant=vacant, agent=agent)


def campaign(community: str, share: float = 100, quarter: str = "2026-Q4"):
	return frappe.get_doc(
		{
			"doctype": "Callback Campaign",
			"title": "第四季度回访",
			"community": community,
			"quarter": quarter,
			"due_date": add_days(today(), 20),
			"share": share,
		}
	).insert()


def test_a_campaign_calls_back_a_rotating_share_of_the_occupied_units(estate):
	first = campaign(estate.community, share=50)
	assert first.make_callbacks() == 2
	callbacks = frappe.get_all(
		"Callback Record",
		{"callback_campaign": first.name},
		["unit", "property_owner", "reference_doctype", "agent", "status", "due_date"],
		order_by="unit",
	)
	assert [row.unit for row in callbacks] == estate.occupied[:2]
	assert callbacks[0].property_owner == estate.owners[0]  # the owner, not the tenant
	assert all(not row.reference_doctype and row.status == "To Do" for row in callbacks)
	assert all(row.agent for row in callbacks)  # the Assignment Rule gave them to agents
	assert frappe.db.get_value("Callback Campaign", first.name, ["status", "planned"]) == ("Open", 2)
	with pytest.raises(routine_callbacks.CampaignStateError):
		first.make_callbacks()
	second = campaign(estate.community, share=50)
	second.make_callbacks()
	units = frappe.get_all(
		"Callback Record", {"callback_campaign": second.name}, pluck="unit", order_by="unit"
	)
	assert units == estate.occupied[2:]  # the units not called back yet; never the vacant one


def test_the_home_visit_standard_on_a_known_set(estate):
	doc = campaign(estate.community)
	assert doc.make_callbacks() == 4
	rows = frappe.get_all("Callback Record", {"callback_campaign": doc.name}, pluck="name", order_by="unit")
	for name, method, rating in zip(
		rows,
		("Home Visit", "Home Visit", "Phone", None),
		("A - Satisfied", "B - Fairly Satisfied", "A - Satisfied", None),
		strict=True,
	):
		if method:
			callback = frappe.get_doc("Callback Record", name)
			callback.update(
				{"callback_method": method, "satisfaction": rating, "content_and_result": "业主满意"}
			)
			callback.save()
	doc.reload()
	assert (doc.planned, doc.done, doc.coverage) == (4, 3, 75)
	assert (doc.home_visits, doc.home_visit_rate, doc.target, doc.passed) == (2, 50, 80, 0)
	frappe.db.set_single_value("Property Service Settings", "routine_callback_target", 50)
	routine_callbacks.refresh(doc.name)
	doc.reload()
	assert (doc.target, doc.passed) == (50, 0)  # 2 of 4 at the door does not exceed 50 % (超过)
	frappe.db.set_single_value("Property Service Settings", "routine_callback_target", 40)
	routine_callbacks.refresh(doc.name)
	doc.reload()
	assert (doc.target, doc.passed) == (40, 1)  # 50 % exceeds a 40 % target


def test_figures_and_the_campaign_link_cannot_be_sent(estate):
	doc = campaign(estate.community)
	doc.update({"planned": 40, "passed": 1, "status": "Closed"})
	doc.save()
	assert (doc.planned, doc.passed, doc.status) == (0, 0, "Draft")
	callback = frappe.get_doc(
		{"doctype": "Callback Record", "unit": estate.occupied[0], "callback_campaign": doc.name}
	).insert()
	assert not callback.callback_campaign
	with pytest.raises(routine_callbacks.CampaignStateError):
		campaign(estate.community, quarter="2026年第四季度")


def test_an_upgraded_site_gets_the_new_settings_defaults_and_keeps_its_own():
	from property_service.setup.install import ensure_settings_defaults

	singles = frappe.qb.Table("tabSingles")
	frappe.qb.from_(singles).delete().where(
		(singles.doctype == "Property Service Settings") & (singles.field == "routine_callback_target")
	).run()
	frappe.db.set_single_value("Property Service Settings", "callback_due_days", 5)
	ensure_settings_defaults()
	assert frappe.db.get_single_value("Property Service Settings", "routine_callback_target") == 80
	assert frappe.db.get_single_value("Property Service Settings", "callback_due_days") == 5


def test_a_routine_callback_is_not_the_residents_to_rate_and_their_home_still_shows(estate):
	from property_service.portal.resident import home
	from tests.portal_world import resident

	unit = make_unit(frappe.db.get_value("Property Unit", estate.occupied[0], "building"), "301")
	owner, user = resident(unit, "called")
	doc = campaign(estate.community)
	doc.make_callbacks()
	assert frappe.db.exists("Callback Record", {"callback_campaign": doc.name, "property_owner": owner})
	with as_user(user):
		page = home(user)
	assert page["callbacks"] == [] and [row.name for row in page["units"]] == [unit]


def test_the_quarters_draft_rounds_for_the_supervisors_once(estate):
	"""Seed 12.1.4 业主回访: 二次至三次 a quarter — two draft rounds (three where the office says),
	due spread over the quarter."""
	from freezegun import freeze_time

	from property_service.engagement import calendar

	frappe.db.set_value(
		"Property Owner Unit", {"unit": ["in", estate.occupied]}, "move_in_date", "2020-01-01"
	)
	supervisor = make_user(roles=("Customer Service Supervisor",))

	def rounds():
		return frappe.get_all(
			"Callback Campaign",
			{"community": estate.community},
			["name", "quarter", "round", "status", "due_date"],
			order_by="quarter, round",
		)

	with freeze_time("2026-04-02 09:00:00"):
		made = calendar.draft_quarter_rounds()
		mine = rounds()
		assert [(row.quarter, row.round, row.status, str(row.due_date)) for row in mine] == [
			("2026-Q2", 1, "Draft", "2026-05-31"),
			("2026-Q2", 2, "Draft", "2026-06-30"),
		]
		assert {row.name for row in mine} <= set(made)
		assert frappe.db.exists("ToDo", {"reference_name": mine[1].name, "allocated_to": supervisor})
		assert not {row.name for row in mine} & set(calendar.draft_quarter_rounds())  # once a quarter
	frappe.db.set_single_value("Property Service Settings", "routine_callback_rounds", 3)
	try:
		with freeze_time("2026-07-01 09:00:00"):
			calendar.draft_quarter_rounds()
	finally:
		frappe.db.set_single_value("Property Service Settings", "routine_callback_rounds", 2)
	third = [(row.round, str(row.due_date)) for row in rounds() if row.quarter == "2026-Q3"]
	assert third == [(1, "2026-07-31"), (2, "2026-08-31"), (3, "2026-09-30")]
