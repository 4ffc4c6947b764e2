# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import today

from property_service.property.occupancy import choose_payer, compute_status, current_links


class DuplicateUnitError(frappe.ValidationError):
	pass


class UnknownBuildingError(frappe.ValidationError):
	pass


class PayerNotLinkedError(frappe.ValidationError):
	pass


class PropertyUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.property.doctype.property_unit_key_handover.property_unit_key_handover import (
			PropertyUnitKeyHandover,
		)
		from property_service.property.doctype.shop_staff.shop_staff import ShopStaff

		area: DF.Float
		building: DF.Link
		business_licence: DF.Data | None
		business_name: DF.Data | None
		community: DF.Link | None
		fees_from: DF.Date | None
		floor: DF.Int
		frontage_duties: DF.SmallText | None
		key_handovers: DF.Table[PropertyUnitKeyHandover]
		key_held_since: DF.Datetime | None
		key_holder: DF.Data | None
		key_holder_phone: DF.Data | None
		notes: DF.SmallText | None
		opening_hours: DF.Data | None
		payer: DF.Link | None
		payer_name: DF.Data | None
		renovating: DF.Check
		rules_acknowledged_on: DF.Date | None
		rules_current: DF.Check
		rules_signature: DF.Signature | None
		rules_signed_by: DF.Data | None
		shop_contact: DF.Data | None
		shop_phone: DF.Data | None
		shop_staff: DF.Table[ShopStaff]
		status: DF.Literal["Vacant", "Occupied", "Renovating"]
		unit_number: DF.Data
		unit_type: DF.Literal["Residential", "Shop", "Office", "Parking", "Storage"]
	# end: auto-generated types

	def before_naming(self):
		self.unit_number = (self.unit_number or "").strip()

	def validate(self):
		self.set_community()
		self.validate_unique_in_building()
		self.set_status_and_payer()
		self.set_who_handed_keys_over()
		self.stamp_rules_acknowledgement()

	def stamp_rules_acknowledgement(self):
		"""A shop acknowledges the community's rules when its signer signs them: stamped with the
		day and current until the community revises them (community.py); never sent."""
		before = self.get_doc_before_save()
		for fieldname in ("rules_acknowledged_on", "rules_current"):
			self.set(fieldname, before.get(fieldname) if before else None)
		signed = [f for f in ("rules_signed_by", "rules_signature") if self.get(f)]
		if signed and any(self.get(f) != (before.get(f) if before else None) for f in signed):
			self.rules_acknowledged_on, self.rules_current = today(), 1

	def set_who_handed_keys_over(self):
		"""Who handed the keys over is who recorded it (QUALITY.md, security 8): a new row names
		the signed-in user, a stored row keeps its person. A System Manager or the app's own code
		may name another (the rule of permissions.signed_in_person, which this layer cannot
		import)."""
		if self.flags.ignore_permissions or "System Manager" in frappe.get_roles():
			return
		before = self.get_doc_before_save()
		stored = {row.name: row.handed_over_by for row in (before.key_handovers if before else [])}
		for row in self.key_handovers:
			row.handed_over_by = stored.get(row.name) if row.name in stored else frappe.session.user

	def validate_unique_in_building(self):
		others = {"building": self.building, "unit_number": self.unit_number}
		if not self.is_new():
			others["name"] = ["!=", self.name]
		if frappe.db.exists("Property Unit", others):
			frappe.throw(
				_("Unit {0} already exists in building {1}.").format(self.unit_number, self.building),
				DuplicateUnitError,
				title=_("Duplicate unit"),
			)

	def set_community(self):
		# Frappe's link check lets an unknown link through when the doctype fetches from it
		community = frappe.db.get_value("Building", self.building, "community")
		if not community:
			frappe.throw(
				_("Building {0} does not exist.").format(self.building),
				UnknownBuildingError,
				title=_("Unknown building"),
			)
		self.community = community

	def set_status_and_payer(self):
		links = [] if self.is_new() else current_links([self.name])
		self.status = compute_status(self.renovating, links)
		if self.payer and links and self.payer not in {link.property_owner for link in links}:
			frappe.throw(
				_("The payer of unit {0} must be one of its current residents.").format(self.name),
				PayerNotLinkedError,
			)
		self.payer = choose_payer(self.payer, links)
