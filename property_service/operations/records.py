"""The operations' records as the core sees them (core/registry.py).

Renovation (seed 12.1.5 (7)): the office reviews (approval drafts the deposit invoice for the
accountants and marks the unit Renovating), the works run, the completion inspection passes (the
deposit's settlement is drafted) or sends them back. An application is its applicant's."""

from property_service.core.registry import Record
from property_service.vocabulary import (
	AGENTS,
	APPROVED,
	CLOSED,
	COMPLETION_INSPECTION,
	IN_PROGRESS,
	REJECTED,
	SUBMITTED,
	SUPERVISORS,
)

RENOVATION_APPLICATION = Record(
	"Renovation Application",
	states=(
		SUBMITTED,
		APPROVED,
		IN_PROGRESS,
		COMPLETION_INSPECTION,
		CLOSED,
		REJECTED,
	),
	open=(SUBMITTED, COMPLETION_INSPECTION),  # waiting for the office: its review, its inspection
	done=(APPROVED, CLOSED),  # decided in the applicant's favour, or finished (the portal's mark)
	own_field="applicant",
	private_uploads=True,
	workflow={
		"states": [
			(SUBMITTED, AGENTS),
			(APPROVED, SUPERVISORS),
			(IN_PROGRESS, AGENTS),
			(COMPLETION_INSPECTION, AGENTS),
			(CLOSED, SUPERVISORS),
			(REJECTED, SUPERVISORS),
		],
		"transitions": [
			(SUBMITTED, "Approve", APPROVED, SUPERVISORS),
			(SUBMITTED, "Reject", REJECTED, SUPERVISORS),
			(APPROVED, "Start Works", IN_PROGRESS, AGENTS),
			(IN_PROGRESS, "Request Completion Inspection", COMPLETION_INSPECTION, AGENTS),
			(COMPLETION_INSPECTION, "Pass Inspection", CLOSED, SUPERVISORS),
			(COMPLETION_INSPECTION, "Fail Inspection", IN_PROGRESS, AGENTS),
		],
	},
)

RECORDS = (RENOVATION_APPLICATION,)
