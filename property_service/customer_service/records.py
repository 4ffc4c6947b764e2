"""The service desk's records as the core sees them (core/registry.py): requests, complaints and
callbacks, their states, workflows and who they are with.

Every change the system makes (dispatch, a callback closing or reopening, escalation) is a
transition listed here: Frappe checks each state change against the workflow (core/workflows.py),
changes made by code included. Residents rate callbacks on the portal; the rating closes or
reopens the source. They have no write permission on the source, so the transitions naming
them are taken only by the app's own code. The scheduler runs as Administrator, who holds every
role.
"""

from property_service.core.registry import Record
from property_service.vocabulary import (
	AGENTS,
	ASSIGNED,
	BEING_HANDLED,
	CANCELLED,
	CLOSED,
	COMPLETED,
	CS_SUPERVISOR,
	DISPATCHED,
	ESCALATED,
	HANDLED,
	IN_PROGRESS,
	LOGGED,
	MANAGEMENT_REPRESENTATIVE,
	RESIDENT,
	RESULT_VERIFIED,
	SECURITY_SUPERVISOR,
	SUPERVISORS,
	TECHNICIAN,
)

RESIDENTS = (RESIDENT,)
# who verifies a complaint's result: complaint_routing.VERIFIER says which of the two, by severity
VERIFIERS = (CS_SUPERVISOR, MANAGEMENT_REPRESENTATIVE)
HANDLERS = (*AGENTS, TECHNICIAN, SECURITY_SUPERVISOR)  # who may hold a complaint
REPORTED_TO = (*SUPERVISORS, MANAGEMENT_REPRESENTATIVE)  # an escalated complaint's

# what a request and a complaint share: a callback's rating closes or reopens them, a technician
# sees only their own, and their photos are private
HOUSEHOLD_SERVICE = {"rating_moves": True, "technician_scoped": True, "private_uploads": True}

SERVICE_REQUEST = Record(
	"Service Request",
	states=(
		LOGGED,
		DISPATCHED,
		IN_PROGRESS,
		COMPLETED,
		CLOSED,
		CANCELLED,
	),
	open=(LOGGED, DISPATCHED, IN_PROGRESS),
	done=(COMPLETED, CLOSED),
	timeline={
		DISPATCHED: "dispatched_on",
		IN_PROGRESS: "started_on",
		COMPLETED: "completed_on",
		CLOSED: "closed_on",
	},
	callback_after=COMPLETED,
	assignee="technician",
	**HOUSEHOLD_SERVICE,
	workflow={
		"states": [
			(LOGGED, AGENTS),
			(DISPATCHED, (*AGENTS, TECHNICIAN)),
			(IN_PROGRESS, (*AGENTS, TECHNICIAN)),
			(COMPLETED, AGENTS),
			(CLOSED, SUPERVISORS),
			(CANCELLED, SUPERVISORS),
		],
		"transitions": [
			(LOGGED, "Dispatch", DISPATCHED, AGENTS),
			(DISPATCHED, "Start Work", IN_PROGRESS, (TECHNICIAN, *AGENTS)),
			(DISPATCHED, "Redispatch", LOGGED, AGENTS),
			(IN_PROGRESS, "Complete", COMPLETED, (TECHNICIAN, *AGENTS)),
			(COMPLETED, "Close", CLOSED, (*AGENTS, *RESIDENTS)),
			(COMPLETED, "Reopen", IN_PROGRESS, (*AGENTS, *RESIDENTS)),
			(CLOSED, "Reopen", IN_PROGRESS, (*SUPERVISORS, *RESIDENTS)),
			(LOGGED, "Cancel", CANCELLED, AGENTS),
			(DISPATCHED, "Cancel", CANCELLED, AGENTS),
		],
	},
)

COMPLAINT = Record(
	"Complaint",
	states=(
		LOGGED,
		ASSIGNED,
		BEING_HANDLED,
		HANDLED,
		RESULT_VERIFIED,
		CLOSED,
		ESCALATED,
	),
	open=(LOGGED, ASSIGNED, BEING_HANDLED, ESCALATED),
	done=(HANDLED, RESULT_VERIFIED, CLOSED),
	timeline={HANDLED: "resolved_on", RESULT_VERIFIED: "verified_on", CLOSED: "closed_on"},
	callback_after=RESULT_VERIFIED,
	assignee="handler",
	**HOUSEHOLD_SERVICE,
	workflow={
		"states": [
			(LOGGED, AGENTS),
			(ASSIGNED, AGENTS),
			(BEING_HANDLED, HANDLERS),
			(HANDLED, HANDLERS),
			(RESULT_VERIFIED, SUPERVISORS),
			(CLOSED, SUPERVISORS),
			(ESCALATED, REPORTED_TO),
		],
		"transitions": [
			(LOGGED, "Assign", ASSIGNED, AGENTS),
			(ASSIGNED, "Start Handling", BEING_HANDLED, HANDLERS),
			(BEING_HANDLED, "Resolve", HANDLED, HANDLERS),
			# the controller checks which of the two verifies this complaint
			(HANDLED, "Verify Result", RESULT_VERIFIED, VERIFIERS),
			(HANDLED, "Reject Result", BEING_HANDLED, VERIFIERS),
			(RESULT_VERIFIED, "Close", CLOSED, (*AGENTS, *RESIDENTS)),
			# the agent who records a C callback reopens it, as for a request (callbacks.py)
			(RESULT_VERIFIED, "Reopen", BEING_HANDLED, (*SUPERVISORS, *AGENTS, *RESIDENTS)),
			(CLOSED, "Reopen", BEING_HANDLED, (*SUPERVISORS, *RESIDENTS)),
			# whoever registers a major complaint reports it up at once (escalation.py)
			(LOGGED, "Escalate", ESCALATED, (*AGENTS, MANAGEMENT_REPRESENTATIVE)),
			(ASSIGNED, "Escalate", ESCALATED, REPORTED_TO),
			(BEING_HANDLED, "Escalate", ESCALATED, REPORTED_TO),
			(ESCALATED, "Start Handling", BEING_HANDLED, REPORTED_TO),
		],
	},
)

# a callback is with its agent; every agent sees every callback (no technician narrowing)
CALLBACK_RECORD = Record("Callback Record", assignee="agent", private_uploads=True)

RECORDS = (SERVICE_REQUEST, COMPLAINT, CALLBACK_RECORD)
