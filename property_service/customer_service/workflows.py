"""The Service Request, Complaint and Special Service workflows, as Frappe Workflow documents.

Created by install code when missing and never overwritten, so administrators can change them
in the Workflow Builder. The workflow's state field is the document's `status`. Every change the
system makes (dispatch, a callback closing or reopening, escalation) is a transition listed here:
Frappe checks each state change against the workflow, changes made by code included. The
documents are not submittable: a closed request must be able to reopen.

Work reaches people as ToDo assignments (dispatch, routing, callbacks, escalation), so the
states are marked optional: Frappe then makes no "Workflow Action" approval records for them,
which would cost each save several inserts and queries (see benchmarks/sr_vs_issue.py).
"""

import frappe

AGENTS = ("Customer Service Agent", "Customer Service Supervisor", "Property Manager")
SUPERVISORS = ("Customer Service Supervisor", "Property Manager")
# Residents rate callbacks on the portal; the rating closes or reopens the source. They have no
# write permission on the source, so these transitions are only taken by the app's own code.
RESIDENT = ("Property Resident",)
ACCOUNTS = ("Accounts User", "Accounts Manager")
# The scheduler runs as Administrator, who holds every role.

SERVICE_REQUEST = {
	"name": "Service Request",
	"states": [
		("Logged", AGENTS),
		("Dispatched", (*AGENTS, "Maintenance Technician")),
		("In Progress", (*AGENTS, "Maintenance Technician")),
		("Completed", AGENTS),
		("Closed", SUPERVISORS),
		("Cancelled", SUPERVISORS),
	],
	"transitions": [
		("Logged", "Dispatch", "Dispatched", AGENTS),
		("Dispatched", "Start Work", "In Progress", ("Maintenance Technician", *AGENTS)),
		("Dispatched", "Redispatch", "Logged", AGENTS),
		("In Progress", "Complete", "Completed", ("Maintenance Technician", *AGENTS)),
		("Completed", "Close", "Closed", (*AGENTS, *RESIDENT)),
		("Completed", "Reopen", "In Progress", (*AGENTS, *RESIDENT)),
		("Closed", "Reopen", "In Progress", (*SUPERVISORS, *RESIDENT)),
		("Logged", "Cancel", "Cancelled", AGENTS),
		("Dispatched", "Cancel", "Cancelled", AGENTS),
	],
}

COMPLAINT = {
	"name": "Complaint",
	"states": [
		("Logged", AGENTS),
		("Assigned", AGENTS),
		("Being Handled", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		("Handled", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		("Result Verified", SUPERVISORS),
		("Closed", SUPERVISORS),
		("Escalated", (*SUPERVISORS, "Management Representative")),
	],
	"transitions": [
		("Logged", "Assign", "Assigned", AGENTS),
		(
			"Assigned",
			"Start Handling",
			"Being Handled",
			(*AGENTS, "Maintenance Technician", "Security Supervisor"),
		),
		("Being Handled", "Resolve", "Handled", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		# the controller checks which of the two verifies this complaint (routing.VERIFIER)
		(
			"Handled",
			"Verify Result",
			"Result Verified",
			("Customer Service Supervisor", "Management Representative"),
		),
		(
			"Handled",
			"Reject Result",
			"Being Handled",
			("Customer Service Supervisor", "Management Representative"),
		),
		("Result Verified", "Close", "Closed", (*AGENTS, *RESIDENT)),
		("Result Verified", "Reopen", "Being Handled", (*SUPERVISORS, *RESIDENT)),
		("Closed", "Reopen", "Being Handled", (*SUPERVISORS, *RESIDENT)),
		# whoever registers a major complaint reports it up at once (escalation.py)
		("Logged", "Escalate", "Escalated", (*AGENTS, "Management Representative")),
		("Assigned", "Escalate", "Escalated", (*SUPERVISORS, "Management Representative")),
		("Being Handled", "Escalate", "Escalated", (*SUPERVISORS, "Management Representative")),
		("Escalated", "Start Handling", "Being Handled", (*SUPERVISORS, "Management Representative")),
	],
}

SPECIAL_SERVICE = {
	"name": "Special Service",
	"states": [
		("Booked", AGENTS),
		("Accepted", AGENTS),
		("Dispatched", (*AGENTS, "Maintenance Technician")),
		("Completed", (*AGENTS, *ACCOUNTS)),
		("Billed", (*ACCOUNTS, *SUPERVISORS)),
		("Closed", SUPERVISORS),
		("Cancelled", SUPERVISORS),
	],
	"transitions": [
		("Booked", "Accept", "Accepted", AGENTS),
		("Accepted", "Dispatch", "Dispatched", AGENTS),
		("Dispatched", "Complete", "Completed", ("Maintenance Technician", *AGENTS)),
		# billing (special_services/billing.py) sets or clears the invoice, then takes these; the
		# conditions keep the desk from offering them otherwise
		("Completed", "Record Invoice", "Billed", ACCOUNTS, "doc.sales_invoice"),
		("Billed", "Back to Billing", "Completed", ACCOUNTS, "not doc.sales_invoice"),
		("Closed", "Back to Billing", "Completed", ACCOUNTS, "not doc.sales_invoice"),
		("Billed", "Close", "Closed", (*AGENTS, "Accounts User")),
		("Completed", "Close", "Closed", AGENTS, "not doc.amount"),  # a free service
		("Booked", "Cancel", "Cancelled", AGENTS),
		("Accepted", "Cancel", "Cancelled", AGENTS),
	],
}

WORKFLOWS = (SERVICE_REQUEST, COMPLAINT, SPECIAL_SERVICE)


def workflow_name(doctype: str) -> str:
	return f"{doctype} Workflow"


def ensure_workflows() -> None:
	"""Creates each workflow that does not exist yet; an existing one is the administrator's."""
	for spec in WORKFLOWS:
		name = workflow_name(spec["name"])
		if frappe.db.exists("Workflow", name):
			continue
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
	for spec in WORKFLOWS:
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


def transition(doc, action: str) -> None:
	"""Applies a workflow action as the app's own code does it: through the workflow, so the
	administrator's workflow decides, with the controller's checks, without a permission check
	on the caller (who may be a resident rating a callback or the scheduler)."""
	from frappe.model.workflow import get_transitions

	doc.reload()
	with_roles = [t for t in get_transitions(doc, raise_exception=True) if t.action == action]
	if not with_roles:
		frappe.throw(
			frappe._("{0} {1} cannot take the action {2} in state {3}.").format(
				frappe._(doc.doctype), doc.name, frappe._(action), frappe._(doc.status)
			),
			frappe.model.workflow.WorkflowTransitionError,
		)
	doc.status = with_roles[0].next_state
	doc.flags.ignore_permissions = True
	doc.save()


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
