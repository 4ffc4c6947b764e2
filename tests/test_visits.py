"""Owner visits (seed 12.1.2 (2)): the record's rules, the privacy of visit notes, the monthly plan
(size, rotation over three months, made once) and the summaries due on the 5th and the 10th."""

import frappe
import pytest
from freezegun import freeze_time

from property_service.core.routing import community_staff
from property_service.engagement import visits
from property_service.engagement.doctype.owner_visit.owner_visit import OwnerVisitError
from property_service.engagement.doctype.owner_visit_summary.owner_visit_summary import VisitSummaryError
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.portal_world import resident
from tests.utils import as_user, make_user


def visit(unit: str, visitor: str, day: str, mode: str = "Phone", **fields):
	return frappe.get_doc(
		{
			"doctype": "Owner Visit",
			"unit": unit,
			"visitor": visitor,
			"visit_date": day,
			"visit_mode": mode,
			"notes": "业主反映楼道灯不亮",
			**fields,
		}
	).insert()


@pytest.fixture
def estate():
	"""21 occupied units (ceil(5 %) = 2 a month), two vacant, and two agents working there."""
	community = make_community()
	building = make_building(community)
	occupied = [make_unit(building, f"{101 + i}") for i in range(21)]
	for unit in occupied:
		make_owner(units=[unit])
	# they have lived there for years (the tests travel back to 2026-03)
	frappe.db.set_value("Property Owner Unit", {"unit": ["in", occupied]}, "move_in_date", "2020-01-01")
	vacant = [make_unit(building, "901"), make_unit(building, "902")]
	agents = []
	for _ in range(2):
		agent = make_user(roles=("Customer Service Agent",))
		frappe.get_doc(
			{"doctype": "User Permission", "user": agent, "allow": "Community", "for_value": community}
		).insert(ignore_permissions=True)
		agents.append(agent)
	return frappe._dict(community=community, occupied=occupied, vacant=vacant, agents=agents)


def plan_units(community: str, period: str) -> list[str]:
	plan = frappe.get_doc("Owner Visit Plan", f"OVP-{community}-{period}")
	return [row.unit for row in plan.units]


def test_the_plan_size_rotation_over_three_months_and_made_once(estate):
	# 17 units were visited before, at different times; four never were
	old = estate.occupied[4:]
	for months_ago, unit in enumerate(old):
		visit(unit, estate.agents[0], f"2025-{12 - months_ago % 12:02d}-{1 + months_ago:02d}")
	with freeze_time("2026-03-01 00:05:00"):
		made = visits.make_visit_plans()
		assert f"OVP-{estate.community}-2026-03" in made
		assert visits.make_visit_plans() == []  # once per community and month
	plan = frappe.get_doc("Owner Visit Plan", f"OVP-{estate.community}-2026-03")
	assert (plan.occupied_units, plan.target) == (21, 2)  # the vacant units are not counted
	assert [row.unit for row in plan.units] == estate.occupied[:2]  # never visited first, by name
	staff = community_staff("Customer Service Agent", estate.community)
	assert set(estate.agents) <= set(staff)
	assert [row.agent for row in plan.units] == staff[:2]  # shared in turn
	for unit in plan_units(estate.community, "2026-03"):
		visit(unit, estate.agents[0], "2026-03-15")
	with freeze_time("2026-04-02 08:00:00"):
		visits.make_visit_plans()
	assert plan_units(estate.community, "2026-04") == estate.occupied[2:4]
	for unit in plan_units(estate.community, "2026-04"):
		visit(unit, estate.agents[1], "2026-04-10")
	with freeze_time("2026-05-01 00:05:00"):
		visits.make_visit_plans()
	# everyone has been visited now: the two visited longest ago come next
	last = visits.last_visits(estate.community)
	longest_ago = sorted(old, key=lambda unit: (last[unit], unit))[:2]
	assert plan_units(estate.community, "2026-05") == longest_ago
	assert frappe.db.count("Owner Visit Plan", {"community": estate.community}) == 3


def test_a_visit_ticks_its_plan_and_a_deleted_one_unticks_it(estate):
	with freeze_time("2026-03-01 00:05:00"):
		visits.make_visit_plans()
	name = f"OVP-{estate.community}-2026-03"
	first = plan_units(estate.community, "2026-03")[0]
	done = visit(first, estate.agents[0], "2026-03-20")
	unplanned = visit(estate.occupied[10], estate.agents[0], "2026-03-21")
	assert done.reload().visit_plan == name
	plan = frappe.get_doc("Owner Visit Plan", name)
	assert (plan.visited, plan.units_visited) == (1, 2)
	assert plan.units[0].owner_visit == done.name and not plan.units[1].owner_visit
	frappe.delete_doc("Owner Visit", done.name)
	plan.reload()
	assert (plan.visited, plan.units_visited, plan.units[0].owner_visit) == (0, 1, None)
	assert unplanned.name


def test_the_plan_keeps_its_units_and_figures(estate):
	with freeze_time("2026-03-01 00:05:00"):
		visits.make_visit_plans()
	plan = frappe.get_doc("Owner Visit Plan", f"OVP-{estate.community}-2026-03")
	plan.units[0].agent = estate.agents[1]  # the office hands a row to another agent
	plan.units[0].owner_visit = None
	plan.target = 99
	plan.save()
	plan.reload()
	assert (plan.units[0].agent, plan.target) == (estate.agents[1], 2)
	plan.units.pop()
	with pytest.raises(frappe.ValidationError):
		plan.save()
	with pytest.raises(frappe.PermissionError), as_user(estate.agents[0]):
		frappe.get_doc(
			{"doctype": "Owner Visit Plan", "community": estate.community, "period": "2026-09"}
		).insert()


