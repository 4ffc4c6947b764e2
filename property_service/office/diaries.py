"""The work diary (工作日记, seed 12.1.1: daily): one per staff member and day, filled from the
day's records that carry their name — requests registered and completed, complaints handled,
callbacks and owner visits made, vacant units inspected, incidents recorded — beside their own
notes of the day. Private like visit notes: the writer, customer-service supervisors and the
office manager read it (permissions.PRIVATE_TO)."""

import frappe
from frappe import _
from frappe.utils import getdate, strip_html

from property_service.vocabulary import DONE


def day_bounds(day) -> list:
	day = getdate(day)
	return ["between", [f"{day} 00:00:00", f"{day} 23:59:59.999999"]]


def sources(writer: str, day) -> list[tuple]:
	"""(kind, doctype, filters, summary field) for what the writer did that day."""
	within, date = day_bounds(day), getdate(day)
	return [
		(_("Registered"), "Service Request", {"owner": writer, "creation": within}, "description"),
		(_("Completed"), "Service Request", {"technician": writer, "completed_on": within}, "description"),
		(_("Handled"), "Complaint", {"handler": writer, "resolved_on": within}, "description"),
		(
			_("Called Back"),
			"Callback Record",
			{"agent": writer, "status": DONE, "callback_date": within},
			"content_and_result",
		),
		(_("Visited"), "Owner Visit", {"visitor": writer, "visit_date": date}, "notes"),
		(
			_("Inspected"),
			"Vacant Unit Inspection",
			{"inspector": writer, "status": DONE, "inspection_date": date},
			"findings",
		),
		(_("Recorded"), "Emergency Incident", {"recorded_by": writer, "occurred_on": within}, "description"),
	]


def fill(doc) -> None:
	entries = []
	for kind, doctype, filters, field in sources(doc.writer, doc.diary_date):
		for row in frappe.get_all(
			doctype,
			filters=filters,
			fields=["name", field, "unit" if doctype != "Emergency Incident" else "location"],
			order_by="creation",
		):
			where = row.get("unit") or row.get("location") or ""
			text = strip_html(row.get(field) or "").strip()
			entries.append(
				{
					"kind": kind,
					"reference_doctype": doctype,
					"reference_name": row.name,
					"summary": " · ".join(part for part in (where, text[:100]) if part),
				}
			)
	doc.set("entries", entries)
