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
from frappe.utils import cint, flt, formatdate, get_datetime, get_last_day, getdate, now_datetime

from property_service.billing.invoices import billed_keys, make_invoice
from property_service.core.assignments import assign
from property_service.core.periods import previous_period, validate_period
from property_service.property.customers import ensure_customer
from property_service.vocabulary import COMPLETED, FAILED, QUEUED, RUNNING, VACANT

PROGRESS_EVERY = 20
# a run reports every PROGRESS_EVERY units (seconds apart): silent this long, its worker is gone
STALL_AFTER = timedelta(minutes=10)
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
)


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


def load(run) -> dict:
	plan = frappe.get_doc("Fee Plan", run.community)
	units = frappe.get_all(
		"Property Unit",
		{"community": run.community},
		["name", "unit_type", "area", "status", "payer", "fees_from"],
		order_by="name",
	)
	payers = {unit.payer for unit in units if unit.payer}
	readings = frappe.get_all(
		"Meter Reading",
		{"community": run.community, "period": run.period},
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


def run_billing(run_name: str, commit_every: int = 0) -> None:
	"""Bills the run's community and period; `commit_every` N invoices (in a background job, so a
	failure keeps what was billed and a re-run carries on)."""
	frappe.has_permission("Sales Invoice", "create", throw=True)
	run = frappe.get_doc("Fee Billing Run", run_name)
	validate_period(run.period)
	run.db_set(
		{
			"status": RUNNING,
			"started_on": now_datetime(),
			"finished_on": None,
			"last_progress_on": now_datetime(),
		}
	)
	data = load(run)
	counts = {"invoices_created": 0, "already_billed": 0, "not_billed": 0, "failed": 0, "amount_billed": 0}
	problems = []
	total = len(data["units"])
	for done, unit in enumerate(data["units"], start=1):
		if fee_key(unit.name, run.period) in data["billed"]:
			counts["already_billed"] += 1
		elif not (lines := fee_lines(data["plan"], unit, data["consumption"], run.period)):
			counts["not_billed"] += 1
		else:
			invoice = bill_unit(run, unit, lines, data, problems)
			if invoice:
				counts["invoices_created"] += 1
				counts["amount_billed"] += flt(invoice.grand_total)
			else:
				counts["failed"] += 1
		if done % PROGRESS_EVERY == 0 or done == total:
			report_progress(run, done, total, counts, problems, commit_every)
	run.db_set(
		{
			**counts,
			"units_total": total,
			"problems": "\n".join(problems),
			"status": COMPLETED,
			"finished_on": now_datetime(),
		}
	)


def bill_unit(run, unit, lines, data, problems):
	customer = data["customers"].get(unit.payer)
	if unit.payer and not customer:
		customer = data["customers"][unit.payer] = ensure_customer(
			frappe.get_doc("Property Owner", unit.payer)
		)
	if not customer:
		problems.append(_("{0}: the unit has no payer").format(unit.name))
		return None
	frappe.db.savepoint("bill_unit")
	try:
		return make_invoice(
			fee_key(unit.name, run.period),
			customer=customer,
			company=data["company"],
			items=lines,
			posting_date=run.posting_date,
			due_days=cint(data["plan"].due_days),
			property_unit=unit.name,
			fee_period=run.period,
		)
	except frappe.ValidationError as error:
		frappe.db.rollback(save_point="bill_unit")
		frappe.clear_last_message()
		problems.append(f"{unit.name}: {error}")
		return None


def report_progress(run, done: int, total: int, counts: dict, problems: list, commit_every: int) -> None:
	run.db_set(
		{**counts, "units_total": total, "problems": "\n".join(problems), "last_progress_on": now_datetime()},
		update_modified=False,
	)
	if commit_every and done % commit_every < PROGRESS_EVERY:
		# a long run keeps its invoices as it goes
		frappe.db.commit()  # nosemgrep
	frappe.publish_progress(
		done * 100 / total,
		title=_("Billing {0}").format(run.community),
		doctype=run.doctype,
		docname=run.name,
		description=_("{0} of {1} units").format(done, total),
	)


def job_id(run) -> str:
	"""One job per attempt: a worker killed mid-run leaves its job "started" in the queue for good,
	which would make Frappe's deduplication refuse the next attempt."""
	return f"fee-billing-run::{run.name}::{run.attempt}"


def stalled(run) -> bool:
	"""Whether a run under way has lost its worker: running but silent for STALL_AFTER, or queued
	but gone from the queue (Redis flushed, the job failed before it started)."""
	from frappe.utils.background_jobs import is_job_enqueued

	heard = get_datetime(run.last_progress_on or run.modified)
	if run.status == RUNNING:
		return now_datetime() - heard > STALL_AFTER
	if run.status == QUEUED:
		return now_datetime() - heard > timedelta(minutes=1) and not is_job_enqueued(job_id(run))
	return False


def queue(run) -> None:
	"""Queues `run` on the long queue (its Run button), once: a run under way is refused unless its
	worker was lost, then it carries on (the billing keys bill no unit twice)."""
	if run.status in (QUEUED, RUNNING) and not stalled(run):
		frappe.throw(_("This run is already under way."), RunUnderWayError)
	run.db_set(
		{
			"status": QUEUED,
			"queued_by": frappe.session.user,
			"last_progress_on": now_datetime(),
			"attempt": cint(run.attempt) + 1,
		}
	)
	frappe.enqueue(
		"property_service.fees.fee_run.execute_run",
		queue="long",
		timeout=4 * 3600,
		run_name=run.name,
		job_id=job_id(run),
		deduplicate=True,
		enqueue_after_commit=True,
	)


def report_stalled_runs() -> list[str]:
	"""Hourly: a run whose worker was lost is marked Failed, says where it stopped, and the person
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


def execute_run(run_name: str) -> None:
	"""Background job of a Fee Billing Run, in the language of the user who queued it (the
	problems it writes are read by them)."""
	from frappe.translate import get_user_lang

	frappe.local.lang = get_user_lang(frappe.session.user)
	try:
		run_billing(run_name, commit_every=50)
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
