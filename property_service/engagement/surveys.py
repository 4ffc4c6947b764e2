"""Opinion surveys (业主意见调查, seed 12.1.2 (1), 12.1.4): a campaign per community, one
response per unit, the figures kept as responses arrive, and the follow-up.

Figures (README, "Opinion surveys"):
- `occupied_units`: the community's units someone lives in when the survey opens (fixed then);
- `responses`: the survey's responses (one per unit, a unique key);
- `coverage` = responses ÷ occupied units × 100 (target 70 %);
- `satisfaction_rate` = answers "Satisfied" or "Fairly Satisfied" ÷ all answers × 100, overall
  and per item (an item left blank is no answer).
The counts behind each rate are stored beside it: pass/fail is decided on the counts.
"""

from collections import Counter

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import add_days, flt, getdate, today

from property_service.core.lifecycle import save_as_system
from property_service.core.notices import site_language
from property_service.customer_service.corrective_actions import raise_actions as raise_corrective_actions
from property_service.customer_service.notice_board import post_notice
from property_service.property.occupancy import occupied_units
from property_service.vocabulary import CLOSED, DRAFT, OPEN, SURVEY_RATINGS

# seed 12.1.2 (1) 1: the eight areas of the rules; the paper form (业主意见调查表) has six items.
# A survey stores its items in the site's language (template_areas), like the items an office
# adds itself; the keys are the Select options of `template`.
# translate
TEMPLATES = {
	"Eight Areas": (
		"Power Supply",
		"Water Supply",
		"Fire Safety and Security",
		"Sanitation",
		"Greening",
		"Public Facilities",
		"Maintenance Service",
		"Service Attitude",
	),
	"Paper Form": (
		"Public Security",
		"Cleaning",
		"Environment and Greening",
		"Vehicle Management",
		"Maintenance Service",
		"Owner Reception",
	),
}
# a campaign's states (the Select options of Opinion Survey's `status`)
RATINGS = SURVEY_RATINGS
SATISFIED = SURVEY_RATINGS[:2]
COVERAGE_TARGET = 70


class SurveyStateError(frappe.ValidationError):
	pass


def template_areas(template: str) -> list[str]:
	"""A template's items, in the site's language."""
	lang = site_language()
	return [_(area, lang=lang) for area in TEMPLATES[template]]


def rate(part: int, whole: int) -> float:
	return flt(part * 100 / whole, 2) if whole else 0


def refresh_figures(survey: str) -> None:
	"""Recounts the survey's figures from its responses (three queries and one write per item).
	The survey row is locked first, so concurrent responses are counted one after the other."""
	occupied = frappe.db.get_value("Opinion Survey", survey, "occupied_units", for_update=True) or 0
	responses = frappe.db.count("Survey Response", {"opinion_survey": survey})
	rating, response = frappe.qb.DocType("Survey Response Rating"), frappe.qb.DocType("Survey Response")
	counts = (
		frappe.qb.from_(rating)
		.join(response)
		.on(rating.parent == response.name)
		.select(rating.area, rating.rating, Count("*").as_("n"))
		.where((response.opinion_survey == survey) & (rating.parenttype == "Survey Response"))
		.where(rating.rating.isin(RATINGS))
		.groupby(rating.area, rating.rating)
	).run(as_dict=True)
	per_area: dict[str, list[int]] = {}
	for row in counts:
		answers_satisfied = per_area.setdefault(row.area, [0, 0])
		answers_satisfied[0] += row.n
		if row.rating in SATISFIED:
			answers_satisfied[1] += row.n
	answers = sum(a for a, _s in per_area.values())
	satisfied = sum(s for _a, s in per_area.values())
	for item in frappe.get_all(
		"Opinion Survey Item", {"parent": survey, "parenttype": "Opinion Survey"}, ["name", "area"]
	):
		item_answers, item_satisfied = per_area.get(item.area, (0, 0))
		frappe.db.set_value(
			"Opinion Survey Item",
			item.name,
			{
				"answers": item_answers,
				"satisfied": item_satisfied,
				"satisfaction_rate": rate(item_satisfied, item_answers),
			},
			update_modified=False,
		)
	frappe.db.set_value(
		"Opinion Survey",
		survey,
		{
			"responses": responses,
			"coverage": rate(responses, occupied),
			"answers": answers,
			"satisfied": satisfied,
			"satisfaction_rate": rate(satisfied, answers),
		},
		update_modified=False,
	)


