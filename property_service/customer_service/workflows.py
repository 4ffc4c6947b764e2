"""The Service Request and Complaint workflows, as Frappe Workflow documents.

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
# The scheduler runs as Administrator, who holds every role.

SERVICE_REQUEST = {
	"name": "Service Request",
	"states": [
		("Registered", AGENTS),
		("Dispatched", (*AGENTS, "Maintenance Technician")),
		("In Progress", (*AGENTS, "Maintenance Technician")),
		("Completed", AGENTS),
		("Closed", SUPERVISORS),
		("Cancelled", SUPERVISORS),
	],
	"transitions": [
		("Registered", "Dispatch", "Dispatched", AGENTS),
		("Dispatched", "Start Work", "In Progress", ("Maintenance Technician", *AGENTS)),
		("Dispatched", "Redispatch", "Registered", AGENTS),
		("In Progress", "Complete", "Completed", ("Maintenance Technician", *AGENTS)),
		("Completed", "Close", "Closed", (*AGENTS, *RESIDENT)),
		("Completed", "Reopen", "In Progress", (*AGENTS, *RESIDENT)),
		("Closed", "Reopen", "In Progress", (*SUPERVISORS, *RESIDENT)),
		("Registered", "Cancel", "Cancelled", AGENTS),
		("Dispatched", "Cancel", "Cancelled", AGENTS),
	],
}

COMPLAINT = {
	"name": "Complaint",
	"states": [
		("Registered", AGENTS),
		("Assigned", AGENTS),
		("Processing", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		("Resolved", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		("Verified", SUPERVISORS),
		("Closed", SUPERVISORS),
		("Escalated", (*SUPERVISORS, "Management Representative")),
	],
	"transitions": [
		("Registered", "Assign", "Assigned", AGENTS),
		(
			"Assigned",
			"Start Handling",
			"Processing",
			(*AGENTS, "Maintenance Technician", "Security Supervisor"),
		),
		("Processing", "Resolve", "Resolved", (*AGENTS, "Maintenance Technician", "Security Supervisor")),
		("Resolved", "Verify", "Verified", ("Customer Service Supervisor",)),
		("Resolved", "Reject Result", "Processing", ("Customer Service Supervisor",)),
		("Verified", "Close", "Closed", (*AGENTS, *RESIDENT)),
		("Verified", "Reopen", "Processing", (*SUPERVISORS, *RESIDENT)),
		("Closed", "Reopen", "Processing", (*SUPERVISORS, *RESIDENT)),
		("Registered", "Escalate", "Escalated", (*SUPERVISORS, "Management Representative")),
		("Assigned", "Escalate", "Escalated", (*SUPERVISORS, "Management Representative")),
		("Processing", "Escalate", "Escalated", (*SUPERVISORS, "Management Representative")),
		("Escalated", "Start Handling", "Processing", (*SUPERVISORS, "Management Representative")),
	],
}

SPECIAL_SERVICE = {
	"name": "Special Service",
	"states": [
		("Requested", AGENTS),
		("Confirmed", AGENTS),
		("Dispatched", (*AGENTS, "Maintenance Technician")),
		("Completed", (*AGENTS, "Accounts User")),
		("Invoiced", ("Accounts User", *SUPERVISORS)),
		("Closed", SUPERVISORS),
		("Cancelled", SUPERVISORS),
	],
	"transitions": [
		("Requested", "Confirm", "Confirmed", AGENTS),
		("Confirmed", "Dispatch", "Dispatched", AGENTS),
		("Dispatched", "Complete", "Completed", ("Maintenance Technician", *AGENTS)),
		("Completed", "Invoice", "Invoiced", ("Accounts User", "Accounts Manager")),
		("Invoiced", "Back to Billing", "Completed", ("Accounts User", "Accounts Manager")),
		("Invoiced", "Close", "Closed", (*AGENTS, "Accounts User")),
		("Requested", "Cancel", "Cancelled", AGENTS),
		("Confirmed", "Cancel", "Cancelled", AGENTS),
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
				"transitions": [
					{
						"state": state,
						"action": action,
						"next_state": next_state,
						"allowed": role,
						"allow_self_approval": 1,
					}
					for state, action, next_state, roles in spec["transitions"]
					for role in roles
				],
			}
		).insert(ignore_permissions=True)


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
