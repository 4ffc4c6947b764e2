"""Opinion surveys on the resident portal: the open surveys a resident's units have not answered
(home page), and one survey to answer or, once the household has answered, the resident's own
answer."""

import frappe
from frappe import _

from property_service.core.permissions import resident_owner
from property_service.engagement.surveys import DRAFT, OPEN
from property_service.portal.resident import plain, units_of


def surveys_to_answer(units: list[dict]) -> list[dict]:
	"""Open surveys of the units' communities with a unit that has not answered (two queries)."""
	communities = sorted({unit.community for unit in units})
	if not communities:
		return []
	open_surveys = frappe.get_all(
		"Opinion Survey",
		{"status": OPEN, "community": ["in", communities]},
		["name", "title", "community", "end_date"],
		order_by="end_date",
	)
	if not open_surveys:
		return []
	answered = {
		(row.opinion_survey, row.unit)
		for row in frappe.get_all(
			"Survey Response",
			{
				"opinion_survey": ["in", [s.name for s in open_surveys]],
				"unit": ["in", [u.name for u in units]],
			},
			["opinion_survey", "unit"],
			ignore_permissions=True,  # whether the household answered, not what
		)
	}
	result = []
	for survey in open_surveys:
		waiting = [
			u.name for u in units if u.community == survey.community and (survey.name, u.name) not in answered
		]
		if waiting:
			survey.units = waiting
			survey.url = f"/resident/surveys/{survey.name}"
			result.append(survey)
	return result


def survey_page(name: str, user: str) -> dict:
	"""The survey for the user's units in its community: the units still to answer, the items,
	and the user's own answers (a household member's answer shows as answered, not its content)."""
	survey = frappe.db.get_value(
		"Opinion Survey",
		name,
		["name", "title", "community", "status", "start_date", "end_date"],
		as_dict=True,
	)
	units = [unit for unit in units_of(user) if survey and unit.community == survey.community]
	if survey:
		survey.is_open = survey.status == OPEN
	if not survey or survey.status == DRAFT or not units:
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_("Opinion Survey"), name))
	items = frappe.get_all(
		"Opinion Survey Item", {"parent": name, "parenttype": "Opinion Survey"}, pluck="area", order_by="idx"
	)
	answered = dict(
		frappe.get_all(
			"Survey Response",
			{"opinion_survey": name, "unit": ["in", [u.name for u in units]]},
			["unit", "name"],
			as_list=True,
			ignore_permissions=True,
		)
	)
	owner = resident_owner(user)
	mine = []
	for unit, response in answered.items():
		doc = frappe.get_doc("Survey Response", response)
		if doc.property_owner == owner:
			mine.append(
				{
					"unit": unit,
					"ratings": [(row.area, row.rating, plain(row.opinion)) for row in doc.ratings],
					"comments": plain(doc.comments),
					"on": doc.creation,
				}
			)
	return {
		"survey": survey,
		"items": items,
		"to_answer": [u.name for u in units if u.name not in answered] if survey.status == OPEN else [],
		"answered_by_household": [u for u in answered if u not in {m["unit"] for m in mine}],
		"mine": mine,
		"ratings": [
			("Satisfied", _("Satisfied")),
			("Fairly Satisfied", _("Fairly Satisfied")),
			("Dissatisfied", _("Dissatisfied")),
		],
	}