def open_survey(doc) -> None:
	"""Fixes the denominator, links the previous campaign and tells the residents (a portal notice
	until the end date; the survey shows on their home page)."""
	if doc.status != DRAFT:
		frappe.throw(_("Only a draft survey can be opened."), SurveyStateError)
	if getdate(doc.end_date) < getdate(today()):
		frappe.throw(_("The survey's end date has passed."), SurveyStateError)
	doc.occupied_units = len(occupied_units(doc.community))
	doc.previous_survey = frappe.db.get_value(
		"Opinion Survey",
		{
			"community": doc.community,
			"status": ["!=", DRAFT],
			"name": ["!=", doc.name],
			"start_date": ["<=", doc.start_date],
		},
		"name",
		order_by="start_date desc, creation desc",
	)
	lang = site_language()
	doc.opening_notice = post_notice(
		doc.community,
		_("Owners' opinion survey: {0}", lang=lang).format(doc.title),
		'<p>{}</p><p><a href="/resident/surveys/{}">{}</a></p>'.format(
			frappe.utils.escape_html(
				_("Please tell us how satisfied you are with our work by {0}.", lang=lang).format(
					frappe.utils.formatdate(doc.end_date)
				)
			),
			doc.name,
			frappe.utils.escape_html(_("Answer the survey", lang=lang)),
		),
		until=doc.end_date,
	)
	move(doc, OPEN)
	refresh_figures(doc.name)


def move(doc, state: str) -> None:
	"""A campaign's own action moves it to `state` (a form or REST save keeps the status)."""
	doc.status = state
	save_as_system(doc)


def close_survey(doc) -> None:
	if doc.status != OPEN:
		frappe.throw(_("Only an open survey can be closed."), SurveyStateError)
	move(doc, CLOSED)
	if doc.opening_notice:  # the call to answer ends with the survey
		# through the document: its on_change takes it off the residents' kept homes
		frappe.get_doc("Notice", doc.opening_notice).db_set(
			"publish_until", max(getdate(today()), getdate(doc.start_date))
		)


def close_ended_surveys() -> int:
	"""Daily: surveys past their end date close; returns how many."""
	ended = frappe.get_all("Opinion Survey", {"status": OPEN, "end_date": ["<", today()]}, pluck="name")
	for name in ended:
		close_survey(frappe.get_doc("Opinion Survey", name))
	return len(ended)


def publish_results(doc) -> str:
	"""The results and the rectification plan as a notice to the community's residents (seed
	12.1.2 (1) 5); returns the notice. Published again, the same notice is brought up to date."""
	if doc.status != CLOSED:
		frappe.throw(_("Publish the results once the survey is closed."), SurveyStateError)
	lang = site_language()
	rows = "".join(
		f"<li>{frappe.utils.escape_html(_(item.area, lang=lang))}: {flt(item.satisfaction_rate, 1)}%</li>"
		for item in doc.items
	)
	findings = "".join(
		"<li>{}{}</li>".format(
			frappe.utils.escape_html(row.finding),
			frappe.utils.escape_html(
				" ({})".format(_("by {0}", lang=lang).format(frappe.utils.formatdate(row.deadline)))
			)
			if row.deadline
			else "",
		)
		for row in doc.findings
	)
	body = "<p>{}</p><ul>{}</ul>".format(
		frappe.utils.escape_html(
			_(
				"{0} households answered ({1}% of occupied units); {2}% satisfied or fairly satisfied.",
				lang=lang,
			).format(doc.responses, flt(doc.coverage, 1), flt(doc.satisfaction_rate, 1))
		),
		rows,
	)
	if findings or doc.rectification_plan:
		body += "<h4>{}</h4><ul>{}</ul>{}".format(
			frappe.utils.escape_html(_("What we will improve", lang=lang)),
			findings,
			doc.rectification_plan or "",
		)
	title = _("Results of the owners' opinion survey: {0}", lang=lang).format(doc.title)
	until = frappe.db.get_value("Notice", doc.results_notice, "publish_until") if doc.results_notice else None
	notice = post_notice(doc.community, title, body, until or add_days(today(), 60), doc.results_notice)
	doc.db_set("results_notice", notice)
	call_back_dissatisfied(doc)
	return notice


