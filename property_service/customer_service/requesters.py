"""Who a request, complaint or booking is for: the unit fills the resident and phone; a resident
files only for their own unit, and sets only what describes the problem."""

import frappe
from frappe import _
from frappe.model import no_value_fields

from property_service.permissions import acts_as_resident, resident_owner, resident_units
from property_service.property.occupancy import current_links


class NotResidentOfUnitError(frappe.ValidationError):
	pass


class UnknownUnitError(frappe.ValidationError):
	pass


class ResidentFieldError(frappe.ValidationError):
	pass


def check_resident_input(doc, allowed: tuple[str, ...]) -> None:
	"""before_insert: a resident filing sets only the fields of `allowed` (the rest of the record
	is the office's); anything else sent is refused with the fields' names. Fetched fields are
	filled from their links whatever was sent, and the record is theirs (`owner`)."""
	user = frappe.session.user
	if not doc.is_new() or not acts_as_resident(doc.doctype, "create", user):
		return
	fresh = frappe.new_doc(doc.doctype)
	sent = [
		df
		for df in doc.meta.fields
		if df.fieldname not in allowed
		and df.fieldtype not in no_value_fields
		and not df.fetch_from
		and not df.is_virtual
		and (doc.get(df.fieldname) or None) != (fresh.get(df.fieldname) or None)
	]
	if sent:
		frappe.throw(
			_("When filing, a resident sets only what describes it; these are the office's: {0}").format(
				", ".join(_(df.label) for df in sent)
			),
			ResidentFieldError,
			title=_("Not allowed"),
		)
	doc.owner = user


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
	if doc.is_new() and acts_as_resident(doc.doctype, "create", user):
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
