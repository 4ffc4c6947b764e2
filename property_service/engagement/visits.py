"""Owner visits (访问业主, seed 12.1.2 (2)): the monthly plan, the plan ticked by visits, and the
summaries of last month: each agent's due before the 5th (7: 每月5日前汇总上月记录提交管理处主任审阅),
the office manager's before the 10th (8: 每月10日前做出上月访问业主总结). The drafts are made on the
1st, with their figures, so nobody is first told on the day it is due; the Notifications "Owner
Visit Summary Due" remind the author before the day and "Owner Visit Summary Late" report one not
submitted after it (engagement/notifications.py); the manager records a review on each agent's.

The plan: every month and community, at least ceil(5 %) of the occupied units (someone lives
there now, read from the resident links), chosen by rotation — units never visited first, then
those visited longest ago, then by name — and shared in turn among the community's agents. Made
once: the plan's name is its community and month, so running the job again makes nothing.
"""

import math

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Max
from frappe.utils import getdate, today

from property_service.core.assignments import assign
from property_service.core.notices import site_language
from property_service.core.periods import period_of, previous_period
from property_service.core.routing import assignable, communities, community_staff
from property_service.property.occupancy import occupied_units
from property_service.vocabulary import AGENT as AGENT_ROLE
from property_service.vocabulary import PROPERTY_MANAGER as MANAGER_ROLE

VISIT_SHARE = 5  # % of occupied units visited each month (seed 12.1.2 (2) 3)
AGENT, MANAGER = "Agent Summary", "Office Manager Summary"  # the kinds of summary
# the day of the month each kind is due, and where the office changes it
DUE_DAYS = {AGENT: ("agent_summary_day", 5), MANAGER: ("manager_summary_day", 10)}
KIND_ROLES = {AGENT: AGENT_ROLE, MANAGER: MANAGER_ROLE}  # who writes each kind


def period_bounds(period: str) -> tuple:
	first = getdate(f"{period}-01")
	return first, frappe.utils.get_last_day(first)


def required_visits(occupied: int) -> int:
	return math.ceil(occupied * VISIT_SHARE / 100)


# --- the monthly plan ---------------------------------------------------------------------------


def make_visit_plans(period: str | None = None, only: list[str] | None = None) -> list[str]:
	"""The month's plan for every community that has none yet; returns the plans made. Runs from
	the monthly job, daily and after a migrate, so a site set up mid-month gets its plan."""
	period = period or period_of()
	have = set(frappe.get_all("Owner Visit Plan", {"period": period}, pluck="community"))
	made = []
	for community in communities(only):
		if community not in have and (name := make_plan(community, period)):
			made.append(name)
	return made


def last_visits(community: str) -> dict[str, object]:
	"""unit -> the date of its last visit (one query)."""
	visit = frappe.qb.DocType("Owner Visit")
	return dict(
		frappe.qb.from_(visit)
		.select(visit.unit, Max(visit.visit_date))
		.where(visit.community == community)
		.groupby(visit.unit)
		.run()
	)


def rotation(units: list[str], last: dict) -> list[str]:
	"""Never visited first, then the longest ago; ties by name."""
	return sorted(units, key=lambda unit: (last.get(unit) is not None, last.get(unit) or "", unit))


def make_plan(community: str, period: str) -> str | None:
	"""The plan of one community and month, or None when nobody lives there or it exists."""
	occupied = occupied_units(community)
	if not occupied:
		return None
	last = last_visits(community)
	chosen = rotation(occupied, last)[: required_visits(len(occupied))]
	agents = community_staff(AGENT_ROLE, community)
	plan = frappe.get_doc(
		{
			"doctype": "Owner Visit Plan",
			"community": community,
			"period": period,
			"occupied_units": len(occupied),
			"target": len(chosen),
			"units": [
				{
					"unit": unit,
					"agent": agents[i % len(agents)] if agents else None,
					"last_visited": last.get(unit),
				}
				for i, unit in enumerate(chosen)
			],
		}
	)
	frappe.db.savepoint("visit_plan")
	try:
		plan.insert(ignore_permissions=True)
	except frappe.DuplicateEntryError:  # made meanwhile by another run
		frappe.db.rollback(save_point="visit_plan")
		return None
	for agent in {row.agent for row in plan.units} - {None}:
		count = sum(1 for row in plan.units if row.agent == agent)
		assign(
			plan, [agent], _("Owner visits for {0}: {1} units", lang=site_language()).format(period, count)
		)
	return plan.name


def tick_plan(visit) -> None:
	"""A visit in a month with a plan ticks the unit's row (the first visit counts) and brings
	the plan's figures up to date."""
	plan = frappe.db.get_value(
		"Owner Visit Plan", {"community": visit.community, "period": period_of(visit.visit_date)}
	)
	if plan:
		row = frappe.db.get_value(
			"Owner Visit Plan Unit",
			{"parent": plan, "parenttype": "Owner Visit Plan", "unit": visit.unit},
			["name", "owner_visit"],
			as_dict=True,
		)
		if row and not row.owner_visit:
			frappe.db.set_value(
				"Owner Visit Plan Unit", row.name, "owner_visit", visit.name, update_modified=False
			)
		if visit.visit_plan != plan:
			visit.db_set("visit_plan", plan, update_modified=False)
	refresh_plan(plan)


def untick_plan(visit) -> None:
	"""A deleted visit no longer counts on its plan."""
	for row in frappe.get_all("Owner Visit Plan Unit", {"owner_visit": visit.name}, ["name", "parent"]):
		frappe.db.set_value("Owner Visit Plan Unit", row.name, "owner_visit", None, update_modified=False)
	refresh_plan(visit.visit_plan, exclude=visit.name)


