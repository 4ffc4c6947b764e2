"""Desk actions on the registry: move-in, move-out, sale handover, keys, portal invitation.

Each endpoint checks the caller's permission on the documents it changes before acting.
"""

import json

import frappe

from property_service.property import customers, occupancy


def check(doctype: str, name: str, ptype: str = "write") -> None:
	frappe.has_permission(doctype, ptype, doc=name, throw=True)


@frappe.whitelist(methods=["POST"])
def move_in(
	property_owner: str,
	unit: str,
	relation: str = "Owner",
	move_in_date: str | None = None,
	lives_here: int = 1,
) -> str:
	check("Property Owner", property_owner)
	check("Property Unit", unit, "read")
	return occupancy.move_in(property_owner, unit, relation, move_in_date, int(lives_here)).name


@frappe.whitelist(methods=["POST"])
def move_out(property_owner: str, unit: str, move_out_date: str | None = None) -> str:
	check("Property Owner", property_owner)
	return occupancy.move_out(property_owner, unit, move_out_date).name


@frappe.whitelist(methods=["POST"])
def sale_handover(unit: str, new_owners: str | list, handover_date: str | None = None) -> None:
	if isinstance(new_owners, str):
		new_owners = json.loads(new_owners)
	check("Property Unit", unit)
	for person in new_owners:
		check("Property Owner", person)
	for link in occupancy.current_links([unit]):
		check("Property Owner", link.property_owner)
	occupancy.sale_handover(unit, new_owners, handover_date)


@frappe.whitelist(methods=["POST"])
def hand_over_keys(
	unit: str, holder: str, holder_phone: str | None = None, handed_over_on: str | None = None
) -> None:
	check("Property Unit", unit)
	occupancy.hand_over_keys(unit, holder, holder_phone, handed_over_on)


@frappe.whitelist(methods=["POST"])
def return_keys(unit: str, returned_on: str | None = None) -> None:
	check("Property Unit", unit)
	occupancy.return_keys(unit, returned_on)


@frappe.whitelist(methods=["POST"])
def invite_to_portal(property_owner: str) -> str:
	check("Property Owner", property_owner)
	return customers.invite_to_portal(property_owner)
