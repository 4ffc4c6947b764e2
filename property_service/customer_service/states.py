"""The states of the service records, named once.

Every module that reads or sets a status uses these names; the DocTypes' `status` options and the
workflows (workflows.py) list the same states (tests/test_states.py checks it), and the desk's
list views get the colours and open states from the boot info (customer_service/desk.py).
"""

LOGGED = "Logged"
ASSIGNED = "Assigned"
DISPATCHED = "Dispatched"
IN_PROGRESS = "In Progress"
BEING_HANDLED = "Being Handled"
ESCALATED = "Escalated"
COMPLETED = "Completed"
HANDLED = "Handled"
RESULT_VERIFIED = "Result Verified"
CLOSED = "Closed"
CANCELLED = "Cancelled"
BOOKED = "Booked"
ACCEPTED = "Accepted"
BILLED = "Billed"
SUBMITTED = "Submitted"
APPROVED = "Approved"
COMPLETION_INSPECTION = "Completion Inspection"
REJECTED = "Rejected"

# doctype -> {state: list colour}, in the order of the work
STATES = {
	"Service Request": {
		LOGGED: "red",
		DISPATCHED: "orange",
		IN_PROGRESS: "yellow",
		COMPLETED: "blue",
		CLOSED: "green",
		CANCELLED: "gray",
	},
	"Complaint": {
		LOGGED: "red",
		ASSIGNED: "orange",
		BEING_HANDLED: "yellow",
		HANDLED: "blue",
		RESULT_VERIFIED: "cyan",
		CLOSED: "green",
		ESCALATED: "purple",
	},
	"Special Service": {
		BOOKED: "red",
		ACCEPTED: "orange",
		DISPATCHED: "orange",
		COMPLETED: "blue",
		BILLED: "purple",
		CLOSED: "green",
		CANCELLED: "gray",
	},
	"Renovation Application": {
		SUBMITTED: "orange",
		APPROVED: "blue",
		IN_PROGRESS: "yellow",
		COMPLETION_INSPECTION: "purple",
		CLOSED: "green",
		REJECTED: "gray",
	},
}

# the states in which a record still waits for the office (overdue lists, escalation)
OPEN = {
	"Service Request": (LOGGED, DISPATCHED, IN_PROGRESS),
	"Complaint": (LOGGED, ASSIGNED, BEING_HANDLED, ESCALATED),
}

# state -> the field stamping when the record entered it (lifecycle.stamp; the resident's timeline)
TIMELINE = {
	"Service Request": {
		DISPATCHED: "dispatched_on",
		IN_PROGRESS: "started_on",
		COMPLETED: "completed_on",
		CLOSED: "closed_on",
	},
	"Complaint": {HANDLED: "resolved_on", RESULT_VERIFIED: "verified_on", CLOSED: "closed_on"},
	"Special Service": {COMPLETED: "completed_on"},
}

# the state after which a callback is due
CALLBACK_AFTER = {
	"Service Request": COMPLETED,
	"Complaint": RESULT_VERIFIED,
	"Special Service": COMPLETED,
}


def for_desk() -> dict:
	"""What the list views need: each DocType's colours and open states."""
	return {"colours": STATES, "open": {doctype: list(states) for doctype, states in OPEN.items()}}
