"""Corrective actions (纠正/预防措施) raised from a complaint, a survey's finding or a drill's
improvement. One past its deadline is told to its person and the quality supervisors by the
Notification "Corrective Action Overdue" (notifications.py; seed 12.1.4, 12.1.5 (4) 7)."""

import frappe
from frappe.utils import add_days, today

from property_service.core.lifecycle import save_as_system


def make_corrective_action(
	reference_doctype: str,
	reference_name: str,
	problem: str,
	action_type: str = "Corrective Action",
	deadline=None,
	responsible_department: str | None = None,
	responsible_user: str | None = None,
	ignore_permissions: bool = False,
) -> str:
	"""A Corrective Action (纠正措施报告) about a source record, due in a week unless a deadline is
	given; returns its name. The caller checks the right to raise it (`ignore_permissions`: the
	app's own report, made whoever is signed in)."""
	return (
		frappe.get_doc(
			{
				"doctype": "Corrective Action",
				"reference_doctype": reference_doctype,
				"reference_name": reference_name,
				"action_type": action_type,
				"problem": problem or reference_name,
				"deadline": deadline or add_days(today(), 7),
				"responsible_department": responsible_department,
				"responsible_user": responsible_user,
			}
		)
		.insert(ignore_permissions=ignore_permissions)
		.name
	)


def raise_actions(doc, rows, problem_of) -> list[str]:
	"""A Corrective Action for each row (a survey finding, a drill improvement) that has none
	yet, with the row's department, person and deadline (seed 12.1.2 (1) 3); `problem_of(row)`
	words the problem. Saves the source record; returns the new actions."""
	made = []
	for row in rows:
		if row.corrective_action:
			continue
		row.corrective_action = make_corrective_action(
			doc.doctype,
			doc.name,
			problem_of(row),
			deadline=row.deadline,
			responsible_department=row.responsible_department,
			responsible_user=row.responsible_user,
		)
		made.append(row.corrective_action)
	if made:
		save_as_system(doc)
	return made
