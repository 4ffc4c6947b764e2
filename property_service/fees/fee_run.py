"""The fee billing run: one submitted Sales Invoice per billable unit of a community and month,
to the unit payer's Customer, with the unit and the period on the invoice.

A unit's lines come from its community's Fee Plan: per m² of its area, fixed, or metered from
the period's Meter Readings; the row for the unit's own type wins over the row for any type; a
vacant unit pays each row's vacant share. A unit whose fees start on a day (its move-in handover,
customer_service/move_in.py) pays nothing before that month and, that month, the area and fixed
fees for the days from it. The invoice's billing key is "FEE|<unit>|<period>"
(property_service.billing.invoices), so running a period again creates nothing new, also when two
runs overlap; a cancelled invoice's unit is billed again by the next run. Everything the run
needs is read up front, in a few queries whatever the number of units.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import cint, flt, formatdate, get_datetime, get_last_day, getdate, now_datetime
from rq.job import JobStatus

from property_service.billing.invoices import billed_keys, make_invoice, reserve_invoice_names
from property_service.core.assignments import assign
from property_service.core.jobs import abandoned, status_of
from property_service.core.periods import previous_period, validate_period
from property_service.property.customers import ensure_customer
from property_service.vocabulary import COMPLETED, FAILED, QUEUED, RUNNING, VACANT

PART = "Fee Billing Run Part"
# a background part commits and reports every COMMIT_EVERY invoices (seconds apart): silent this
# long, its worker is gone
STALL_AFTER = timedelta(minutes=10)
COMMIT_EVERY = 50
# what only the run itself writes (never taken from a save)
RUN_FIELDS = (
	"status",
	"started_on",
	"finished_on",
	"units_total",
	"invoices_created",
	"already_billed",
	"not_billed",
	"failed",
	"amount_billed",
	"problems",
	"queued_by",
	"last_progress_on",
	"attempt",
	"parts",
)
# what a run (and each of its parts) counts
COUNTS = ("invoices_created", "already_billed", "not_billed", "failed", "amount_billed")


class RunUnderWayError(frappe.ValidationError):
	pass


def fee_key(unit: str, period: str) -> str:
	return f"FEE|{unit}|{period}"


def rates_for(plan, unit_type: str) -> list:
	"""The plan's rows for a unit type: per fee item, its own type's row, else the any-type row."""
	chosen = {}
	for row in plan.rates:
		if row.unit_type == unit_type or (not row.unit_type and row.fee_item not in chosen):
			chosen[row.fee_item] = row
	return list(chosen.values())


def days_due(unit, period: str) -> float:
	"""The share of the month the unit's fees run: all of it, none before they start, the days
	from the start in the month they start."""
	if not unit.get("fees_from"):
		return 1
	first, last = getdate(f"{period}-01"), get_last_day(f"{period}-01")
	start = getdate(unit.fees_from)
	if start <= first:
		return 1
	return ((last - start).days + 1) / last.day if start <= last else 0


def fee_lines(plan, unit, consumption: dict, period: str) -> list[dict]:
	"""The invoice lines of one unit; empty when nothing is due."""
	lines = []
	month = days_due(unit, period)
	for row in rates_for(plan, unit.unit_type):
		share = flt(row.vacant_percent) / 100 if unit.status == VACANT else 1
		qty = {"Per m²": flt(unit.area), "Fixed": 1}.get(row.basis)
		if row.basis == "Metered":
			qty = consumption.get((unit.name, row.meter_type), 0)
		elif month != 1:
			share *= month
		if not qty or not share or not flt(row.rate):
			continue
		description = f"{row.fee_item} {period}"
		if row.basis != "Metered" and month != 1:
			description = _("{0} {1} (from {2})").format(row.fee_item, period, formatdate(unit.fees_from))
		elif share != 1:
			description = _("{0} {1} (vacant: {2}%)").format(row.fee_item, period, flt(row.vacant_percent))
		lines.append(
			{"item_code": row.fee_item, "qty": qty, "rate": flt(row.rate) * share, "description": description}
		)
	return lines


def load(run, building: str | None = None) -> dict:
	"""What billing the run's units (of one building, or all) needs, read up front."""
	plan = frappe.get_doc("Fee Plan", run.community)
	filters = {"community": run.community, **({"building": building} if building else {})}
	units = frappe.get_all(
		"Property Unit",
		filters,
		["name", "unit_type", "area", "status", "payer", "fees_from"],
		order_by="name",
	)
	payers = {unit.payer for unit in units if unit.payer}
	readings = frappe.get_all(
		"Meter Reading",
		{"community": run.community, "period": run.period, "unit": ["in", [u.name for u in units] or [""]]},
		["unit", "meter_type", "consumption"],
	)
	return {
		"plan": plan,
		"units": units,
		"customers": dict(
			frappe.get_all(
				"Property Owner", {"name": ["in", list(payers) or [""]]}, ["name", "customer"], as_list=True
			)
		),
		"consumption": {(r.unit, r.meter_type): flt(r.consumption) for r in readings},
		"billed": billed_keys([fee_key(unit.name, run.period) for unit in units]),
		"company": plan.company or frappe.db.get_value("Community", run.community, "company"),
	}


