"""The indexes the office's reports rely on (benchmarks/kpi_report.py): composite indexes that
let the KPI queries read only the index for a community's period. Added by the patch
v0_5.kpi_indexes on sites made before them, and by install, migrate and the end of ERPNext's
setup on every site; adding one twice does nothing."""

import frappe

# (doctype, index name, columns)
INDEXES = (
	(
		"Service Request",
		"kpi_registration",
		("community", "creation", "status", "response_by", "first_responded_on"),
	),
	("Service Request", "kpi_completion", ("community", "completed_on", "sla_resolution_by")),
	("Complaint", "kpi_results", ("community", "creation", "status")),
	# the archive figure counts a period's closed requests (operations/archives.py)
	("Service Request", "archive_files", ("status", "creation")),
)


def ensure_indexes() -> None:
	"""Adds each index whose columns exist (ERPNext adds the SLA columns once an agreement is
	saved for the DocType, after its setup wizard)."""
	for doctype, name, columns in INDEXES:
		if all(frappe.db.has_column(doctype, column) for column in columns):
			frappe.db.add_index(doctype, list(columns), name)