def refresh_plan(plan: str | None, exclude: str | None = None) -> None:
	if not plan:
		return
	community, period = frappe.db.get_value("Owner Visit Plan", plan, ["community", "period"])
	start, end = period_bounds(period)
	visit = frappe.qb.DocType("Owner Visit")
	query = (
		frappe.qb.from_(visit)
		.select(Count(visit.unit).distinct())
		.where((visit.community == community) & (visit.visit_date[start:end]))
	)
	if exclude:
		query = query.where(visit.name != exclude)
	units_visited = query.run()[0][0]
	visited = frappe.db.count("Owner Visit Plan Unit", {"parent": plan, "owner_visit": ["is", "set"]})
	frappe.db.set_value(
		"Owner Visit Plan", plan, {"visited": visited, "units_visited": units_visited}, update_modified=False
	)


# --- last month's summaries, drafted on the 1st ---------------------------------------------------


def due_day(kind: str) -> int:
	fieldname, default = DUE_DAYS[kind]
	day = frappe.utils.cint(frappe.db.get_single_value("Property Service Settings", fieldname))
	return min(day, 28) if day > 0 else default


def draft_summaries(day=None) -> list[str]:
	"""Daily, from the 1st: last month's summaries to write — each agent who had visits planned or
	made gets theirs (a draft with their figures, assigned to them), each community's office
	manager the monthly summary with the month's suggestions to decide on. Once per month and
	person: a summary that exists (written early, or made by an earlier run) is not made or sent
	again; a site that was down on the 1st catches up the next day. Returns the summaries made."""
	period = previous_period(getdate(day or today()))
	return agent_summaries(period) + manager_summaries(period)


def summary_key(kind: str, period: str, who: str) -> str:
	return f"{kind}|{period}|{who}"


def period_visits(period: str, **filters) -> list:
	start, end = period_bounds(period)
	return frappe.get_all(
		"Owner Visit",
		{"visit_date": ["between", [start, end]], **filters},
		["name", "unit", "community", "visitor", "suggestions", "feedback_needed", "feedback_given"],
		order_by="visit_date, name",
	)


def agent_summaries(period: str) -> list[str]:
	plans = frappe.get_all("Owner Visit Plan", {"period": period}, pluck="name")
	planned = frappe.get_all(
		"Owner Visit Plan Unit",
		{"parent": ["in", plans or [""]], "parenttype": "Owner Visit Plan", "agent": ["is", "set"]},
		pluck="agent",
	)
	visitors = {v.visitor for v in period_visits(period)}
	people = sorted(set(planned) | (visitors & set(assignable(AGENT_ROLE))))
	made = []
	for agent in people:
		if frappe.db.exists("Owner Visit Summary", {"summary_key": summary_key(AGENT, period, agent)}):
			continue
		doc = new_summary(AGENT, period, agent, [])
		assign(
			doc,
			[agent],
			_("Your summary of owner visits in {0} is due on {1}").format(period, doc.due_date),
			doc.due_date,
		)
		made.append(doc.name)
	return made


def manager_summaries(period: str) -> list[str]:
	visits = period_visits(period)
	places = sorted(
		{v.community for v in visits}
		| set(frappe.get_all("Owner Visit Plan", {"period": period}, pluck="community"))
	)
	made = []
	for community in places:
		if frappe.db.exists("Owner Visit Summary", {"summary_key": summary_key(MANAGER, period, community)}):
			continue
		managers = community_staff(MANAGER_ROLE, community)
		own = [v for v in visits if v.community == community]
		doc = new_summary(MANAGER, period, managers[0] if managers else "Administrator", own, community)
		assign(
			doc,
			managers,
			_("The monthly summary of owner visits in {0} ({1}) is due on {2}").format(
				period, community, doc.due_date
			),
			doc.due_date,
		)
		made.append(doc.name)
	return made


SUMMARY_FIGURES = ("planned", "visits", "feedback_needed", "feedback_given", "due_date")


def new_summary(kind: str, period: str, author: str, visits: list, community=None):
	return frappe.get_doc(
		{
			"doctype": "Owner Visit Summary",
			"kind": kind,
			"period": period,
			"community": community,
			"author": author,
			"items": [
				{"owner_visit": v.name, "unit": v.unit, "suggestion": v.suggestions}
				for v in visits
				if kind == MANAGER and (v.suggestions or "").strip()
			],
		}
	).insert(ignore_permissions=True)


def fill_figures(doc) -> None:
	"""A summary's figures, counted from the month's plan rows and visits: an agent's own, or the
	community's for the manager."""
	start, _end = period_bounds(doc.period)
	doc.due_date = frappe.utils.add_months(start, 1).replace(day=due_day(doc.kind))
	if doc.kind == AGENT:
		made = period_visits(doc.period, visitor=doc.author)
		plans = frappe.get_all("Owner Visit Plan", {"period": doc.period}, pluck="name")
		doc.planned = frappe.db.count(
			"Owner Visit Plan Unit",
			{"parent": ["in", plans or [""]], "parenttype": "Owner Visit Plan", "agent": doc.author},
		)
	else:
		made = period_visits(doc.period, community=doc.community)
		doc.planned = (
			frappe.db.get_value(
				"Owner Visit Plan", {"community": doc.community, "period": doc.period}, "target"
			)
			or 0
		)
	doc.visits = len(made)
	doc.feedback_needed = sum(1 for v in made if v.feedback_needed)
	doc.feedback_given = sum(1 for v in made if v.feedback_needed and v.feedback_given)