def make_parts(run) -> None:
	"""The run's parts afresh: one per building of its community with units, each with its count
	of units, all queued; the run's figures start again from nothing."""
	unit = frappe.qb.DocType("Property Unit")
	buildings = (
		frappe.qb.from_(unit)
		.select(unit.building, Count("*"))
		.where(unit.community == run.community)
		.groupby(unit.building)
		.orderby(unit.building)
	).run()
	run.set("parts", [])
	for building, units in buildings:
		run.append("parts", {"building": building, "status": QUEUED, "units_total": units})
	for part in run.parts:
		part.db_insert()
	frappe.db.delete(PART, {"parent": run.name, "name": ["not in", [p.name for p in run.parts] or [""]]})
	run.db_set({**dict.fromkeys(COUNTS, 0), "units_total": sum(units for _b, units in buildings)})


def start_run(run_name: str):
	"""The run, checked and made ready to bill: its parts afresh, Running."""
	frappe.has_permission("Sales Invoice", "create", throw=True)
	run = frappe.get_doc("Fee Billing Run", run_name)
	validate_period(run.period)
	make_parts(run)
	run.db_set({"status": RUNNING, "started_on": now_datetime(), "finished_on": None, "problems": None})
	return run


def run_billing(run_name: str, commit_every: int = 0) -> None:
	"""Bills the whole run in this process, building after building; `commit_every` N invoices
	(in a background job, so a failure keeps what was billed and a re-run carries on)."""
	run = start_run(run_name)
	for part in run.parts:
		bill_part(run_name, part.name, commit_every)


def bill_part(run_name: str, part_name: str, commit_every: int = 0) -> None:
	"""Bills one building of the run and adds what it did to the run's figures."""
	frappe.has_permission("Sales Invoice", "create", throw=True)
	run = frappe.get_doc("Fee Billing Run", run_name)
	part = run.getone("parts", {"name": part_name}) if run.get("parts") else None
	if not part:
		return  # a part of an earlier attempt: the run was started again since
	validate_period(run.period)
	frappe.db.set_value(
		PART, part.name, {"status": RUNNING, "started_on": now_datetime(), "last_progress_on": now_datetime()}
	)
	if commit_every:
		frappe.db.commit()  # nosemgrep  (the office sees the building started)
	sum_up(run.name)
	data = load(run, part.building)
	counts = dict.fromkeys(COUNTS, 0)
	problems = []
	to_bill = []
	for unit in data["units"]:
		if fee_key(unit.name, run.period) in data["billed"]:
			counts["already_billed"] += 1
		elif not (lines := fee_lines(data["plan"], unit, data["consumption"], run.period)):
			counts["not_billed"] += 1
		elif not unit.payer:
			counts["failed"] += 1
			problems.append(_("{0}: the unit has no payer").format(unit.name))
		else:
			to_bill.append((unit, lines))
	batch = commit_every or len(to_bill) or 1
	for start in range(0, len(to_bill), batch):
		chunk = to_bill[start : start + batch]
		# in a background job: names of their own, so that other workers do not wait on the series
		names = reserve_invoice_names(len(chunk)) if commit_every else [None] * len(chunk)
		for (unit, lines), name in zip(chunk, names, strict=True):
			if invoice := bill_unit(run, unit, lines, data, problems, name):
				counts["invoices_created"] += 1
				counts["amount_billed"] += flt(invoice.grand_total)
			else:
				counts["failed"] += 1
		progress = {**counts, "units_total": len(data["units"]), "problems": "\n".join(problems)}
		frappe.db.set_value(PART, part.name, {**progress, "last_progress_on": now_datetime()})
		if commit_every:
			# a long run keeps its invoices as it goes, and shows how far it got
			frappe.db.commit()  # nosemgrep
			sum_up(run.name)
	frappe.db.set_value(
		PART,
		part.name,
		{
			**counts,
			"units_total": len(data["units"]),
			"problems": "\n".join(problems),
			"status": COMPLETED,
			"finished_on": now_datetime(),
		},
	)
	if commit_every:
		frappe.db.commit()  # nosemgrep  (the part is done: the run's figures read it)
	sum_up(run.name)


