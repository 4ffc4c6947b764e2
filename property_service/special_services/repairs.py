"""A chargeable repair inside a unit (seed 12.1.3: 有偿服务) billed like any special service.

The office names the repair service (one of the catalog's repair services) on a completed request
for a unit; `bill_repair` makes the request's Special Service booking, already done by the
request's technician (the booking is accepted, dispatched and completed through its workflow, its
price from the price list; the request's materials listed in its notes, and those with an Item
"charged as" billed beside the service at the price list's rates), and accountants bill it
with the other bookings. One booking per request: the request's row is locked while it is made.
A request without a repair service, or about a common area (no unit), stays free.
"""

import frappe
from frappe import _

from property_service.core.workflows import transition
from property_service.customer_service.records import SERVICE_REQUEST
from property_service.special_services.catalog import GROUPS

BILLABLE_REQUEST_STATES = SERVICE_REQUEST.done
BOOKING_CHANNELS = ("Phone", "Walk-in", "Portal")


class NotChargeableError(frappe.ValidationError):
	pass


def bill_repair(request_name: str) -> str:
	"""Makes the booking of a completed chargeable repair; returns it (the same one when called
	again)."""
	frappe.has_permission("Service Request", "write", doc=request_name, throw=True)
	frappe.has_permission("Special Service", "create", throw=True)
	booked = frappe.db.get_value("Service Request", request_name, "special_service", for_update=True)
	if booked:
		return booked
	request = frappe.get_doc("Service Request", request_name)
	check_chargeable(request)
	booking = frappe.get_doc(
		{
			"doctype": "Special Service",
			"service_item": request.repair_service,
			"qty": 1,
			"unit": request.unit,
			"property_owner": request.property_owner,
			"contact_phone": request.contact_phone,
			"channel": request.channel if request.channel in BOOKING_CHANNELS else "Other",
			"notes": materials_note(request),
			"materials": [{"item": row.item, "qty": row.qty or 1} for row in request.materials if row.item],
		}
	)
	booking.flags.ignore_permlevel_for_fields = ["materials"]  # the office's bill of materials
	booking.insert()
	booking.db_set(
		{"service_request": request.name, "technician": request.technician, "resolution": request.resolution},
		update_modified=False,
	)
	reason = _("repair {0}").format(request.name)
	for action in ("Accept", "Dispatch", "Complete"):
		transition(booking, action, reason)
	request.db_set("special_service", booking.name)
	return booking.name


def check_chargeable(request) -> None:
	if request.status not in BILLABLE_REQUEST_STATES:
		frappe.throw(
			_("Only a completed repair is charged; {0} is {1}.").format(request.name, _(request.status)),
			NotChargeableError,
		)
	if not request.unit:
		frappe.throw(_("A common-area repair is free."), NotChargeableError)
	if not request.repair_service:
		frappe.throw(_("Choose the chargeable repair service first."), NotChargeableError)
	if frappe.db.get_value("Item", request.repair_service, "item_group") != GROUPS["repair"]:
		frappe.throw(
			_("{0} is not one of the catalog's repair services.").format(request.repair_service),
			NotChargeableError,
		)


def materials_note(request) -> str:
	lines = [_("Repair {0}: {1}").format(request.name, frappe.utils.strip_html(request.description or ""))]
	lines += [
		" ".join(str(part) for part in (row.material, row.qty or "", row.uom or "", row.note or "") if part)
		for row in request.materials
	]
	return "\n".join(lines)
