"""Drills, incidents, safety publicity, training and the monthly evaluation (seed 12.1.5 (8),
12.1.1, 12.1.4): a drill copies its plan's steps and records actual minutes live, its
improvements become Corrective Actions, residents are told beforehand; incidents tell the office
at once (in-app, by SMS where set, a major one the Management Representative) and the handling
rate is counted on a known set; exams pass or fail by the mark and each person's file is kept;
the evaluation counts a person's month."""

import frappe
import pytest
from frappe.utils import add_days, add_to_date, get_datetime, getdate, now_datetime, today
from freezegun import freeze_time

from property_service.safety import drills, evaluations, incidents, plans, training
from tests.factories import make_building, make_community, make_training_plan, make_unit
from tests.utils import as_user, make_user

PLAN = "档案室失火"


@pytest.fixture
def community():
	return make_community()


def new_drill(community: str, **values):
	return frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": PLAN,
			"community": community,
			"drill_date": add_days(now_datetime(), 3),
			"location": "管理处档案室",
			**values,
		}
	).insert()


# ---------------------------------------------------------------------------------------- drills


def test_a_drill_copies_its_plans_steps_and_tells_the_residents(community):
	drill = new_drill(community)
	plan = frappe.get_doc("Emergency Plan", PLAN)
	assert [(r.step, r.planned_minutes) for r in drill.steps] == [
		(r.step, r.planned_minutes) for r in plan.steps
	]
	assert drill.status == "Planned" and drill.planned_total == sum(r.planned_minutes for r in plan.steps)
	notice = frappe.get_doc("Notice", drill.notice)
	assert notice.published and notice.community == community
	assert str(notice.publish_until) == str(get_datetime(drill.drill_date).date())
	assert PLAN in notice.title and "管理处档案室" in notice.body
	# moved a day later, the same notice follows; cancelled, it is withdrawn
	drill.drill_date = add_days(drill.drill_date, 1)
	drill.save()
	assert (
		frappe.db.get_value("Notice", drill.notice, "publish_until") == get_datetime(drill.drill_date).date()
	)
	drill.cancel_drill()
	assert drill.status == "Cancelled" and not frappe.db.get_value("Notice", drill.notice, "published")
	with pytest.raises(drills.DrillStateError):
		drill.reload()
		drill.location = "别处"
		drill.save()


def test_a_drill_without_a_notice_or_recorded_afterwards_tells_nobody(community):
	assert new_drill(community, tell_residents=0).notice is None
	assert new_drill(community, drill_date=add_days(now_datetime(), -2)).notice is None


def test_the_timed_log_records_actual_minutes_live(community):
	drill = new_drill(community, tell_residents=0)
	with pytest.raises(drills.DrillStateError):
		drill.complete_step()  # not started
	start = get_datetime("2026-11-27 09:00:00.250000")  # Frappe compares stamps as text: not .000000
	with freeze_time(start):
		drill.start()
	started = get_datetime(drill.started_on)
	assert drill.status == "In Progress" and started
	# the first step took 2 min 10 s (counted as 3), the second 4 min, the third 30 s (1)
	for minutes, step in ((2 + 10 / 60, 0), (6 + 10 / 60, 1), (6 + 40 / 60, 2)):
		with freeze_time(add_to_date(start, seconds=int(minutes * 60))):
			assert drill.complete_step() == drill.steps[step].step
	assert [r.actual_minutes for r in drill.steps[:3]] == [3, 4, 1]
	with pytest.raises(drills.DrillStateError):
		drill.finish()  # steps left without minutes
	for row in drill.steps[3:]:
		row.actual_minutes = (row.planned_minutes or 0) + 5  # entered by hand afterwards
	drill.save()
	drill.finish()
	planned = [r.planned_minutes for r in drill.steps]
	assert drill.status == "Done" and drill.ended_on
	assert drill.actual_total == 3 + 4 + 1 + sum(p + 5 for p in planned[3:])
	assert drill.steps_over_plan == sum(1 for r in drill.steps if r.actual_minutes > r.planned_minutes)
	# a save cannot forge the times or the status; the log is fixed once done
	drill.reload()
	drill.status, drill.started_on = "Planned", "2020-01-01 00:00:00"
	drill.steps[0].done_at = "2020-01-01 00:00:00"
	drill.save()
	drill.reload()
	assert (
		drill.status == "Done"
		and get_datetime(drill.started_on) == started
		and drill.steps[0].done_at != get_datetime("2020-01-01")
	)
	drill.steps[0].actual_minutes = 99
	with pytest.raises(drills.DrillStateError):
		drill.save()


