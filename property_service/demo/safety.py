"""The demo's safety: a fire drill done last week with its log and evaluation, one planned next
week (announced to residents), an incident handled and one open, a publicity board, a training
session with its written exam, and last month's staff evaluations as drafts."""

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from property_service.demo.people import DEMO_STAFF
from property_service.vocabulary import SECURITY_SUPERVISOR

# who takes part: the office's staff (the accountant is not in the drills and trainings)
DRILL_STAFF = [email for email, _name, _roles in DEMO_STAFF if "accounts" not in email]


def make_safety_demo(community: str) -> dict:
	from property_service.safety import evaluations

	drills = [make_done_drill(community), make_planned_drill(community)]
	make_incidents(community)
	make_publicity(community)
	make_training()
	return {"drills": drills, "evaluations": len(evaluations.make_evaluations())}


def make_done_drill(community: str) -> str:
	"""A fire drill a week ago: started, its steps timed, finished, evaluated and its improvement
	raised as a corrective action."""
	from property_service.safety import drills

	done = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "档案室失火",
			"community": community,
			"drill_date": add_to_date(now_datetime(), days=-7),
			"location": "管理处档案室",
			"commander": "manager@demo.localhost",
			"participants": [{"participant_type": "Office Staff", "user": email} for email in DRILL_STAFF],
		}
	).insert(ignore_permissions=True)
	drills.start(done)
	for extra, row in zip((1, 0, 2, -1, 0), done.steps, strict=False):
		row.actual_minutes = max(1, row.planned_minutes + extra)
	done.save(ignore_permissions=True)
	drills.finish(done)
	done.db_set(  # the drill took place on its day
		{"started_on": done.drill_date, "ended_on": add_to_date(done.drill_date, minutes=done.actual_total)}
	)
	evaluate_drill(done)
	drills.raise_improvements(done)
	return done.name


def evaluate_drill(done) -> None:
	security = next((email for email, _name, roles in DEMO_STAFF if SECURITY_SUPERVISOR in roles), None)
	done.update(
		{
			"situation_report": "<p>全员在规定时间内到位，初期火灾在5分钟内扑灭。</p>",
			"process_analysis": "<p>报警环节用时超出计划，值班人员对报警流程不熟。</p>",
			"feasibility_analysis": "<p>预案分工明确，可行。</p>",
			"improvements": [
				{
					"improvement": "每周对值班人员进行报警流程培训",
					"responsible_department": "安管部",
					"responsible_user": security,
				},
			],
		}
	)
	done.save(ignore_permissions=True)


def make_planned_drill(community: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Emergency Drill",
				"emergency_plan": "居民紧急疏散",
				"community": community,
				"drill_date": add_to_date(now_datetime(), days=7),
				"location": "小区中心广场",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_incidents(community: str) -> None:
	"""A burst main three days ago, handled and closed; a fall at a door, still open."""
	from property_service.safety import incidents

	handled = frappe.get_doc(
		{
			"doctype": "Emergency Incident",
			"community": community,
			"emergency_plan": "主管爆裂",
			"description": "2栋地下室供水主管爆裂，积水约10厘米",
			"location": "2栋地下室",
			"occurred_on": add_to_date(now_datetime(), days=-3),
			"handling": "关闭总阀，抽水，抢修管道",
		}
	).insert(ignore_permissions=True)
	incidents.mark_handled(handled)
	handled.result = "当晚恢复供水，已通知受影响业主"
	handled.save(ignore_permissions=True)
	incidents.close(handled)
	frappe.get_doc(
		{
			"doctype": "Emergency Incident",
			"community": community,
			"description": "业主在3栋门口雨天滑倒，膝盖擦伤",
			"location": "3栋门口",
		}
	).insert(ignore_permissions=True)


def make_publicity(community: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Safety Publicity",
			"topic": "冬季防火安全知识",
			"activity_type": "Display Board",
			"community": community,
			"held_on": today(),
			"until": add_days(today(), 30),
			"content": "<p>不在楼道堆放杂物，不私拉电线，电动车不进楼入户。</p>",
		}
	).insert(ignore_permissions=True)


def make_training() -> None:
	"""A fire-fighting training ten days ago, every staff member examined in writing and orally."""
	frappe.get_doc(
		{
			"doctype": "Training Session",
			"title": "灭火器与消防栓使用",
			"training_type": "Emergency Training",
			"emergency_plan": "档案室失火",
			"session_date": add_days(today(), -10),
			"trainer": "保安班长赵刚",
			"exam": "Written and Oral",
			"attendees": [
				{"user": email, "written_score": 70 + 4 * i, "oral_score": 55 + 5 * i}
				for i, email in enumerate(DRILL_STAFF)
			],
		}
	).insert(ignore_permissions=True)
