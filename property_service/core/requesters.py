"""Who a request, complaint or booking is for: the unit fills the resident and phone; a resident
files only for their own unit, and sets only what describes the problem."""

import frappe
from frappe import _
from frappe.model import no_value_fields

from property_service.core.permissions import acts_as_resident, resident_owner, resident_units
from property_service.property.occupancy import current_links
from property_service.vocabulary import LOGGED


class NotResidentOfUnitError(frappe.ValidationError):
	pass


class UnknownUnitError(frappe.ValidationError):
	pass


class ResidentFieldError(frappe.ValidationError):
	pass


class PlaceMissingError(frappe.ValidationError):
	pass


# channels whose information often concerns no single unit (seed 12.1.5 (2)): a record from them
# may name only a community, and a building
COMMUNITY_CHANNELS = ("Government", "Media", "Survey", "Suggestion Box", "Staff")
# mail arrives about anything: an agent says where when triaging, before it leaves Logged
TRIAGE_CHANNELS = ("Email",)
# what a record is about; a change to any of them is checked again
ABOUT_FIELDS = ("unit", "property_owner", "community", "building", "channel")


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
	"""Residents filing for themselves; staff filing for a unit's resident, or about a community or
	building (COMMUNITY_CHANNELS). Runs when a record is made or what it is about changes."""
	before = doc.get_doc_before_save()
	if before and all(before.get(f) == doc.get(f) for f in ABOUT_FIELDS):
		if doc.unit or before.status == doc.status:
			return  # a record without a unit is checked again when it moves (triage ends)
	user = frappe.session.user
	resident_filing = doc.is_new() and acts_as_resident(doc.doctype, "create", user)
	if resident_filing and doc.unit not in resident_units(user):
		frappe.throw(
			_("You can only file for a unit you live in."),
			NotResidentOfUnitError,
			title=_("Not your unit"),
		)
	if not doc.unit:
		check_place(doc)
		return
	unit = frappe.db.get_value(
		"Property Unit", doc.unit, ["name", "payer", "community", "building"], as_dict=True
	)
	if not unit:
		# Frappe's link check lets an unknown link through when the doctype fetches from it
		frappe.throw(
			_("Unit {0} does not exist.").format(doc.unit), UnknownUnitError, title=_("Unknown unit")
		)
	doc.community = unit.community
	if doc.meta.has_field("building"):
		doc.building = unit.building
	if resident_filing:
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


def place(doc) -> str:
	"""Where a record is: its unit, else its building, else its community (for messages)."""
	return doc.unit or doc.get("building") or doc.community or ""


def check_place(doc) -> None:
	"""A record without a unit: information from a channel that may concern a whole community
	(or one building of it), or mail waiting for an agent to say what it is about."""
	if doc.channel not in COMMUNITY_CHANNELS + TRIAGE_CHANNELS:
		frappe.throw(
			_("Choose the unit. Only information from {0} may concern a whole community.").format(
				", ".join(_(channel) for channel in COMMUNITY_CHANNELS)
			),
			PlaceMissingError,
			title=_("Which unit?"),
		)
	triage = doc.channel in TRIAGE_CHANNELS and doc.status == LOGGED
	if doc.property_owner and not triage:
		frappe.throw(_("Choose the unit of {0}.").format(doc.property_owner), PlaceMissingError)
	if not doc.community and not triage:
		frappe.throw(
			_("Choose the community (and building) this is about."), PlaceMissingError, title=_("Where?")
		)
	building = doc.get("building")
	if building and frappe.db.get_value("Building", building, "community") != doc.community:
		frappe.throw(_("Building {0} is not in {1}.").format(building, doc.community), PlaceMissingError)