def test_the_evaluation_raises_improvements_as_corrective_actions(community):
	drill = new_drill(community, tell_residents=0)
	with pytest.raises(drills.DrillStateError):
		drill.raise_corrective_actions()
	drill.start()
	for row in drill.steps:
		row.actual_minutes = row.planned_minutes
	drill.save()
	drill.finish()
	owner = make_user(roles=("Security Supervisor",))
	drill.update(
		{
			"situation_report": "<p>全员到位</p>",
			"process_analysis": "<p>报警慢</p>",
			"feasibility_analysis": "<p>预案可行</p>",
			"improvements": [
				{
					"improvement": "灭火器移至档案室门口",
					"responsible_department": "安管部",
					"responsible_user": owner,
					"deadline": add_days(today(), 10),
				},
				{"improvement": "每月检查应急照明"},
			],
		}
	)
	drill.save()
	made = drill.raise_corrective_actions()
	assert len(made) == 2
	action = frappe.get_doc("Corrective Action", made[0])
	assert (action.reference_doctype, action.reference_name, action.problem) == (
		"Emergency Drill",
		drill.name,
		"灭火器移至档案室门口",
	)
	assert (action.responsible_user, str(action.deadline)) == (owner, add_days(today(), 10))
	drill.reload()
	assert [r.corrective_action for r in drill.improvements] == made
	assert drill.raise_corrective_actions() == []  # once
	drill.improvements[1].corrective_action = None  # a save cannot unlink them
	drill.save()
	drill.reload()
	assert drill.improvements[1].corrective_action == made[1]


def test_shop_teams_and_employees_take_part(community):
	building = make_building(community)
	shop = make_unit(building, "S8", unit_type="Shop", business_name="好邻居便利店")
	unit = frappe.get_doc("Property Unit", shop)
	unit.append("shop_staff", {"staff_name": "王店长", "volunteer_fire_team": 1})
	unit.append("shop_staff", {"staff_name": "收银员", "volunteer_fire_team": 0})
	unit.save()
	drill = new_drill(
		community, tell_residents=0, participants=[{"participant_type": "Office Staff", "user": make_user()}]
	)
	assert drill.add_shop_teams() == 1 and drill.add_shop_teams() == 0
	assert [(r.participant_type, r.participant_name, r.unit) for r in drill.participants][1] == (
		"Shop Team",
		"王店长",
		shop,
	)
	assert drill.participants[0].participant_name  # the user's full name


# ------------------------------------------------------------------------------------- incidents


def new_incident(community: str, severity: str = "General", occurred_on=None, **values):
	return frappe.get_doc(
		{
			"doctype": "Emergency Incident",
			"community": community,
			"emergency_plan": "主管爆裂",
			"description": "3栋地下室供水主管爆裂",
			"location": "3栋地下室",
			"severity": severity,
			"occurred_on": occurred_on or now_datetime(),
			**values,
		}
	).insert()


def alerts(user: str, name: str) -> int:
	return frappe.db.count("Notification Log", {"for_user": user, "document_name": name})