def call_back_dissatisfied(doc) -> list[str]:
	"""The results and the plan are called back to the households that were dissatisfied (seed
	12.1.2 (1) 5: 业主意见调查结果及整改方案应及时向业主回访): a callback to do about the survey for
	each unit whose response rated any item Dissatisfied, once per survey and unit; the
	Assignment Rule "Callbacks - Agents" gives them out. Returns the callbacks made."""
	response, rating = frappe.qb.DocType("Survey Response"), frappe.qb.DocType("Survey Response Rating")
	households = (
		frappe.qb.from_(response)
		.join(rating)
		.on((rating.parent == response.name) & (rating.parenttype == "Survey Response"))
		.select(response.unit, response.property_owner)
		.distinct()
		.where((response.opinion_survey == doc.name) & (rating.rating == RATINGS[2]))
		.orderby(response.unit)
	).run(as_dict=True)
	called = set(
		frappe.get_all(
			"Callback Record", {"reference_doctype": doc.doctype, "reference_name": doc.name}, pluck="unit"
		)
	)
	due_days = frappe.db.get_single_value("Property Service Settings", "callback_due_days") or 0
	made = []
	for row in households:
		if row.unit in called:
			continue
		callback = frappe.get_doc(
			{
				"doctype": "Callback Record",
				"reference_doctype": doc.doctype,
				"reference_name": doc.name,
				"unit": row.unit,
				"property_owner": row.property_owner,
				"due_date": add_days(today(), due_days),
			}
		)
		callback.flags.about_given = True
		made.append(callback.insert(ignore_permissions=True).name)
	return made


def raise_actions(doc) -> list[str]:
	"""A Corrective Action for each finding that has none yet."""
	return raise_corrective_actions(
		doc, doc.findings, lambda row: f"{_(row.area)}: {row.finding}" if row.area else row.finding
	)


def report(doc) -> dict:
	"""What the written report to the office manager shows (print format "Opinion Survey
	Report"): the figures, the opinions grouped by item with the most common first, the previous
	campaign's figures."""
	rating, response = frappe.qb.DocType("Survey Response Rating"), frappe.qb.DocType("Survey Response")
	opinions = (
		frappe.qb.from_(rating)
		.join(response)
		.on(rating.parent == response.name)
		.select(rating.area, rating.opinion)
		.where((response.opinion_survey == doc.name) & (rating.opinion.isnotnull()) & (rating.opinion != ""))
		.orderby(rating.area)
		.orderby(response.creation)
	).run(as_dict=True)
	by_area: dict[str, Counter] = {}
	for row in opinions:
		by_area.setdefault(row.area, Counter())[row.opinion.strip()] += 1
	general = Counter(
		text.strip()
		for text in frappe.get_all(
			"Survey Response", {"opinion_survey": doc.name, "comments": ["is", "set"]}, pluck="comments"
		)
	)
	previous = None
	if doc.previous_survey:
		previous = frappe.get_doc("Opinion Survey", doc.previous_survey)
	previous_items = {item.area: item for item in previous.items} if previous else {}
	return {
		# the common opinions first (seed 12.1.2 (1) 2: 共性的意见), each with how many owners gave it
		"opinions": [
			(item.area, by_area[item.area].most_common()) for item in doc.items if item.area in by_area
		],
		"general": general.most_common(),
		"previous": previous,
		"previous_items": previous_items,
		"passed_coverage": doc.responses * 100 >= COVERAGE_TARGET * (doc.occupied_units or 0)
		and bool(doc.occupied_units),
	}
