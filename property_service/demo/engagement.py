"""The demo's owner engagement: this month's visit plan with a few visits done, an open opinion
survey answered by about 40 % of the occupied units (not the demo resident's, who can answer
it), a routine callback round and the year's community activities."""

import random

import frappe
from frappe.utils import add_days, getdate, now_datetime, today

from property_service.demo.people import DEMO_RESIDENT
from property_service.vocabulary import OPEN, SURVEY_RATINGS

DEMO_OPINIONS = ("晚上路灯太暗", "电梯高峰期等候太久", "希望增加绿化", "垃圾清运及时", "保安态度很好", "")
VISIT_NOTES = ("业主希望小区增设快递柜", "业主反映楼道灯不亮", "业主对保洁很满意")
ACTIVITY_THEMES = ((2, "元宵灯谜会"), (6, "儿童节亲子游园"), (9, "中秋游园会"), (12, "迎新年联欢"))


def make_engagement_demo(community: str, seed: int = 7) -> dict:
	rng = random.Random(seed)
	plan = make_visits(community)
	answered = make_survey_answers(community, rng)
	called = make_callback_round(community)
	make_activities(community)
	return {"visit plan": plan, "survey answers": answered, "routine callbacks": called}


def make_visits(community: str) -> str:
	"""The month's visit plan, three of its units visited by phone; returns the plan."""
	from property_service.engagement import visits

	visits.make_visit_plans()
	agent = "agent@demo.localhost" if frappe.db.exists("User", "agent@demo.localhost") else "Administrator"
	plan = frappe.get_doc("Owner Visit Plan", {"community": community, "period": visits.period_of()})
	for row, note in zip(plan.units[:3], VISIT_NOTES, strict=False):
		frappe.get_doc(
			{
				"doctype": "Owner Visit",
				"unit": row.unit,
				"visitor": row.agent or agent,
				"visit_mode": "Phone",
				"topic_management": 1,
				"notes": note,
				"suggestions": note if "希望" in note else None,
				"feedback_needed": int("希望" in note),
			}
		).insert(ignore_permissions=True)
	return plan.name


def make_survey_answers(community: str, rng: random.Random) -> int:
	"""An open survey of this year, answered on paper by some occupied units; returns how many."""
	from property_service.property.occupancy import occupied_units

	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": f"{getdate(today()).year}年业主意见调查",
			"community": community,
			"start_date": add_days(today(), -7),
			"end_date": add_days(today(), 21),
		}
	).insert(ignore_permissions=True)
	survey.open()
	resident = frappe.db.get_value("Property Owner", {"user": DEMO_RESIDENT}) or ""
	resident_units = set(frappe.get_all("Property Owner Unit", {"parent": resident}, pluck="unit"))
	answered = 0
	for unit in occupied_units(community):
		if unit in resident_units or rng.random() > 0.4:
			continue
		answer_survey(survey, unit, rng)
		answered += 1
	return answered


def answer_survey(survey, unit: str, rng: random.Random) -> None:
	ratings = [
		{
			"area": item.area,
			"rating": rng.choices(SURVEY_RATINGS, (6, 3, 1))[0],
			"opinion": rng.choice(DEMO_OPINIONS) if rng.random() < 0.15 else None,
		}
		for item in survey.items
	]
	frappe.get_doc(
		{
			"doctype": "Survey Response",
			"opinion_survey": survey.name,
			"unit": unit,
			"channel": "Paper",
			"signed": 1,
			"ratings": ratings,
		}
	).insert(ignore_permissions=True)


def make_callback_round(community: str) -> int:
	"""The quarter's first routine callback round over a tenth of the units; returns the callbacks."""
	from property_service.engagement import routine_callbacks

	campaign = frappe.get_doc(
		{
			"doctype": "Callback Campaign",
			"title": "本季度例行回访（第一轮）",
			"community": community,
			"quarter": routine_callbacks.quarter_of(today()),
			"due_date": add_days(today(), 20),
			"share": 10,
		}
	).insert(ignore_permissions=True)
	return campaign.make_callbacks()


def make_activities(community: str) -> None:
	"""The year's activity plan and an activity open for sign-up."""
	frappe.get_doc(
		{
			"doctype": "Community Activity Plan",
			"community": community,
			"year": getdate(today()).year,
			"items": [{"month": str(month), "theme": theme} for month, theme in ACTIVITY_THEMES],
		}
	).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "社区健康讲座",
			"community": community,
			"activity_type": "Seniors",
			"starts_on": add_days(now_datetime(), 10),
			"place": "会所多功能厅",
			"capacity": 80,
			"status": OPEN,
			"description": "<p>社区医院医生讲解冬季常见病预防。</p>",
		}
	).insert(ignore_permissions=True)
