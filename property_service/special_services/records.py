"""Special services (特约服务) as the core sees them (core/registry.py): a booking's states and
workflow; billing (billing.py) sets or clears the invoice, then takes the billing transitions,
whose conditions keep the desk from offering them otherwise."""

from property_service.core.registry import Record
from property_service.vocabulary import (
	ACCEPTED,
	ACCOUNTS,
	ACCOUNTS_USER,
	AGENTS,
	BILLED,
	BOOKED,
	CANCELLED,
	CLOSED,
	COMPLETED,
	DISPATCHED,
	SUPERVISORS,
	TECHNICIAN,
)

SPECIAL_SERVICE = Record(
	"Special Service",
	states=(
		BOOKED,
		ACCEPTED,
		DISPATCHED,
		COMPLETED,
		BILLED,
		CLOSED,
		CANCELLED,
	),
	open=(BOOKED, ACCEPTED, DISPATCHED),
	done=(COMPLETED, BILLED, CLOSED),
	timeline={COMPLETED: "completed_on"},
	callback_after=COMPLETED,
	assignee="technician",
	technician_scoped=True,
	workflow={
		"states": [
			(BOOKED, AGENTS),
			(ACCEPTED, AGENTS),
			(DISPATCHED, (*AGENTS, TECHNICIAN)),
			(COMPLETED, (*AGENTS, *ACCOUNTS)),
			(BILLED, (*ACCOUNTS, *SUPERVISORS)),
			(CLOSED, SUPERVISORS),
			(CANCELLED, SUPERVISORS),
		],
		"transitions": [
			(BOOKED, "Accept", ACCEPTED, AGENTS),
			(ACCEPTED, "Dispatch", DISPATCHED, AGENTS),
			(DISPATCHED, "Complete", COMPLETED, (TECHNICIAN, *AGENTS)),
			(COMPLETED, "Record Invoice", BILLED, ACCOUNTS, "doc.sales_invoice"),
			(BILLED, "Back to Billing", COMPLETED, ACCOUNTS, "not doc.sales_invoice"),
			(CLOSED, "Back to Billing", COMPLETED, ACCOUNTS, "not doc.sales_invoice"),
			(BILLED, "Close", CLOSED, (*AGENTS, ACCOUNTS_USER)),
			(COMPLETED, "Close", CLOSED, AGENTS, "not doc.amount"),  # a free service
			(BOOKED, "Cancel", CANCELLED, AGENTS),
			(ACCEPTED, "Cancel", CANCELLED, AGENTS),
		],
	},
)

RECORDS = (SPECIAL_SERVICE,)
