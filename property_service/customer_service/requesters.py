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
	"""Residents filing for themselves; staff filing for a unit's resident."""
	user = frappe.session.user
	if not frappe.db.exists("Property Unit", doc.unit):
		# Frappe's link check lets an unknown link through when the doctype fetches from it
		frappe.throw(
			_("Unit {0} does not exist.").format(doc.unit), UnknownUnitError, title=_("Unknown unit")
		)
	if doc.is_new() and is_resident_only(user):
		if doc.unit not in resident_units(user):
			frappe.throw(
				_("You can only file for a unit you live in."),
				NotResidentOfUnitError,
				title=_("Not your unit"),
			)
		doc.property_owner = resident_owner(user)
		doc.channel = "Portal"
	links = current_links([doc.unit]) if doc.unit else []
	if doc.property_owner:
		if doc.property_owner not in {link.property_owner for link in links} and doc.is_new():
			frappe.throw(
				_("{0} is not a current resident of unit {1}.").format(doc.property_owner, doc.unit),
				NotResidentOfUnitError,
			)
	elif links:
		payer = frappe.db.get_value("Property Unit", doc.unit, "payer")
		people = [link.property_owner for link in links]
		doc.property_owner = payer if payer in people else people[0]
	if doc.property_owner:
		# set here, not by fetch_from: Frappe fetches before validate, and we chose the resident now
		name, mobile = frappe.db.get_value("Property Owner", doc.property_owner, ["owner_name", "mobile_no"])
		doc.owner_name = name
		doc.contact_phone = doc.contact_phone or mobile
