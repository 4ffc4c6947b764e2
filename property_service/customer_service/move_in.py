"""Move-in (入伙, seed 12.1.3 duty 8 业主入伙手续): the owner takes over the unit with the office.
The unit is checked with them, the keys handed over, the meters read, the documents signed; on
completion the unit's key history names the owner, its fees start on the agreed day (the fee run
bills that month from it), and the meter readings become the first readings the water and
electricity are billed from (fees/doctype/meter_reading)."""

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from property_service.core.notices import site_language
from property_service.property.occupancy import hand_over_keys
from property_service.vocabulary import COMPLETED

# the handover form's lines, stored in the site's language
# translate
CHECKS = (
	"Doors and Windows",
	"Walls and Ceilings",
	"Floor Surfaces",
	"Water and Drainage",
	"Power and Lighting",
	"Gas",
	"Sanitary Fittings",
	"Door Lock and Intercom",
)
# translate
KEYS = (("Unit Door", 3), ("Mailbox", 1))
# translate
DOCUMENTS = (
	"Move-In Notice",
	"Preliminary Property Service Agreement",
	"Owners' Covenant",
	"Residence Quality Guarantee",
	"Residence Instructions",
	"Renovation Rules",
)
METERS = ("Water", "Electricity")  # read at every handover (the Meter Reading's meters)


class MoveInError(frappe.ValidationError):
	pass


def fill_forms(doc) -> None:
	"""A new handover starts from the office's form: its checks, keys and documents (the meters
	are added as they are read: a row left unread would look like a reading of 0)."""
	lang = site_language()
	if not doc.checklist:
		doc.set("checklist", [{"check": _(check, lang=lang)} for check in CHECKS])
	if not doc.keys:
		doc.set("keys", [{"key": _(key, lang=lang), "qty": qty} for key, qty in KEYS])
	if not doc.documents:
		doc.set("documents", [{"document": _(document, lang=lang)} for document in DOCUMENTS])


def check_parties(doc) -> None:
	"""The unit's community is the handover's; the person taking it over is linked to the unit."""
	doc.community = frappe.db.get_value("Property Unit", doc.unit, "community")
	if not frappe.db.exists("Property Owner Unit", {"parent": doc.property_owner, "unit": doc.unit}):
		frappe.throw(
			_("{0} is not registered for unit {1}: add the unit to the owner's record first.").format(
				doc.owner_name or doc.property_owner, doc.unit
			),
			MoveInError,
		)
	meters = [row.meter_type for row in doc.meter_readings]
	if len(meters) != len(set(meters)):
		frappe.throw(_("Each meter is read once at the handover."), MoveInError)
	doc.fees_from = doc.fees_from or doc.handover_date
	if getdate(doc.fees_from) < getdate(doc.handover_date):
		frappe.throw(_("Fees cannot start before the handover."), MoveInError)


def missing(doc) -> list[str]:
	"""What stands between the handover and its completion, in words for the office."""
	lacks = [_("a result for {0}").format(row.check) for row in doc.checklist if not row.result]
	read = {row.meter_type for row in doc.meter_readings}
	lacks += [_("the {0} meter reading").format(_(meter)) for meter in METERS if meter not in read]
	lacks += [_("{0} signed").format(row.document) for row in doc.documents if not row.signed]
	if not doc.keys:
		lacks.append(_("the keys handed over"))
	if not (doc.owner_signature or doc.signed):
		lacks.append(_("the owner's signature"))
	return lacks


def complete(doc) -> None:
	"""The owner has taken the unit over: stamped with who did it and when; the key history names
	the owner and the unit's fees start."""
	if doc.status == COMPLETED:
		frappe.throw(_("This handover is completed already."), MoveInError)
	if lacks := missing(doc):
		frappe.throw(_("The handover lacks: {0}").format("; ".join(lacks)), MoveInError)
	now = now_datetime()
	doc.db_set({"status": COMPLETED, "handed_over_by": frappe.session.user, "completed_on": now})
	owner = frappe.db.get_value(
		"Property Owner", doc.property_owner, ["owner_name", "mobile_no"], as_dict=True
	)
	hand_over_keys(doc.unit, owner.owner_name, owner.mobile_no, now)
	frappe.db.set_value("Property Unit", doc.unit, "fees_from", doc.fees_from)
