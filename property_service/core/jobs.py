"""Background jobs whose worker is gone. A worker killed while running a job (SIGKILL, a lost
machine) leaves the job "started" in RQ for as long as its timeout; a live worker beats the
job's heartbeat every 30 seconds, so a started job silent for ABANDONED_AFTER has lost its
worker."""

from datetime import timedelta

from frappe.utils.background_jobs import get_job
from rq.job import JobStatus

from property_service.core.compat import utc_now_like

ABANDONED_AFTER = timedelta(minutes=2)


def status_of(job_id: str) -> tuple[object, str | None]:
	"""The RQ job named `job_id` on this site (None when gone) and its status."""
	job = get_job(job_id)
	return job, (job.get_status() if job else None)


def abandoned(job) -> bool:
	"""A started job whose worker stopped beating its heartbeat."""
	if not job or job.get_status() != JobStatus.STARTED:
		return False
	beat = job.last_heartbeat or job.started_at
	return bool(beat) and utc_now_like(beat) - beat > ABANDONED_AFTER