def test_a_home_visit_needs_an_appointment_and_a_signature_is_never_forced(estate):
	unit = estate.occupied[0]
	with pytest.raises(OwnerVisitError, match="appointment"):
		visit(unit, estate.agents[0], "2026-03-02", mode="Home Visit")
	with pytest.raises(OwnerVisitError):
		visit(unit, estate.agents[0], "2026-03-02", signed=1, refused_to_sign=1)
	with pytest.raises(OwnerVisitError):
		visit(estate.vacant[0], estate.agents[0], "2026-03-02")  # nobody to visit there
	done = visit(
		unit,
		estate.agents[0],
		"2026-03-02",
		mode="Home Visit",
		appointment_time="2026-03-02 19:00:00",
		refused_to_sign=1,
	)
	assert done.property_owner and done.refused_to_sign
	done.update({"feedback_needed": 1, "feedback_given": 1})
	with pytest.raises(OwnerVisitError, match="fed back"):
		done.save()
	done.reload()
	done.update({"feedback_needed": 1, "feedback_given": 1, "feedback": "已告知路灯维修时间"})
	done.save()
	assert str(done.feedback_on) == frappe.utils.today()


def test_visit_notes_are_private_to_the_visitor_supervisors_and_the_manager(estate):
	mine = visit(estate.occupied[0], estate.agents[0], "2026-03-02", suggestions="增设快递柜")
	summary = frappe.get_doc(
		{
			"doctype": "Owner Visit Summary",
			"kind": "Agent Summary",
			"period": "2026-03",
			"author": estate.agents[0],
		}
	).insert()
	_owner, resident_user = resident(estate.occupied[0], "visited")
	technician = make_user(roles=("Maintenance Technician",))
	for outsider in (estate.agents[1], resident_user, technician):
		with as_user(outsider):
			for doc in (mine, summary):
				assert not frappe.has_permission(doc.doctype, "read", doc=doc), outsider
				try:
					assert doc.name not in frappe.get_list(doc.doctype, pluck="name")
				except frappe.PermissionError:
					pass  # no right on the DocType at all
	with as_user(estate.agents[1]), pytest.raises(frappe.PermissionError):
		visit(estate.occupied[1], estate.agents[0], "2026-03-03")  # not on another's behalf
	for reader in (
		estate.agents[0],
		make_user(roles=("Customer Service Supervisor",)),
		make_user(roles=("Property Manager",)),
	):
		with as_user(reader):
			assert frappe.has_permission("Owner Visit", "read", doc=mine)
			assert mine.name in frappe.get_list("Owner Visit", pluck="name")
			assert summary.name in frappe.get_list("Owner Visit Summary", pluck="name")


def test_summaries_are_due_on_the_fifth_and_the_tenth_once(estate):
	manager = make_user(roles=("Property Manager",))
	frappe.get_doc(
		{"doctype": "User Permission", "user": manager, "allow": "Community", "for_value": estate.community}
	).insert(ignore_permissions=True)
	with freeze_time("2026-03-01 00:05:00"):
		visits.make_visit_plans()
	planned = plan_units(estate.community, "2026-03")
	visit(planned[0], estate.agents[0], "2026-03-05", suggestions="希望增设快递柜", feedback_needed=1)
	visit(planned[1], estate.agents[1], "2026-03-06")

	def summaries(kind):
		return frappe.get_all(
			"Owner Visit Summary",
			{"kind": kind, "period": "2026-03", "author": ["in", [*estate.agents, manager]]},
			["name", "author", "planned", "visits", "feedback_needed"],
		)

	with freeze_time("2026-04-04 09:00:00"):
		visits.remind_summaries()
	assert summaries("Agent Summary") == []  # not before the 5th
	with freeze_time("2026-04-05 09:00:00"):
		visits.remind_summaries()
		mine = {row.author: row for row in summaries("Agent Summary")}
		assert set(mine) == set(estate.agents)
		assert (
			mine[estate.agents[0]].planned,
			mine[estate.agents[0]].visits,
			mine[estate.agents[0]].feedback_needed,
		) == (1, 1, 1)
		assert summaries("Office Manager Summary") == []
		todos = frappe.db.count(
			"ToDo", {"reference_type": "Owner Visit Summary", "allocated_to": ["in", estate.agents]}
		)
		assert todos == 2
	with freeze_time("2026-04-06 09:00:00"):
		visits.remind_summaries()  # not twice
		assert len(summaries("Agent Summary")) == 2
		assert (
			frappe.db.count(
				"ToDo", {"reference_type": "Owner Visit Summary", "allocated_to": ["in", estate.agents]}
			)
			== 2
		)
	with freeze_time("2026-04-10 09:00:00"):
		visits.remind_summaries()
		visits.remind_summaries()
	[monthly] = summaries("Office Manager Summary")
	doc = frappe.get_doc("Owner Visit Summary", monthly.name)
	assert (doc.author, doc.community, str(doc.due_date), doc.planned, doc.visits) == (
		manager,
		estate.community,
		"2026-04-10",
		2,
		2,
	)
	assert [row.suggestion for row in doc.items] == ["希望增设快递柜"]
	assert frappe.db.exists(
		"ToDo", {"reference_type": "Owner Visit Summary", "reference_name": doc.name, "allocated_to": manager}
	)
	doc.summary = "本月访问2户，建议已研究"
	doc.status = "Submitted"
	with pytest.raises(VisitSummaryError, match="Decide"):
		doc.save()
	doc.reload()
	doc.update({"summary": "本月访问2户，建议已研究", "status": "Submitted"})
	doc.items[0].update(
		{"decision": "Adopt", "decision_note": "五月安装", "fed_back": 1, "feedback": "已电话告知业主"}
	)
	doc.save()
	assert str(doc.submitted_on) == frappe.utils.today()