def sum_up(run_name: str) -> None:
	"""The run's figures, status and problems from its parts, written under a lock on the run so
	that the parts finishing at once leave it right; a background part commits it."""
	frappe.db.get_value("Fee Billing Run", run_name, "name", for_update=True)
	parts = frappe.get_all(
		PART,
		{"parent": run_name, "parenttype": "Fee Billing Run"},
		[*COUNTS, "units_total", "status", "started_on", "last_progress_on", "problems", "building"],
		order_by="idx",
	)
	under_way = any(p.status in (QUEUED, RUNNING) for p in parts)
	status = RUNNING if under_way else FAILED if any(p.status == FAILED for p in parts) else COMPLETED
	figures = {field: sum(flt(p[field]) for p in parts) for field in (*COUNTS, "units_total")}
	heard = [p.last_progress_on for p in parts if p.last_progress_on]
	started = [p.started_on for p in parts if p.started_on]
	frappe.db.set_value(
		"Fee Billing Run",
		run_name,
		{
			**figures,
			"status": status,
			"started_on": min(started) if started else None,
			"finished_on": None if under_way else now_datetime(),
			"last_progress_on": max(heard) if heard else None,
			"problems": "\n".join(p.problems for p in parts if p.problems),
		},
		update_modified=False,
	)
	done = sum(figures[field] for field in COUNTS if field != "amount_billed")
	frappe.publish_progress(
		done * 100 / (figures["units_total"] or 1),
		title=_("Billing {0}").format(frappe.db.get_value("Fee Billing Run", run_name, "community")),
		doctype="Fee Billing Run",
		docname=run_name,
		description=_("{0} of {1} units").format(cint(done), cint(figures["units_total"])),
	)
	if frappe.flags.in_fee_part_job:
		frappe.db.commit()  # nosemgrep  (releases the run's lock at once)


def bill_unit(run, unit, lines, data, problems, name=None):
	frappe.db.savepoint("bill_unit")
	try:
		customer = data["customers"].get(unit.payer)
		if not customer:
			customer = data["customers"][unit.payer] = ensure_customer(
				frappe.get_doc("Property Owner", unit.payer)
			)
		return make_invoice(
			fee_key(unit.name, run.period),
			customer=customer,
			company=data["company"],
			items=lines,
			posting_date=run.posting_date,
			due_days=cint(data["plan"].due_days),
			property_unit=unit.name,
			fee_period=run.period,
			name=name,
			# the payer's 预存 (unallocated payments) pays it: ERPNext's own allocation of advances
			allocate_advances_automatically=1,
		)
	except frappe.ValidationError as error:
		frappe.db.rollback(save_point="bill_unit")
		frappe.clear_last_message()
		problems.append(f"{unit.name}: {error}")
		return None


def job_id(run, part) -> str:
	"""One job per part and attempt: a worker killed mid-run leaves its job "started" in the queue
	for good, which would make Frappe's deduplication refuse the next attempt."""
	return f"fee-billing-run::{run.name}::{run.attempt}::{part.idx}"


def stalled(run) -> bool:
	"""Whether a run under way has lost a worker: a part's job abandoned by its worker or failed
	(core/jobs.py), a part running but silent for STALL_AFTER, or queued but gone from the queue
	(Redis flushed)."""
	if run.status not in (QUEUED, RUNNING):
		return False
	return any(part_stalled(run, part) for part in run.get("parts"))


def part_stalled(run, part) -> bool:
	if part.status not in (QUEUED, RUNNING):
		return False
	job, status = status_of(job_id(run, part))
	if abandoned(job) or status == JobStatus.FAILED:
		return True
	heard = now_datetime() - get_datetime(part.last_progress_on or run.last_progress_on or run.modified)
	if part.status == RUNNING:
		return heard > STALL_AFTER
	return heard > timedelta(minutes=1) and status not in (JobStatus.QUEUED, JobStatus.STARTED)