def test_an_incident_tells_the_office_at_once_and_a_major_one_the_representative(community, sms_gateway):
	security, manager, representative, agent = (
		make_user(roles=(role,))
		for role in (
			"Security Supervisor",
			"Property Manager",
			"Management Representative",
			"Customer Service Agent",
		)
	)
	frappe.db.set_value("User", security, "mobile_no", "13900001111")
	frappe.db.set_value("User", representative, "mobile_no", "13900002222")
	general = new_incident(community)
	assert (alerts(security, general.name), alerts(manager, general.name)) == (1, 1)
	assert alerts(representative, general.name) == 0 and alerts(agent, general.name) == 0
	assert general.recorded_by == "Administrator" and general.status == "Open"
	texts = [m for m in sms_gateway if m.get("to") == "13900001111"]
	assert len(texts) == 1 and general.name in texts[0]["text"] and "3栋地下室" in texts[0]["text"]
	assert not [m for m in sms_gateway if m.get("to") == "13900002222"]
	major = new_incident(community, "Major")
	assert alerts(representative, major.name) == 1
	assert [m for m in sms_gateway if m.get("to") == "13900002222" and major.name in m["text"]]


def test_the_notifications_are_records_the_office_edits():
	from property_service.core.notifications import ensure_notifications

	name = "Emergency Incident - Security and Office Manager"
	doc = frappe.get_doc("Notification", name)
	assert {r.receiver_by_role for r in doc.recipients} == {"Security Supervisor", "Property Manager"}
	doc.subject = "突发事件：{{ doc.name }}"
	doc.save()
	ensure_notifications()
	assert frappe.db.get_value("Notification", name, "subject") == "突发事件：{{ doc.name }}"


def test_handled_then_result_then_closed(community):
	incident = new_incident(community)
	with pytest.raises(incidents.IncidentStateError):
		incident.mark_handled()  # nothing written
	with pytest.raises(incidents.IncidentStateError):
		incident.close()
	incident.handling = "关闭总阀，抢修"
	incident.save()
	incident.mark_handled()
	assert incident.status == "Handled" and incident.handled_by == "Administrator" and incident.handled_on
	with pytest.raises(incidents.IncidentStateError):
		incident.close()  # no result yet
	incident.result = "两小时内恢复供水"
	incident.save()
	incident.close()
	assert incident.status == "Closed" and incident.closed_on
	incident.reload()
	incident.result = "改写"
	with pytest.raises(incidents.IncidentStateError):
		incident.save()


def test_an_agent_records_but_does_not_handle(community):
	agent = make_user(roles=("Customer Service Agent",))
	with as_user(agent):
		incident = new_incident(community, handling="自己处理了", status="Closed", handled_by=agent)
		assert incident.recorded_by == agent and incident.status == "Open" and not incident.handled_by
		assert not incident.handling  # permission level 1: dropped from an agent's insert
		incident.reload()
		with pytest.raises(frappe.PermissionError):
			incident.mark_handled()


def test_the_handling_rate_on_a_known_set(community):
	day = "2031-03-10 10:00:00"
	made = [new_incident(community, occurred_on=day) for _ in range(4)]
	new_incident(community, occurred_on="2031-04-01 00:00:00")  # next month
	new_incident(make_community(), occurred_on=day)  # another community
	for incident in made[:3]:
		incident.handling = "已处理"
		incident.save()
		incident.mark_handled()
	made[0].result = "已恢复"
	made[0].save()
	made[0].close()
	figure = incidents.handling_rate("2031-03-01", "2031-03-31", community)
	assert {k: figure[k] for k in ("recorded", "handled", "rate", "passed")} == {
		"recorded": 4,
		"handled": 3,
		"rate": 75.0,
		"passed": False,
	}
	made[3].handling = "已处理"
	made[3].save()
	made[3].mark_handled()
	assert incidents.handling_rate("2031-03-01", "2031-03-31", community)["passed"] is True
	empty = incidents.handling_rate("2031-05-01", "2031-05-31", community)
	assert (empty["recorded"], empty["handled"], empty["rate"], empty["passed"]) == (0, 0, None, True)


def test_an_incidents_unit_is_in_its_community(community):
	other = make_unit(make_building(make_community()))
	with pytest.raises(frappe.ValidationError):
		new_incident(community, unit=other)


# ------------------------------------------------------------------------------------- publicity


