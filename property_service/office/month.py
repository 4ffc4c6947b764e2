"""The month's work for a company of communities. The daily and monthly jobs do not make every
community's visit plan, vacant-unit inspections, owner-data update and archive filing in one
long job: they enqueue one job per community on the long queue, so several workers share the
month and one community's failure or a killed worker costs that community only.

Each job is named by site, community and day (Frappe's `job_id` with `deduplicate`): a second
dispatch while it is queued, running or finished that day adds nothing. Each maker is idempotent
(what exists is not made again) and commits when it is done, so a job killed halfway is finished
by dispatching again — the next day's run, or `enqueue_month()` from the console. A job whose
worker was killed stays "started" in the queue; one whose heartbeat (every 30 s from a live
worker) is older than two minutes (core/jobs.py) is dispatched again. What is the company's, not a community's (the owner-data
update of people with no unit yet) is one job of its own."""

import frappe
from frappe.utils import today
from rq.job import JobStatus

from property_service.core.compat import in_test
from property_service.core.jobs import abandoned, status_of
from property_service.core.routing import communities
from property_service.engagement.visits import make_visit_plans
from property_service.operations.archives import make_filings, make_owner_data_update
from property_service.operations.inspections import make_inspections

COMMUNITY_MONTH = (make_visit_plans, make_inspections, make_owner_data_update, make_filings)
QUEUE = "long"


def job_id(community: str | None, day: str | None = None) -> str:
	return f"property_service:month:{community or '-'}:{day or today()}"


def enqueue_month(now: bool = False, only: list[str] | None = None) -> list[str]:
	"""Enqueues the month's work of each community (of `only`, or all and the company's); returns
	the job ids (`now`: runs them here instead, one after another)."""
	jobs = communities(only) if only is not None else [*communities(), None]
	for community in jobs:
		if done_today(job_id(community)):
			continue
		frappe.enqueue(
			"property_service.office.month.make_month",
			queue=QUEUE,
			timeout=3600,
			job_id=job_id(community),
			deduplicate=True,
			now=now,
			community=community,
		)
	return [job_id(community) for community in jobs]


def done_today(name: str) -> bool:
	"""Today's job finished (Frappe's deduplicate would run it again). A started job that has not
	beaten for ABANDONED_AFTER lost its worker: it is deleted, so the dispatch enqueues it again."""
	job, status = status_of(name)
	if abandoned(job):
		job.delete()
	return status == JobStatus.FINISHED


def make_month(community: str | None) -> None:
	"""One community's month (None: the company's), each maker committed when done."""
	if community is None:
		make_owner_data_update(only=[], unlinked=True)
		done()
		return
	for maker in COMMUNITY_MONTH:
		maker(only=[community])
		done()


def done() -> None:
	"""A maker's work is kept: the next one may fail, or the worker be killed."""
	if not in_test():  # a test's writes are rolled back
		frappe.db.commit()  # nosemgrep  (a background job's unit of work)
