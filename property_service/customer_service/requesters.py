"""Who a request or complaint is for: the unit fills the resident and phone; a resident files
only for their own unit."""

import frappe
from frappe import _

from property_service.permissions import is_resident_only, resident_owner, resident_units
from property_service.property.occupancy import current_links


class NotResidentOfUnitError(frappe.ValidationError):
	pass


class UnknownUnitError(frappe.ValidationError):
	pass


def fill_requester(doc) -> None:
	"""Residents filing for themselves; staff filing for a unit's resident. Runs when a record is
	made or its unit or resident changes."""
	before = doc.get_doc_before_save()
	if before and (before.unit, before.property_owner) == (doc.unit, doc.property_owner):
		return
	unit = frappe.db.get_value("Property Unit", doc.unit, ["name", "payer"], as_dict=True)
	if not unit:
		# Frappe's link check lets an unknown link through when the doctype fetches from it
		frappe.throw(
			_("Unit {0} does not exist.").format(doc.unit), UnknownUnitError, title=_("Unknown unit")
		)
	user = frappe.session.user
	if doc.is_new() and is_resident_only(user):
		if doc.unit not in resident_units(user):
			frappe.throw(
				_("You can only file for a unit you live in."),
				NotResidentOfUnitError,
				title=_("Not your unit"),
			)
		doc.property_owner = resident_owner(user)
		doc.channel = "Portal"
	people = [link.property_owner for link in current_links([doc.unit])]
	if doc.property_owner and doc.property_owner not in people:
		frappe.throw(
			_("{0} is not a current resident of unit {1}.").format(doc.property_owner, doc.unit),
			NotResidentOfUnitError,
		)
	if not doc.property_owner and people:
		doc.property_owner = unit.payer if unit.payer in people else people[0]
	if doc.property_owner:
		# set here, not by fetch_from: Frappe fetches before validate, and we chose the resident now
		name, mobile = frappe.db.get_value("Property Owner", doc.property_owner, ["owner_name", "mobile_no"])
		doc.owner_name = name
		doc.contact_phone = doc.contact_phone or mobile
