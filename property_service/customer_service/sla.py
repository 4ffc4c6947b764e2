"""Response and resolution times come from ERPNext's Service Level Agreement, which applies to any
DocType with a `status` field. The app creates one default agreement each for Service Request and
Complaint when they are missing and ERPNext's masters exist; administrators edit them afterwards.

Response means dispatch (a request) or assignment (a complaint): entering that state marks the
first response, as a reply does on an ERPNext Issue.
"""

import frappe
from frappe.utils import add_years, getdate, today

from property_service.customer_service.records import COMPLAINT, SERVICE_REQUEST
from property_service.vocabulary import (
	ASSIGNED,
	CANCELLED,
	DISPATCHED,
)

# doctype -> (states that fulfil the agreement, the state that counts as the first response)
SLA_DOCTYPES = {
	"Service Request": ((*SERVICE_REQUEST.done, CANCELLED), DISPATCHED),
	"Complaint": (COMPLAINT.done, ASSIGNED),
}
OFFICE_HOURS = ("08:00:00", "18:00:00")
WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# (response hours, resolution hours) by priority rank, most urgent first
TIMES = ((1, 8), (2, 24), (4, 72))


def sla_name(doctype: str) -> str:
	return f"{doctype} - Default"


def mark_first_response(doc) -> None:
	"""Called in validate: entering the response state is the first response for ERPNext's SLA."""
	_fulfilled, response_state = SLA_DOCTYPES[doc.doctype]
	before = doc.get_doc_before_save()
	if doc.status == response_state and (before is None or before.status != response_state):
		doc.flags.on_first_reply = True


def ensure_default_slas() -> None:
	"""Creates the default agreements once ERPNext's setup made its priorities and a company."""
	priorities = issue_priorities()
	if not priorities or not frappe.get_all("Company", limit=1):
		return
	holidays = ensure_holiday_list()
	created = False
	for doctype, (fulfilled, _response) in SLA_DOCTYPES.items():
		if frappe.db.exists(
			"Service Level Agreement", {"document_type": doctype, "service_level": sla_name(doctype)}
		):
			continue
		created = True
		frappe.get_doc(
			{
				"doctype": "Service Level Agreement",
				"service_level": sla_name(doctype),
				"document_type": doctype,
				"default_service_level_agreement": 1,
				"enabled": 1,
				"apply_sla_for_resolution": 1,
				"holiday_list": holidays,
				"default_priority": priorities[len(priorities) // 2],
				"priorities": [
					{
						"priority": priority,
						"response_time": TIMES[min(rank, len(TIMES) - 1)][0] * 3600,
						"resolution_time": TIMES[min(rank, len(TIMES) - 1)][1] * 3600,
						"default_priority": int(rank == len(priorities) // 2),
					}
					for rank, priority in enumerate(priorities)
				],
				"support_and_resolution": [
					{"workday": day, "start_time": OFFICE_HOURS[0], "end_time": OFFICE_HOURS[1]}
					for day in WEEK
				],
				"sla_fulfilled_on": [{"status": status} for status in fulfilled],
			}
		).insert(ignore_permissions=True)
	if created:
		# ERPNext applies agreements only when tracking is on; turned on once, with ours, so an
		# administrator who turns it off later is not overruled by the next migrate
		frappe.db.set_single_value("Support Settings", "track_service_level_agreement", 1)
	protect_sla_fields()


# the permission level of the office's fields (DESIGN.md, "Who changes which field")
OFFICE_LEVEL = 1


def protect_sla_fields() -> None:
	"""ERPNext's SLA fields are Custom Fields it makes when an agreement is saved, writable by
	anyone who can write the record, and it keeps `priority` and `service_level_agreement_creation`
	as sent. They are the office's: put at the office's permission level, so a resident's or a
	technician's value is reset before ERPNext computes the due times. Safe to run again; ERPNext
	leaves the level alone when it updates the fields."""
	from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
		get_service_level_agreement_fields,
	)

	fieldnames = [
		df["fieldname"] for df in get_service_level_agreement_fields() if "Break" not in df["fieldtype"]
	]
	for doctype in SLA_DOCTYPES:
		fields = frappe.get_all(
			"Custom Field",
			{"dt": doctype, "fieldname": ["in", fieldnames], "permlevel": ["!=", OFFICE_LEVEL]},
			pluck="name",
		)
		for name in fields:
			frappe.db.set_value("Custom Field", name, "permlevel", OFFICE_LEVEL)
		if fields:
			frappe.clear_cache(doctype=doctype)


def issue_priorities() -> list[str]:
	"""ERPNext's Issue Priorities, most urgent first (their names are in the site's language)."""
	names = frappe.get_all("Issue Priority", pluck="name", order_by="creation asc")
	return list(reversed(names))  # ERPNext makes Low, Medium, High in that order


def ensure_holiday_list() -> str:
	"""A holiday list for the agreements (ERPNext requires one); the office adds its holidays."""
	name = "Property Service Holidays"
	if not frappe.db.exists("Holiday List", name):
		start = getdate(today()).replace(month=1, day=1)
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": start,
				"to_date": add_years(start, 5),
			}
		).insert(ignore_permissions=True)
	return name