def queue(run) -> None:
	"""Queues `run` on the long queue (its Run button), one job per building, once: a run under
	way is refused unless a worker was lost, then it carries on (the billing keys bill no unit
	twice)."""
	mark_queued(run)
	for part in run.parts:
		frappe.enqueue(
			"property_service.fees.fee_run.execute_part",
			queue="long",
			timeout=4 * 3600,
			run_name=run.name,
			part_name=part.name,
			job_id=job_id(run, part),
			deduplicate=True,
			enqueue_after_commit=True,
		)


def mark_queued(run) -> None:
	"""The run's parts afresh and the run queued, as the person running it."""
	if run.status in (QUEUED, RUNNING) and not stalled(run):
		frappe.throw(_("This run is already under way."), RunUnderWayError)
	validate_period(run.period)
	make_parts(run)
	run.db_set(
		{
			"status": QUEUED,
			"queued_by": frappe.session.user,
			"last_progress_on": now_datetime(),
			"started_on": None,
			"finished_on": None,
			"problems": None,
			"attempt": cint(run.attempt) + 1,
		}
	)


def report_stalled_runs() -> list[str]:
	"""Hourly: a run that lost a worker is marked Failed, says where it stopped, and the person
	who ran it is asked to run it again (it carries on; nothing is billed twice). Returns them."""
	found = []
	for name in frappe.get_all("Fee Billing Run", {"status": ["in", (QUEUED, RUNNING)]}, pluck="name"):
		run = frappe.get_doc("Fee Billing Run", name)
		if not stalled(run):
			continue
		done = cint(run.invoices_created) + cint(run.already_billed) + cint(run.not_billed) + cint(run.failed)
		stopped = _(
			"The worker stopped after {0} of {1} units: run it again to finish (nothing is billed twice)."
		).format(done, cint(run.units_total))
		for part in run.get("parts"):
			if part.status in (QUEUED, RUNNING):
				frappe.db.set_value(PART, part.name, "status", FAILED)
		run.db_set(
			{
				"status": FAILED,
				"finished_on": now_datetime(),
				"problems": "\n".join(line for line in (run.problems, stopped) if line),
			}
		)
		if run.queued_by and run.queued_by != "Administrator":
			assign(run, [run.queued_by], _("Fee run {0} {1}: {2}").format(run.community, run.period, stopped))
		found.append(name)
	return found


def in_user_language() -> None:
	"""A background job of a run writes the problems in the language of whoever queued it."""
	from frappe.translate import get_user_lang

	frappe.local.lang = get_user_lang(frappe.session.user)


def execute_part(run_name: str, part_name: str) -> None:
	"""Background job: one building of a Fee Billing Run."""
	in_user_language()
	frappe.flags.in_fee_part_job = True
	# read committed: the buildings' jobs insert at the end of the same indexes (the invoices'
	# items by parent, ...), where repeatable read's gap locks would make each wait for the other
	frappe.db.sql("set session transaction isolation level read committed")  # nosemgrep  (no API)
	try:
		bill_part(run_name, part_name, commit_every=COMMIT_EVERY)
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value(PART, part_name, {"status": FAILED, "finished_on": now_datetime()})
		frappe.db.commit()  # nosemgrep
		sum_up(run_name)
		raise
	finally:
		frappe.flags.in_fee_part_job = False
		frappe.db.rollback()
		frappe.db.sql("set session transaction isolation level repeatable read")  # nosemgrep  (no API)


def execute_run(run_name: str) -> None:
	"""Background job of a whole Fee Billing Run in one worker (jobs queued before runs were split
	by building, and `bench execute`)."""
	in_user_language()
	try:
		run_billing(run_name, commit_every=COMMIT_EVERY)
	except Exception:
		frappe.db.rollback()
		frappe.db.set_value("Fee Billing Run", run_name, {"status": FAILED, "finished_on": now_datetime()})
		frappe.db.commit()  # nosemgrep
		raise


def monthly_runs() -> None:
	"""Scheduled on the 1st: queues last month's run for every Fee Plan set to bill automatically.
	Idempotent: a period already run gets no second run."""
	period = previous_period()
	for community in frappe.get_all("Fee Plan", {"bill_monthly": 1}, pluck="community"):
		if not frappe.db.exists("Fee Billing Run", {"community": community, "period": period}):
			frappe.get_doc(
				{"doctype": "Fee Billing Run", "community": community, "period": period}
			).insert().run()