def test_publicity_is_published_to_residents_and_withdrawn(community):
	board = frappe.get_doc(
		{
			"doctype": "Safety Publicity",
			"topic": "冬季防火知识",
			"activity_type": "Display Board",
			"community": community,
			"held_on": today(),
			"until": add_days(today(), 14),
			"content": "<p>不要在楼道堆放杂物</p>",
		}
	).insert()
	notice = frappe.get_doc("Notice", board.notice)
	assert notice.published and "冬季防火知识" in notice.title and "楼道" in notice.body
	assert str(notice.publish_until) == add_days(today(), 14)
	board.publish_to_residents = 0
	board.save()
	assert not frappe.db.get_value("Notice", board.notice, "published")
	board.publish_to_residents = 1
	board.notice = (
		frappe.get_doc({"doctype": "Notice", "title": "别的通知", "community": community, "body": "<p>…</p>"})
		.insert()
		.name
	)  # kept
	board.save()
	assert frappe.db.get_value("Notice", board.notice, "published") and board.notice == notice.name
	with pytest.raises(frappe.ValidationError):
		board.attendance = -1
		board.save()


# -------------------------------------------------------------------------------------- training


def session(**values):
	return frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "灭火器使用",
			"training_type": "Emergency Training",
			"emergency_plan": PLAN,
			"session_date": "2031-03-05",
			**values,
		}
	)


def test_exams_pass_or_fail_by_the_mark():
	a, b, c, d = (make_user() for _ in range(4))
	doc = session(
		exam="Written and Oral",
		pass_mark=60,
		attendees=[
			{"user": a, "written_score": 60, "oral_score": 75},  # both at or above the mark
			{"user": b, "written_score": 59.5, "oral_score": 90},  # written below
			{"user": c, "written_score": 80},  # no oral score
			{"user": d, "attended": 0},
		],
	).insert()
	assert [r.passed for r in doc.attendees] == [1, 0, 0, 0]
	assert (doc.attended_count, doc.passed_count) == (3, 1)
	assert doc.attendees[0].attendee_name  # the user's name
	with pytest.raises(training.TrainingScoreError):
		session(exam="Oral", attendees=[{"user": a, "written_score": 70}]).insert()
	with pytest.raises(training.TrainingScoreError):
		session(exam="Written", attendees=[{"user": a, "written_score": 101}]).insert()
	with pytest.raises(training.TrainingScoreError):
		session(attendees=[{"user": a}, {"user": a}]).insert()


def test_safety_meetings_and_trainings_are_held_from_the_years_plan(community):
	"""每次安全会议要根据培训计划一步一步落实 (seed 12.1.5 (8)): the plan's lines are held as
	sessions, which name them back; a safety meeting outside the plan is refused."""
	supervisor = make_user(roles=("Security Supervisor",))
	with as_user(supervisor):
		plan = make_training_plan(
			community,
			{"planned_date": "2031-03-03", "topic": "消防器材检查", "trainer": "李队长"},
			{
				"planned_date": "2031-03-10",
				"topic": "火灾应急预案",
				"training_type": "Emergency Training",
				"emergency_plan": PLAN,
			},
		)
		assert (plan.planned_count, plan.held_count) == (2, 0)
		with pytest.raises(training.TrainingPlanError):
			session(title="临时安全会议", training_type="Safety Meeting", emergency_plan=None).insert()
		meeting = frappe.get_doc("Training Session", plan.hold(plan.items[0].name))
		assert (meeting.training_type, meeting.title, meeting.community, str(meeting.session_date)) == (
			"Safety Meeting",
			"消防器材检查",
			community,
			"2031-03-03",
		)
		with pytest.raises(training.TrainingPlanError):
			plan.reload().hold(plan.items[0].name)  # once
		meeting.update({"training_plan": None, "plan_item": None, "content": "<p>检查了灭火器</p>"})
		meeting.save()  # the plan line it was held from stays
		assert meeting.reload().plan_item == plan.items[0].name
	plan.reload()
	assert (plan.items[0].session, str(plan.items[0].held_on), plan.held_count) == (
		meeting.name,
		"2031-03-03",
		1,
	)
	with as_user(supervisor):
		plan.items[1].session = meeting.name  # a save cannot say a line was held
		plan.save()
		assert plan.reload().items[1].session is None
		plan.remove(plan.items[0])
		with pytest.raises(training.TrainingPlanError):
			plan.save()  # a held line stays in the plan
	frappe.delete_doc("Training Session", meeting.name)
	plan.reload()
	assert (plan.items[0].session, plan.held_count) == (None, 0)  # to be held again


