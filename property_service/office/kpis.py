"""The office's standards (seed 12.1.4, 物业服务质量指标): each figure from its counts, the target,
and pass/fail decided on the counts (part × 100 ≥ target × whole), never on a rounded rate.

A period is a date range (dates inclusive) and optionally one community. What each figure counts
(README, "The office's numbers"):

- registration on time: requests registered in the period (not cancelled) whose first response
  (dispatch) came by ERPNext's SLA `response_by`;
- repair dispatch (维修派工: 下单及回单及时、规范): repairs completed in the period that were
  dispatched by their SLA `response_by` (the slip out) and completed by `sla_resolution_by` (the
  slip back);
- callbacks: home visits ÷ callbacks planned in the routine campaigns due in the period (more
  than 80 %: 超过80%), every round above the target, and at least two rounds in each quarter that
  ended in the period (业主回访 季度 二次至三次);
- surveys: responses ÷ occupied units of the surveys ending in the period (70 %), and a survey in
  each half year that ended in the period (每半年至少进行一次业主意见调查);
- vacant-unit inspection: inspections done ÷ made for the months the period touches (100 %);
- emergency handling: incidents handled ÷ recorded, by the day they occurred (100 %);
- information summaries: weeks with a submitted weekly summary ÷ weeks starting in the period
  (the office's, all communities);
- quality-patrol findings: findings due in the period handled by their deadline (100 %);
- staff training: weeks with a department training or a safety meeting ÷ weeks starting in the
  period (100 %, the office's, all communities);
- evaluation: staff evaluations submitted ÷ made for the months the period touches (100 %, all
  communities);
- archives: complete files ÷ finished records made in the period (100 %);
- owner visits: units visited ÷ occupied units in the months' visit plans (5 %);
- complaint results: complaints registered in the period with their result recorded (100 %).

A standard with nothing to count in the period has no figure and neither passes nor fails —
unless work the seed requires is missing (a half year without a survey, a quarter with fewer than
two callback rounds, in a community with residents): then it fails and says what is missing. A
quarter or half year counts once it has ended, by the period's end and by today.
"""

import json
from datetime import timedelta
from urllib.parse import quote

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import add_days, add_months, flt, get_last_day, getdate, today
from pypika.terms import ExistsCriterion

from property_service.core.compat import aggregate
from property_service.core.periods import period_of
from property_service.customer_service.records import COMPLAINT
from property_service.vocabulary import CANCELLED, DONE, DRAFT, OCCUPIED, REPAIR

# the office's weekly training (seed 12.1.1): a department training, or a safety meeting held from
# the training plan (12.1.5 (8))
STAFF_TRAININGS = ("Department Training", "Safety Meeting")
ROUNDS_PER_QUARTER = 2  # seed 12.1.4 业主回访: 季度/年频率 二次至三次


