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
from tests.utils import as_user, make_user, run_daily_notification


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


def test_summaries_are_drafted_on_the_first_once_due_on_the_fifth_and_the_tenth(estate):
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
			["name", "author", "planned", "visits", "feedback_needed", "due_date"],
		)

	def todos():
		return frappe.db.count(
			"ToDo",
			{"reference_type": "Owner Visit Summary", "allocated_to": ["in", [*estate.agents, manager]]},
		)

	# the site's time zone is Asia/Shanghai (UTC+8)
	with freeze_time("2026-03-31 15:30:00"):  # 23:30 on the 31st
		visits.draft_summaries()
	assert summaries("Agent Summary") == []  # March is not over
	with freeze_time("2026-03-31 16:30:00"):  # 00:30 on the 1st
		visits.draft_summaries()
		mine = {row.author: row for row in summaries("Agent Summary")}
		assert set(mine) == set(estate.agents)
		first = mine[estate.agents[0]]
		assert (first.planned, first.visits, first.feedback_needed, str(first.due_date)) == (
			1,
			1,
			1,
			"2026-04-05",
		)
		[monthly] = summaries("Office Manager Summary")
		assert str(monthly.due_date) == "2026-04-10"
		assert todos() == 3
	with freeze_time("2026-04-06 09:00:00"):
		visits.draft_summaries()  # not twice
		assert len(summaries("Agent Summary")) == 2 and todos() == 3
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
	assert str(doc.submitted_on) == frappe.utils.today() and doc.submitted_late  # months after the 10th


def agent_summary(estate, period="2026-03", day="2026-04-01 02:00:00"):
	"""The first agent's summary of `period`, drafted by the job on the 1st."""
	with freeze_time(period + "-01 00:05:00"):
		visits.make_visit_plans()
	visit(plan_units(estate.community, period)[0], estate.agents[0], period + "-05")
	with freeze_time(day):
		visits.draft_summaries()
	return frappe.get_doc(
		"Owner Visit Summary", {"kind": visits.AGENT, "period": period, "author": estate.agents[0]}
	)


def test_a_summary_is_reminded_before_its_day_and_reported_late_after_it(estate):
	manager = make_user(roles=("Property Manager",))
	summary = agent_summary(estate)

	def told(user):
		return frappe.db.count(
			"Notification Log",
			{"document_name": summary.name, "for_user": user, "type": ["!=", "Assignment"]},
		)

	for day in ("2026-04-02", "2026-04-03", "2026-04-05"):
		with freeze_time(day + " 08:00:00"):
			run_daily_notification("Owner Visit Summary Due")
			run_daily_notification("Owner Visit Summary Late - Office Manager")
	assert (told(estate.agents[0]), told(manager)) == (1, 0)  # two days before the 5th
	with freeze_time("2026-04-06 08:00:00"):
		run_daily_notification("Owner Visit Summary Late - Office Manager")
	assert (told(estate.agents[0]), told(manager)) == (2, 1)
	with as_user(estate.agents[0]):
		summary.reload()
		summary.update({"summary": "三月访问1户", "status": "Submitted"})
		summary.save()
	assert summary.submitted_late  # today is long after 2026-04-05


def test_the_office_sets_the_due_days(estate):
	frappe.db.set_single_value("Property Service Settings", "agent_summary_day", 3)
	try:
		summary = agent_summary(estate, "2026-05", "2026-06-01 08:00:00")
		assert str(summary.due_date) == "2026-06-03"
		with freeze_time("2026-06-02 10:00:00"), as_user(estate.agents[0]):
			summary.update({"summary": "五月访问1户", "status": "Submitted"})
			summary.save()
		assert str(summary.submitted_on) == "2026-06-02" and not summary.submitted_late
	finally:
		frappe.db.set_single_value("Property Service Settings", "agent_summary_day", 5)


def test_the_manager_records_a_review_of_each_agent_summary(estate):
	manager = make_user(roles=("Property Manager",))
	summary = agent_summary(estate)
	with as_user(manager), pytest.raises(VisitSummaryError, match="submitted"):
		doc = frappe.get_doc("Owner Visit Summary", summary.name)
		doc.review_comment = "已阅"
		doc.save()  # a draft is not reviewed
	with as_user(estate.agents[0]):
		doc = frappe.get_doc("Owner Visit Summary", summary.name)
		doc.update({"summary": "三月访问1户", "status": "Submitted", "review_comment": "自己批准"})
		doc.save()
		assert not doc.review_comment  # a level-1 field: the agent cannot write it
	with as_user(manager):
		doc = frappe.get_doc("Owner Visit Summary", summary.name)
		doc.update({"review_comment": "已阅，建议跟进快递柜", "reviewed_by": estate.agents[1]})
		doc.save()
		assert (doc.reviewed_by, str(doc.reviewed_on)) == (manager, frappe.utils.today())
		doc.review_comment = "改写"
		with pytest.raises(VisitSummaryError, match="cannot be changed"):
			doc.save()