def test_each_persons_training_file_and_the_report():
	from property_service.safety.report.training_record.training_record import execute

	person = make_user()
	session(
		session_date="2031-03-05", exam="Written", attendees=[{"user": person, "written_score": 88}]
	).insert()
	session(
		session_date="2031-03-12",
		title="客服礼仪",
		training_type="Department Training",
		attendees=[{"user": person}],
	).insert()
	session(session_date="2031-03-19", exam="Oral", attendees=[{"user": person, "attended": 0}]).insert()
	history = training.history(person)
	assert [str(r.session_date) for r in history] == ["2031-03-19", "2031-03-12", "2031-03-05"]
	assert (history[2].written_score, history[2].passed, history[0].attended) == (88, 1, 0)
	assert len(training.history(person, "2031-03-10", "2031-03-31")) == 2
	_columns, rows, _m, _c, summary = execute({"staff": person})
	assert [r.result for r in rows] == ["", "", frappe._("Passed")]
	assert [s["value"] for s in summary] == [2, 1, "1 / 1"]


# ----------------------------------------------------------------------------------- evaluations


def test_the_monthly_evaluation_counts_a_persons_month():
	agent = make_user(roles=("Customer Service Agent",))
	session(
		session_date="2031-03-05", exam="Written", attendees=[{"user": agent, "written_score": 50}]
	).insert()
	session(
		session_date="2031-03-12", exam="Written", attendees=[{"user": agent, "written_score": 90}]
	).insert()
	session(session_date="2031-03-19", attendees=[{"user": agent, "attended": 0}]).insert()
	session(session_date="2031-04-02", attendees=[{"user": agent}]).insert()  # next month
	figures = evaluations.figures(agent, "2031-03")
	assert {
		k: figures[k] for k in ("trainings_attended", "trainings_missed", "exams_taken", "exams_passed")
	} == {
		"trainings_attended": 2,
		"trainings_missed": 1,
		"exams_taken": 2,
		"exams_passed": 1,
	}
	doc = frappe.get_doc(
		{"doctype": "Staff Evaluation", "staff": agent, "period": "2031-03", "exams_passed": 9}
	).insert()
	assert doc.exams_passed == 1 and doc.trainings_attended == 2  # counted, not sent
	with pytest.raises(frappe.ValidationError):
		doc.submit()  # no rating
	doc.reload()
	doc.rating, doc.remarks = "Good", "培训积极"
	doc.submit()
	assert doc.evaluator == "Administrator"
	with pytest.raises(frappe.ValidationError):
		frappe.get_doc({"doctype": "Staff Evaluation", "staff": agent, "period": "2031-3"}).insert()


def test_the_monthly_job_drafts_once_and_tells_the_managers():
	agent = make_user(roles=("Customer Service Agent",))
	make_user(roles=("Maintenance Technician",))
	manager = make_user(roles=("Property Manager",))
	with freeze_time("2031-06-01 02:00:00"):
		made = evaluations.make_evaluations()
		assert f"EVL-2031-05-{agent}" in made and not any(manager in name for name in made)
		assert evaluations.make_evaluations() == []
		frappe.delete_doc("Staff Evaluation", made[1])
		assert evaluations.make_evaluations() == []  # a deleted draft stays deleted
	assert (
		frappe.db.count("Notification Log", {"for_user": manager, "document_type": "Staff Evaluation"}) == 1
	)


# ---------------------------------------------------------------------------------- plan reviews