class Period:
	def __init__(self, from_date, to_date, community: str | None = None):
		self.from_date, self.to_date = getdate(from_date), getdate(to_date)
		if self.to_date < self.from_date:
			frappe.throw(_("The period cannot end before it starts."))
		self.community = community or None
		self.start = f"{self.from_date} 00:00:00"
		self.end = f"{self.to_date} 23:59:59.999999"

	def months(self) -> list[str]:
		months, day = [], self.from_date.replace(day=1)
		while day <= self.to_date:
			months.append(period_of(day))
			day = add_days(get_last_day(day), 1)
		return months

	def mondays(self) -> list:
		"""The first day of each week (Monday) that starts in the period."""
		day = self.from_date + timedelta(days=(7 - self.from_date.weekday()) % 7)
		weeks = []
		while day <= self.to_date:
			weeks.append(day)
			day += timedelta(days=7)
		return weeks

	def ended(self, months: int) -> list[tuple]:
		"""(start, end) of each quarter (3) or half year (6) that ended in the period, by today."""
		last = min(self.to_date, getdate(today()))
		spans, start = (
			[],
			self.from_date.replace(month=(self.from_date.month - 1) // months * months + 1, day=1),
		)
		while (end := add_days(add_months(start, months), -1)) <= last:
			if end >= self.from_date:
				spans.append((start, end))
			start = add_months(start, months)
		return spans

	def incident_rate(self) -> dict:
		"""The period's incident figures (safety/incidents.handling_rate), read once for the three
		standards that use them."""
		if not hasattr(self, "_incident_rate"):
			from property_service.safety.incidents import handling_rate

			self._incident_rate = handling_rate(self.from_date, self.to_date, self.community)
		return self._incident_rate

	def communities(self) -> list[str]:
		"""The period's community, or every community with residents (read once)."""
		if self.community:
			return [self.community]
		if not hasattr(self, "_lived_in"):
			unit, community = frappe.qb.DocType("Property Unit"), frappe.qb.DocType("Community")
			occupied = (
				frappe.qb.from_(unit)
				.select(unit.name)
				.where((unit.community == community.name) & (unit.status == OCCUPIED))
				.limit(1)
			)
			# one look into the units' community index per community, not a scan of every unit
			self._lived_in = (
				frappe.qb.from_(community)
				.select(community.name)
				.where(ExistsCriterion(occupied))
				.run(pluck=True)
			)
		return self._lived_in

	def where(self, table, field="community"):
		"""The period's community, or any. The KPI indexes (office/indexes.py) lead with the
		community: for the company every community is named, so that MariaDB reads each
		community's stretch of the index for the period instead of the whole table."""
		if self.community:
			return table[field] == self.community
		if not hasattr(self, "_every"):
			self._every = frappe.get_all("Community", pluck="name", order_by="name")
		anywhere = table[field].isnull()
		return table[field].isin(self._every) | anywhere if self._every else anywhere

	def filters(self, **more) -> dict:
		return {**more, **({"community": self.community} if self.community else {})}


def figure(
	key: str,
	label: str,
	part: int,
	whole: int,
	target: float,
	basis: str,
	route: str,
	above: bool = False,
	missing: list[str] | None = None,
) -> dict:
	"""A standard's row. It passes at its target (不低于, 达到), or only `above` it where the seed
	says 超过 (exceeding); it fails whatever the counts when required work is `missing`."""
	part, whole = int(part or 0), int(whole or 0)
	met = part * 100 > target * whole if above else part * 100 >= target * whole
	if missing:
		return {
			**figure(key, label, part, whole, target, basis, route, above),
			"passed": 0,
			"basis": "; ".join([basis, *missing]),
		}
	return {
		"key": key,
		"kpi": label,
		"part": part,
		"whole": whole,
		"figure": flt(part * 100 / whole, 2) if whole else None,
		"target": target,
		"passed": int(met) if whole else None,
		"basis": basis,
		"route": route,
	}


def route(doctype: str, **filters) -> str:
	"""A list view link with its filters (`?field=["op", value]`, as the desk reads them)."""
	slug = doctype.lower().replace(" ", "-")
	query = "&".join(
		f"{field}={quote(value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False))}"
		for field, value in filters.items()
	)
	return f"/app/{slug}" + (f"?{query}" if query else "")


def between(period: Period, dates: bool = False) -> list:
	return (
		["Between", [str(period.from_date), str(period.to_date)]]
		if dates
		else ["Between", [period.start, period.end]]
	)


def community_route(period: Period) -> dict:
	return {"community": period.community} if period.community else {}


# --- the service desk -----------------------------------------------------------------------------


def counting(condition, value=1):
	"""SUM of `value` over the rows meeting `condition` (SUM of a CASE)."""
	return Sum(Case().when(condition, value).else_(0))


def counted(table, condition, where) -> tuple[int, int]:
	"""(rows meeting `condition`, rows) of `table` under `where`, in one query."""
	whole, part = frappe.qb.from_(table).select(Count("*"), counting(condition)).where(where).run()[0]
	return int(part or 0), int(whole or 0)


def registration(period: Period) -> dict:
	sr = frappe.qb.DocType("Service Request")
	part, whole = counted(
		sr,
		sr.first_responded_on.isnotnull() & (sr.first_responded_on <= sr.response_by),
		sr.creation[period.start : period.end]
		& (sr.status != CANCELLED)
		& sr.response_by.isnotnull()
		& period.where(sr),
	)
	return figure(
		"registration",
		_("Service registration answered on time"),
		part,
		whole,
		100,
		_("{0} of {1} requests registered were dispatched by their response time").format(part, whole),
		route("Service Request", creation=between(period), **community_route(period)),
	)


def completion(period: Period) -> dict:
	"""维修派工 (下单及回单及时、规范): a repair's slip goes out by its response time, the work is
	completed by the resolution time and the slip comes back signed by the resident by then."""
	sr = frappe.qb.DocType("Service Request")
	on_time = (
		(sr.first_responded_on <= sr.response_by)
		& (sr.completed_on <= sr.sla_resolution_by)
		& (sr.slip_returned_on <= sr.sla_resolution_by)
	)
	part, whole = counted(
		sr,
		on_time,
		sr.completed_on[period.start : period.end]
		& (sr.request_type == REPAIR)
		& sr.sla_resolution_by.isnotnull()
		& period.where(sr),
	)
	return figure(
		"completion",
		_("Repair dispatch: out and back on time"),
		part,
		whole,
		100,
		_(
			"{0} of {1} repairs completed were dispatched by their response time, completed and their slip returned signed by their resolution time"
		).format(part, whole),
		route(
			"Service Request", completed_on=between(period), request_type=REPAIR, **community_route(period)
		),
	)


def complaint_results(period: Period) -> dict:
	complaint = frappe.qb.DocType("Complaint")
	part, whole = counted(
		complaint,
		complaint.status.isin(COMPLAINT.done)
		& complaint.resolution.isnotnull()
		& (complaint.resolution != ""),
		complaint.creation[period.start : period.end] & period.where(complaint),
	)
	return figure(
		"complaint_results",
		_("Every complaint with a recorded result"),
		part,
		whole,
		100,
		_("{0} of {1} complaints registered have their result recorded").format(part, whole),
		route("Complaint", creation=between(period), **community_route(period)),
	)


# --- engagement -----------------------------------------------------------------------------------


def summed(doctype: str, fields: tuple[str, str], filters: dict) -> tuple[int, int]:
	"""(sum of the first field, sum of the second) over the records matching `filters`."""
	row = frappe.get_all(
		doctype,
		filters=filters,
		fields=[aggregate("sum", fields[0], "part"), aggregate("sum", fields[1], "whole")],
	)[0]
	return int(row.part or 0), int(row.whole or 0)


def callbacks(period: Period) -> dict:
	from property_service.engagement.routine_callbacks import settings

	target = flt(settings("routine_callback_target", 80))
	dates = ["between", [period.from_date, period.to_date]]
	rounds = frappe.get_all(
		"Callback Campaign",
		period.filters(due_date=dates, status=["!=", DRAFT]),
		["name", "home_visits", "planned", "passed"],
	)
	part, whole = sum(r.home_visits for r in rounds), sum(r.planned for r in rounds)
	missing = [
		_("round {0}: not above {1} % home visits").format(r.name, target)
		for r in rounds
		if r.planned and not r.passed
	]
	missing += missing_work(period, 3, "Callback Campaign", ROUNDS_PER_QUARTER, _("callback rounds"))
	return figure(
		"callbacks",
		_("Callbacks: home visits"),
		part,
		whole,
		target,
		_("{0} home visits of {1} callbacks planned in the routine rounds").format(part, whole),
		route("Callback Campaign", due_date=between(period, dates=True), **community_route(period)),
		above=True,  # seed 12.1.4: 上门回访超过80% — more than 80 %, so exactly 80 % is not met
		missing=missing,
	)


def missing_work(period: Period, months: int, doctype: str, needed: int, what: str) -> list[str]:
	"""What each community with residents lacks: fewer than `needed` `doctype` records (not drafts)
	due in a quarter (3) or half year (6) that ended in the period. One query per span."""
	field = "due_date" if doctype == "Callback Campaign" else "end_date"
	missing = []
	communities = period.communities()
	for start, end in period.ended(months):
		held = frappe.get_all(
			doctype,
			{
				field: ["between", [start, end]],
				"status": ["!=", DRAFT],
				"community": ["in", communities or [""]],
			},
			["community", aggregate("count", "*", "held")],
			group_by="community",
		)
		counts = {row.community: row.held for row in held}
		missing += [
			_("{0}: {1} of {2} {3} from {4} to {5}").format(c, counts.get(c, 0), needed, what, start, end)
			for c in communities
			if counts.get(c, 0) < needed
		]
	return missing


def surveys(period: Period) -> dict:
	from property_service.engagement.surveys import COVERAGE_TARGET, DRAFT

	dates = ["between", [period.from_date, period.to_date]]
	part, whole = summed(
		"Opinion Survey",
		("responses", "occupied_units"),
		period.filters(end_date=dates, status=["!=", DRAFT]),
	)
	return figure(
		"surveys",
		_("Opinion survey coverage"),
		part,
		whole,
		COVERAGE_TARGET,
		_("{0} households answered of {1} occupied units").format(part, whole),
		route("Opinion Survey", end_date=between(period, dates=True), **community_route(period)),
		missing=missing_work(period, 6, "Opinion Survey", 1, _("opinion surveys")),
	)


def owner_visits(period: Period) -> dict:
	months = period.months()
	part, whole = summed(
		"Owner Visit Plan", ("units_visited", "occupied_units"), period.filters(period=["in", months])
	)
	return figure(
		"owner_visits",
		_("Monthly owner visits"),
		part,
		whole,
		5,
		_("{0} units visited of {1} occupied units ({2})").format(part, whole, ", ".join(months)),
		route("Owner Visit Plan", period=["in", months], **community_route(period)),
	)


# --- operations and safety ------------------------------------------------------------------------


def vacant_inspections(period: Period) -> dict:
	table = frappe.qb.DocType("Vacant Unit Inspection")
	months = period.months()
	part, whole = counted(table, table.status == DONE, table.period.isin(months) & period.where(table))
	return figure(
		"vacant_inspections",
		_("Vacant-unit inspection"),
		part,
		whole,
		100,
		_("{0} of {1} inspections made were done ({2})").format(part, whole, ", ".join(months)),
		route("Vacant Unit Inspection", period=["in", months], **community_route(period)),
	)


def incidents(period: Period) -> dict:
	rate = period.incident_rate()
	return figure(
		"incidents",
		_("Emergency incidents handled"),
		rate["handled"],
		rate["recorded"],
		100,
		_("{0} of {1} incidents handled").format(rate["handled"], rate["recorded"]),
		route("Emergency Incident", occurred_on=between(period), **community_route(period)),
	)


def incidents_in_time(period: Period) -> dict:
	rate = period.incident_rate()
	return figure(
		"incidents_in_time",
		_("Emergency incidents handled in time"),
		rate["in_time"],
		rate["recorded"],
		100,
		_("{0} of {1} incidents handled within {2} hours").format(
			rate["in_time"], rate["recorded"], rate["hours"]
		),
		route("Emergency Incident", occurred_on=between(period), **community_route(period)),
	)


def safety_accidents(period: Period) -> dict:
	"""无重大安全责任事故 (seed 12.2): passes while no major incident is a liability accident."""
	rate = period.incident_rate()
	accidents = rate["major_accidents"]
	row = figure(
		"safety_accidents",
		_("No major safety liability accident"),
		rate["recorded"] - accidents,
		rate["recorded"],
		100,
		_("{0} major safety liability accidents among {1} incidents").format(accidents, rate["recorded"]),
		route(
			"Emergency Incident",
			occurred_on=between(period),
			severity="Major",
			liability_accident=1,
			**community_route(period),
		),
	)
	return {**row, "passed": int(not accidents)}  # none at all is a pass, not "nothing to count"


def safety_exams(period: Period) -> dict:
	"""全员通过笔试、口试 (seed 12.2): the staff who passed an emergency training's exam in the
	year up to the period's end ÷ the staff (enabled holders of the office's roles, in the
	community)."""
	from property_service.safety.training import exam_coverage

	cover = exam_coverage(period.to_date, period.community)
	return figure(
		"safety_exams",
		_("Safety exam passed by all staff"),
		cover["passed"],
		cover["staff"],
		100,
		_("{0} of {1} staff passed a written and oral safety exam in the year to {2}").format(
			cover["passed"], cover["staff"], period.to_date
		),
		route("Training Session", training_type="Emergency Training", **community_route(period)),
	)


def findings(period: Period) -> dict:
	"""Findings of the quality patrols (and shop inspections) due in the period, handled by the
	deadline."""
	finding, patrol = frappe.qb.DocType("Inspection Finding"), frappe.qb.DocType("Quality Patrol")
	on_time = counting(finding.handled_on.isnotnull() & (finding.handled_on <= finding.deadline))
	query = (
		frappe.qb.from_(finding)
		.join(patrol)
		.on((finding.parent == patrol.name) & (finding.parenttype == "Quality Patrol"))
		.select(Count("*"), on_time)
		.where(finding.deadline[period.from_date : period.to_date] & period.where(patrol))
	)
	whole, part = query.run()[0]
	return figure(
		"findings",
		_("Quality-patrol findings handled on time"),
		part,
		whole,
		100,
		_("{0} of {1} findings due were handled by their deadline").format(int(part or 0), int(whole or 0)),
		route("Quality Patrol", **community_route(period)),
	)


def weeks_with(period: Period, doctype: str, date_field: str, filters: dict) -> tuple[int, int]:
	"""(weeks starting in the period with at least one such record, those weeks)."""
	mondays = period.mondays()
	if not mondays:
		return 0, 0
	dates = frappe.get_all(
		doctype,
		filters={**filters, date_field: ["between", [mondays[0], mondays[-1] + timedelta(days=6)]]},
		pluck=date_field,
		distinct=True,
	)
	covered = {getdate(day) - timedelta(days=getdate(day).weekday()) for day in dates}
	return sum(1 for monday in mondays if monday in covered), len(mondays)


def training(period: Period) -> dict:
	part, whole = weeks_with(
		period, "Training Session", "session_date", {"training_type": ["in", STAFF_TRAININGS]}
	)
	return figure(
		"training",
		_("Staff training (weekly)"),
		part,
		whole,
		100,
		_("{0} of {1} weeks had a department training or a safety meeting (all communities)").format(
			part, whole
		),
		route("Training Session", session_date=between(period, dates=True)),
	)


def evaluations(period: Period) -> dict:
	table = frappe.qb.DocType("Staff Evaluation")
	months = period.months()
	part, whole = counted(table, table.docstatus == 1, table.period.isin(months) & (table.docstatus < 2))
	return figure(
		"evaluations",
		_("Monthly staff evaluation"),
		part,
		whole,
		100,
		_("{0} of {1} evaluations submitted ({2})").format(part, whole, ", ".join(months)),
		route("Staff Evaluation", period=["in", months]),
	)


def archives(period: Period) -> dict:
	from property_service.operations.archives import completeness

	files = completeness(period.from_date, period.to_date, period.community)
	return figure(
		"archives",
		_("Archive completeness"),
		files["complete"],
		files["finished"],
		100,
		_("{0} of {1} finished records have a complete file").format(files["complete"], files["finished"]),
		f"/app/query-report/{quote('Incomplete Archive Files')}?from_date={period.from_date}&to_date={period.to_date}",
	)


def summaries(period: Period) -> dict:
	part, whole = weeks_with(period, "Information Summary", "from_date", {"kind": "Weekly", "docstatus": 1})
	return figure(
		"summaries",
		_("Information summary and feedback (weekly)"),
		part,
		whole,
		100,
		_("{0} of {1} weeks have a submitted weekly summary (all communities)").format(part, whole),
		route("Information Summary", from_date=between(period, dates=True)),
	)


# in the order of the seed's table (12.1.4), with the additions where they belong
KPIS = (
	registration,
	callbacks,
	completion,
	surveys,
	vacant_inspections,
	incidents,
	incidents_in_time,
	safety_accidents,
	safety_exams,
	summaries,
	findings,
	training,
	evaluations,
	archives,
	owner_visits,
	complaint_results,
)


def compute(from_date, to_date, community: str | None = None) -> list[dict]:
	period = Period(from_date, to_date, community)
	return [kpi(period) for kpi in KPIS]


def rank_communities(from_date, to_date, names: list[str]) -> tuple[list[dict], dict[str, str]]:
	"""The company's view: each community's standards met, best first (rank()), with each
	standard's figure under its key; and the standards' labels by key."""
	figures = {community: compute(from_date, to_date, community) for community in names}
	labels = {row["key"]: row["kpi"] for rows in figures.values() for row in rows}
	return rank(figures), labels


def rank(figures: dict[str, list[dict]]) -> list[dict]:
	"""Communities ranked on the standards judged in every community that has any judged (a young
	community judged on fewer standards is not ahead for having fewer to fail): share met of those
	shared standards, then standards met in all, then name. A community with nothing judged has no
	share and comes last."""
	judged = {
		community: {row["key"] for row in rows if row["passed"] is not None}
		for community, rows in figures.items()
	}
	shared = set.intersection(*(keys for keys in judged.values() if keys)) if any(judged.values()) else set()
	ranked = []
	for community, rows in figures.items():
		met = {row["key"] for row in rows if row["passed"] == 1}
		ranked.append(
			{
				"community": community,
				"met": len(met),
				"judged": len(judged[community]),
				"shared": len(shared),
				"share": flt(len(met & shared) * 100 / len(shared), 1)
				if shared and judged[community]
				else None,
				**{row["key"]: row["figure"] for row in rows},
			}
		)
	ranked.sort(key=lambda row: (row["share"] is None, -(row["share"] or 0), -row["met"], row["community"]))
	for number, row in enumerate(ranked, 1):
		row["rank"] = number
	return ranked
