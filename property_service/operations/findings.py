"""Findings of the office's rounds — quality patrols (质检巡查, the Quality Supervisor's) and
shop inspections (商铺检查): each finding is routed to a department and a responsible person with
a deadline, handled (what was done), then verified; a finding still open after its deadline is
reported once, daily, to its person and the quality supervisors (seed 12.1.4 处理质检巡查事项)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from property_service.core.assignments import assign
from property_service.core.notices import notify, site_language
from property_service.core.routing import assignable
from property_service.vocabulary import (
	HANDLED,
	PENDING,
	PROPERTY_MANAGER,
	QUALITY_SUPERVISOR,
	SYSTEM_MANAGER,
	VERIFIED,
)

OPEN = PENDING  # a finding waiting for its handling (待处理) is open
NEXT = {OPEN: (HANDLED,), HANDLED: (VERIFIED, OPEN), VERIFIED: ()}  # Handled → Pending: not good enough
VERIFIERS = (QUALITY_SUPERVISOR, PROPERTY_MANAGER, SYSTEM_MANAGER)  # who verifies a finding's handling
# set by the rules below, never by a form or REST
ROW_SYSTEM_FIELDS = ("handled_on", "verified_by", "verified_on", "overdue_notified_on")
ROUNDS = ("Quality Patrol", "Shop Inspection")


class FindingError(frappe.ValidationError):
	pass


def check_findings(doc) -> None:
	"""validate: each finding moves Open → Handled (how) → Verified (by a quality supervisor or
	the manager); the dates and names are stamped here. Sets the round's open/overdue counts."""
	before = doc.get_doc_before_save()
	stored = {row.name: row for row in before.findings} if before else {}
	for row in doc.findings:
		old = stored.get(row.name)
		for field in ROW_SYSTEM_FIELDS:
			row.set(field, old.get(field) if old else None)
		previous = old.status if old else OPEN
		row.status = row.status or OPEN
		if row.status == previous:
			continue
		if row.status not in NEXT[previous]:
			frappe.throw(
				_("Row {0}: a finding goes from {1} to {2} only.").format(
					row.idx, _(previous), " / ".join(_(s) for s in NEXT[previous]) or "—"
				),
				FindingError,
			)
		if row.status == HANDLED:
			if not (row.handling or "").strip():
				frappe.throw(_("Row {0}: say how the finding was handled.").format(row.idx), FindingError)
			row.handled_on = today()
		elif row.status == VERIFIED:
			user = frappe.session.user
			verifier = user == "Administrator" or set(VERIFIERS) & set(frappe.get_roles(user))
			if not verifier and not doc.flags.verified_by_reinspection:
				frappe.throw(
					_("A quality supervisor or the office manager verifies a finding."), FindingError
				)
			if not (row.verification or "").strip():
				frappe.throw(_("Row {0}: record the verification.").format(row.idx), FindingError)
			row.verified_by, row.verified_on = user, today()
	doc.open_findings = sum(1 for row in doc.findings if row.status != VERIFIED)
	doc.overdue_findings = sum(1 for row in doc.findings if is_overdue(row))


def is_overdue(row) -> bool:
	return row.status == OPEN and bool(row.deadline) and getdate(row.deadline) < getdate(today())


def route_findings(doc) -> None:
	"""on_update: each open finding's responsible person has the round assigned (a ToDo, once)."""
	lang = site_language()
	for row in doc.findings:
		if row.status == OPEN and row.responsible_user:
			assign(
				doc,
				[row.responsible_user],
				_("{0} finding: {1}", lang=lang).format(_(doc.doctype, lang=lang), row.finding),
				row.deadline,
			)


def report_overdue() -> int:
	"""Daily: open findings past their deadline, reported once each to the responsible person and
	the quality supervisors; returns how many. Code, not a Notification: a finding is a row of
	its round (a child table), which a Notification can neither watch nor link to."""
	rows = frappe.get_all(
		"Inspection Finding",
		{
			"parenttype": ["in", ROUNDS],
			"status": OPEN,
			"deadline": ["<", today()],
			"overdue_notified_on": ["is", "not set"],
		},
		["name", "parent", "parenttype", "finding", "deadline", "responsible_user"],
	)
	quality = assignable(QUALITY_SUPERVISOR)
	lang = site_language()
	for row in rows:
		doc = frappe.get_doc(row.parenttype, row.parent)
		message = _("Finding past its deadline {0}: {1}", lang=lang).format(row.deadline, row.finding)
		notify({row.responsible_user, *quality}, doc, message)
		frappe.db.set_value(
			"Inspection Finding", row.name, "overdue_notified_on", today(), update_modified=False
		)
	return len(rows)
