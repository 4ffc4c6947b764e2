"""The records' workflows as Frappe Workflow documents, from the feature modules' declarations
(core/registry.py: each record's `workflow`).

Created by install code when missing and never overwritten, so administrators can change them
in the Workflow Builder. The workflow's state field is the document's `status`. Every change the
system makes is a transition of the workflow (`transition`): Frappe checks each state change
against it, changes made by code included. The documents are not submittable: a closed request
must be able to reopen.

Work reaches people as ToDo assignments (dispatch, routing, callbacks, escalation), so the
states are marked optional: Frappe then makes no "Workflow Action" approval records for them,
which would cost each save several inserts and queries (see benchmarks/sr_vs_issue.py).
"""

import frappe
from frappe import _

from property_service.core.registry import workflows


def workflow_name(doctype: str) -> str:
	return f"{doctype} Workflow"


def ensure_workflows() -> None:
	"""Creates each workflow that does not exist yet; an existing one is the administrator's."""
	for spec in workflows():
		if not frappe.db.exists("Workflow", workflow_name(spec["name"])):
			make_workflow(spec, workflow_name(spec["name"]))


def make_workflow(spec: dict, name: str) -> None:
	"""Inserts the active workflow of the spec on its DocType's `status` (optional states)."""
	ensure_masters(spec)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": name,
			"document_type": spec["name"],
			"workflow_state_field": "status",
			"is_active": 1,
			"send_email_alert": 0,
			"override_status": 1,
			"states": [
				{"state": state, "doc_status": "0", "allow_edit": role, "is_optional_state": 1}
				for state, roles in spec["states"]
				for role in roles
			],
			"transitions": transition_rows(spec),
		}
	).insert(ignore_permissions=True)


def transition_rows(spec: dict, actions: tuple[str, ...] | None = None) -> list[dict]:
	"""Workflow Transition rows of the spec (of `actions` only, when given): one per role."""
	return [
		{
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": role,
			"allow_self_approval": 1,
			"condition": next(iter(condition), None),
		}
		for state, action, next_state, roles, *condition in spec["transitions"]
		if actions is None or action in actions
		for role in roles
	]


def remove_workflows() -> None:
	"""On uninstall: the workflows of the app's DocTypes go with them."""
	for spec in workflows():
		if frappe.db.exists("Workflow", workflow_name(spec["name"])):
			frappe.delete_doc("Workflow", workflow_name(spec["name"]), ignore_permissions=True, force=True)


def ensure_masters(spec: dict) -> None:
	"""Workflow states and actions are records of their own that the workflow links to."""
	for state, _roles in spec["states"]:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state}).insert(
				ignore_permissions=True
			)
	for action in {t[1] for t in spec["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def transition(doc, action: str, reason: str) -> None:
	"""Takes a workflow action as the app's own code does (a callback's rating, escalation,
	billing): through Frappe's apply_workflow, so the administrator's workflow decides and the
	timeline shows the new state, without a permission check on the caller (who may be a
	resident rating a callback, or the scheduler); a comment records the action and why."""
	from frappe.model.workflow import WorkflowTransitionError, apply_workflow

	doc.flags.ignore_permissions = True
	try:
		apply_workflow(doc, action)
	except WorkflowTransitionError:
		frappe.clear_last_message()  # Frappe's "Not a valid Workflow Action" names neither
		frappe.throw(
			_("{0} {1} cannot take the action {2} in state {3}.").format(
				_(doc.doctype), doc.name, _(action), _(doc.status)
			),
			WorkflowTransitionError,
		)
	doc.add_comment("Info", _("{0}: {1}").format(_(action), reason))


def may_take(doc, action: str) -> bool:
	"""Whether the workflow offers `action` on `doc` to the signed-in user."""
	from frappe.model.workflow import get_transitions

	return any(t.action == action for t in get_transitions(doc))


def add_transitions(spec: dict, actions: tuple[str, ...]) -> None:
	"""For upgrades: gives an existing workflow the transitions of `actions` it lacks, and their
	conditions; the rest of the administrator's workflow is left as it is."""
	name = workflow_name(spec["name"])
	if not frappe.db.exists("Workflow", name):
		return
	ensure_masters(spec)
	workflow = frappe.get_doc("Workflow", name)
	existing = {(t.state, t.action, t.allowed): t for t in workflow.transitions}
	for row in transition_rows(spec, actions):
		if current := existing.get((row["state"], row["action"], row["allowed"])):
			current.condition = row["condition"]
		else:
			workflow.append("transitions", row)
	workflow.save(ignore_permissions=True)