def test_a_plans_review_is_reminded_once_per_date_to_its_leader():
	"""The plan's leader is the role of its Commander duty (the office manager in the installed
	plans), not the security supervisors."""
	leader = make_user(roles=("Property Manager",))
	security = make_user(roles=("Security Supervisor",))
	plan = frappe.get_doc("Emergency Plan", "交通事故")
	assert plans.leader_role(plan) == "Property Manager"
	plan.review_date = add_days(today(), 45)
	plan.save()
	assert plan.name not in plans.remind_reviews()  # 45 days away
	frappe.db.set_value("Emergency Plan", plan.name, "review_date", add_days(today(), 30))
	assert plan.name in plans.remind_reviews()
	assert plan.name not in plans.remind_reviews()
	todo = frappe.get_all(
		"ToDo", {"reference_name": plan.name, "allocated_to": leader, "status": "Open"}, ["date"]
	)
	assert [str(t.date) for t in todo] == [add_days(today(), 30)]
	assert not frappe.db.exists("ToDo", {"reference_name": plan.name, "allocated_to": security})
	frappe.db.set_value("Emergency Plan", plan.name, "review_date", add_days(today(), 20))  # a new date
	assert plan.name in plans.remind_reviews()


def test_handling_time_major_accidents_and_the_incidents_actions(community):
	"""及时: handled within the hours the office sets (4); 无重大安全责任事故: a major liability
	accident fails the standard; an incident raises its corrective or preventive action once."""
	from property_service.office import kpis

	quick = new_incident(community, occurred_on=add_to_date(now_datetime(), hours=-3))
	slow = new_incident(community, "Major", occurred_on=add_to_date(now_datetime(), hours=-6))
	for incident in (quick, slow):
		incident.handling = "已关阀抢修"
		incident.save()
		incident.mark_handled()
	assert 2.9 < quick.handling_hours < 3.1 and 5.9 < slow.handling_hours < 6.1
	period = (add_days(today(), -1), today(), community)

	def kpi(key):
		return next(row for row in kpis.compute(*period) if row["key"] == key)

	assert (kpi("incidents_in_time")["part"], kpi("incidents_in_time")["whole"]) == (1, 2)
	assert kpi("safety_accidents")["passed"] == 1  # major, but not a liability accident
	frappe.db.set_value("Emergency Incident", slow.name, "liability_accident", 1)
	row = kpi("safety_accidents")
	assert row["passed"] == 0 and row["basis"].startswith("1")
	frappe.db.set_single_value("Property Service Settings", "incident_handling_hours", 8)
	try:
		assert kpi("incidents_in_time")["passed"] == 1
	finally:
		frappe.db.set_single_value("Property Service Settings", "incident_handling_hours", 4)
	action = quick.raise_corrective_action("Preventive Action")
	assert quick.raise_corrective_action("Corrective Action") == action  # once
	row = frappe.db.get_value(
		"Corrective Action", action, ["reference_doctype", "reference_name", "action_type"], as_dict=True
	)
	assert (row.reference_doctype, row.reference_name, row.action_type) == (
		"Emergency Incident",
		quick.name,
		"Preventive Action",
	)
	empty = kpis.compute("2031-05-01", "2031-05-31", community)
	assert next(r for r in empty if r["key"] == "safety_accidents")["passed"] == 1  # none: a pass


def test_all_staff_pass_the_written_and_oral_safety_exam():
	"""全员通过笔试、口试: the community's staff who passed an emergency exam in the year."""
	place = make_community()
	staff = []
	for role in ("Customer Service Agent", "Maintenance Technician"):
		user = make_user(roles=(role,))
		frappe.get_doc(
			{"doctype": "User Permission", "user": user, "allow": "Community", "for_value": place}
		).insert(ignore_permissions=True)
		staff.append(user)
	before = training.exam_coverage(getdate("2031-03-31"), place)
	assert set(staff) <= set(before["not_passed"])
	session(
		exam="Written and Oral",
		pass_mark=60,
		attendees=[
			{"user": staff[0], "written_score": 80, "oral_score": 70},
			{"user": staff[1], "written_score": 50, "oral_score": 70},
		],
	).insert()
	after = training.exam_coverage(getdate("2031-03-31"), place)
	assert (after["staff"], after["passed"]) == (before["staff"], before["passed"] + 1)
	assert staff[0] not in after["not_passed"] and staff[1] in after["not_passed"]
	assert training.exam_coverage(getdate("2032-03-06"), place)["passed"] == before["passed"]  # a year on
