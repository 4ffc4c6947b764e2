"""The engagement calendar (DESIGN.md's half-yearly and quarterly jobs): daily, every community
with residents gets, once per period, a draft for its customer-service supervisors to review and
open — an opinion survey each half year (seed 12.1.2 (1) 1: at least one every half year) and the
routine callback rounds of each quarter (12.1.4 业主回访: 二次至三次 a quarter; Property Service
Settings → Routine Callback Rounds a Quarter, 2 or 3), due spread over the quarter. The office
opens more itself."""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_quarter_start, getdate, today

from property_service.core.assignments import assign
from property_service.core.notices import site_language
from property_service.core.routing import community_staff
from property_service.engagement.routine_callbacks import quarter_of
from property_service.property.occupancy import occupied_units
from property_service.vocabulary import CS_SUPERVISOR

SUPERVISOR_ROLE = CS_SUPERVISOR


def draft_half_year_surveys(day=None) -> list[str]:
	"""A draft survey with the default items, a month to answer, for each community without a
	survey starting this half year; returns the drafts made."""
	day = getdate(day or today())
	start = day.replace(month=1 if day.month <= 6 else 7, day=1)
	end = add_days(add_months(start, 6), -1)
	lang = site_language()
	half = _("first half", lang=lang) if start.month == 1 else _("second half", lang=lang)
	return draft_for_supervisors(
		"Opinion Survey",
		{"start_date": ["between", [start, end]]},
		{
			"title": _("Owners' opinion survey, {0} of {1}", lang=lang).format(half, start.year),
			"start_date": max(day, start),
			"end_date": min(add_days(day, 30), end),
		},
		lambda community: _("Review and open the opinion survey of {0}", lang=lang).format(community),
	)


def rounds_a_quarter() -> int:
	setting = frappe.utils.cint(
		frappe.db.get_single_value("Property Service Settings", "routine_callback_rounds")
	)
	return min(max(setting, 2), 3)  # 二次至三次


def draft_quarter_rounds(day=None) -> list[str]:
	"""The quarter's draft rounds of routine callbacks for each community lacking them: round k of
	n due at the end of the quarter's ceil(3k/n)-th month; returns the drafts made."""
	day = getdate(day or today())
	quarter, start = quarter_of(day), get_quarter_start(day)
	lang = site_language()
	count = rounds_a_quarter()
	made = []
	for number in range(1, count + 1):
		made += draft_for_supervisors(
			"Callback Campaign",
			{"quarter": quarter, "round": number},
			{
				"title": _("Routine callbacks {0}, round {1}", lang=lang).format(quarter, number),
				"quarter": quarter,
				"round": number,
				"due_date": add_days(add_months(start, -(-3 * number // count)), -1),
			},
			lambda community, number=number: _(
				"Review and open the routine callbacks of {0} ({1}), round {2}", lang=lang
			).format(quarter, community, number),
		)
	return made


def draft_for_supervisors(doctype: str, this_period: dict, values: dict, message) -> list[str]:
	"""Inserts a `doctype` of `values` for each community with residents that has none matching
	`this_period`, assigned to the community's customer-service supervisors with message(community)."""
	have = set(frappe.get_all(doctype, this_period, pluck="community"))
	made = []
	for community in frappe.get_all("Community", pluck="name", order_by="name"):
		if community in have or not occupied_units(community):
			continue
		doc = frappe.get_doc({"doctype": doctype, "community": community, **values}).insert(
			ignore_permissions=True
		)
		assign(doc, community_staff(SUPERVISOR_ROLE, community), message(community))
		made.append(doc.name)
	return made
