"""Who lives in which unit: move-in, move-out, sale handover, unit status, payer and keys.

The links live in Property Owner's `units` table (one row per person and unit, with dates).
Nothing is deleted: moving out sets a date, so the history stays. A person is a *current*
resident of a unit from the move-in date until the day before the move-out date.

A unit's status (DESIGN.md): Renovating while an approved renovation is under way; otherwise
Occupied when at least one current resident lives or trades there; otherwise Vacant.
"""

from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, now_datetime, today

from property_service.vocabulary import OCCUPIED, RENOVATING, VACANT


class OccupancyError(frappe.ValidationError):
	pass


def current_links(
	units: Iterable[str] | None = None, on_date=None, owner: str | None = None
) -> list[frappe._dict]:
	"""The current resident rows (one query) of the given units, or of one Property Owner: the
	app's one definition of who lives in or owns a unit now (moved in, not yet moved out)."""
	link = frappe.qb.DocType("Property Owner Unit")
	if owner:
		which = link.parent == owner
	else:
		units = list(units or ())
		if not units:
			return []
		which = link.unit.isin(units)
	on_date = getdate(on_date or today())
	return (
		frappe.qb.from_(link)
		.select(
			link.parent.as_("property_owner"), link.unit, link.relation, link.lives_here, link.move_in_date
		)
		.where(
			(link.parenttype == "Property Owner")
			& which
			& (link.move_in_date <= on_date)
			& (link.move_out_date.isnull() | (link.move_out_date > on_date))
		)
		.orderby(link.move_in_date)
		.orderby(link.idx)
	).run(as_dict=True)


def is_current_link(row, on_date=None) -> bool:
	"""The rule of current_links for a row in hand: moved in, not yet moved out."""
	on_date = getdate(on_date or today())
	return getdate(row.move_in_date) <= on_date and (
		not row.move_out_date or getdate(row.move_out_date) > on_date
	)


def refresh_units(units: Iterable[str]) -> None:
	"""Recomputes status and payer of the given units and writes what changed."""
	units = sorted({unit for unit in units if unit})
	if not units:
		return
	links_by_unit: dict[str, list] = {}
	for row in current_links(units):
		links_by_unit.setdefault(row.unit, []).append(row)
	stored = frappe.get_all(
		"Property Unit", filters={"name": ["in", units]}, fields=["name", "status", "payer", "renovating"]
	)
	for unit in stored:
		links = links_by_unit.get(unit.name, [])
		wanted = {"status": compute_status(unit.renovating, links), "payer": choose_payer(unit.payer, links)}
		changed = {k: v for k, v in wanted.items() if unit.get(k) != v}
		if changed:
			if "payer" in changed:
				changed["payer_name"] = (
					frappe.db.get_value("Property Owner", changed["payer"], "owner_name")
					if changed["payer"]
					else None
				)
			frappe.db.set_value("Property Unit", unit.name, changed)


def compute_status(renovating: int, links: list) -> str:
	if renovating:
		return RENOVATING
	if any(link.lives_here for link in links):
		return OCCUPIED
	return VACANT


def choose_payer(payer: str | None, links: list) -> str | None:
	"""Keeps a payer who is still linked to the unit; otherwise its first current owner."""
	people = [link.property_owner for link in links]
	if payer and payer in people:
		return payer
	owners = [link.property_owner for link in links if link.relation == "Owner"]
	return owners[0] if owners else (people[0] if people else payer)


def move_in(property_owner: str, unit: str, relation: str = "Owner", move_in_date=None, lives_here: int = 1):
	"""Links a person to a unit from a date; returns the saved Property Owner."""
	owner = frappe.get_doc("Property Owner", property_owner)
	owner.append(
		"units",
		{
			"unit": unit,
			"relation": relation,
			"move_in_date": getdate(move_in_date or today()),
			"lives_here": lives_here,
		},
	)
	owner.save()
	return owner


def move_out(property_owner: str, unit: str, move_out_date=None):
	"""Ends a person's current link to a unit on a date; the row stays as history."""
	owner = frappe.get_doc("Property Owner", property_owner)
	row = owner.get_open_link(unit)
	if not row:
		frappe.throw(
			_("{0} has no current link to unit {1}.").format(owner.owner_name, unit),
			OccupancyError,
			title=_("Not a resident"),
		)
	row.move_out_date = getdate(move_out_date or today())
	owner.save()
	return owner


def sale_handover(unit: str, new_owners: list[str], handover_date=None) -> None:
	"""A sale: the current owners and their family move out, the new owners move in.

	Tenants stay (a sale does not end a lease). The payer follows the new owners unless it is a
	tenant who stays.
	"""
	if not new_owners:
		frappe.throw(_("Name at least one new owner."), OccupancyError)
	handover_date = getdate(handover_date or today())
	payer = frappe.db.get_value("Property Unit", unit, "payer")
	leaving = {
		link.property_owner
		for link in current_links([unit], handover_date)
		if link.relation in ("Owner", "Family") and link.property_owner not in new_owners
	}
	for person in sorted(leaving):
		move_out(person, unit, handover_date)
	current = {link.property_owner for link in current_links([unit], handover_date)}
	for person in new_owners:
		if person not in current:
			move_in(person, unit, "Owner", handover_date)
	if payer in leaving or not payer:
		frappe.db.set_value("Property Unit", unit, "payer", new_owners[0])
	refresh_units([unit])


def hand_over_keys(unit: str, holder: str, holder_phone: str | None = None, handed_over_on=None):
	"""Records who now holds the unit's keys; the previous holder's row is closed."""
	doc = frappe.get_doc("Property Unit", unit)
	when = get_datetime(handed_over_on) if handed_over_on else now_datetime()
	close_open_key_row(doc, when)
	doc.append(
		"key_handovers",
		{
			"holder": holder,
			"holder_phone": holder_phone,
			"handed_over_on": when,
			"handed_over_by": frappe.session.user,
		},
	)
	doc.key_holder, doc.key_holder_phone, doc.key_held_since = holder, holder_phone, when
	doc.save()
	return doc


def return_keys(unit: str, returned_on=None):
	"""The keys come back to the office: the holder's row is closed and nobody holds them."""
	doc = frappe.get_doc("Property Unit", unit)
	if not doc.key_holder:
		frappe.throw(_("Nobody holds the keys of unit {0}.").format(unit), OccupancyError)
	close_open_key_row(doc, get_datetime(returned_on) if returned_on else now_datetime())
	doc.key_holder = doc.key_holder_phone = doc.key_held_since = None
	doc.save()
	return doc


def close_open_key_row(doc, when) -> None:
	for row in doc.key_handovers:
		if not row.returned_on:
			if get_datetime(row.handed_over_on) > when:
				frappe.throw(_("Keys cannot change hands before they were handed over."), OccupancyError)
			row.returned_on = when


def units_changing_today() -> list[str]:
	"""Units whose residents move in or out today: their status changes without a save."""
	return links_changing_today("unit")


def links_changing_today(column: str) -> list[str]:
	"""`column` ("unit" or "parent", the person) of the links whose move-in or move-out is today."""
	link = frappe.qb.DocType("Property Owner Unit")
	day = getdate(today())
	return (
		frappe.qb.from_(link)
		.select(link[column])
		.distinct()
		.where(
			(link.parenttype == "Property Owner") & ((link.move_in_date == day) | (link.move_out_date == day))
		)
	).run(pluck=True)


def refresh_units_changing_today() -> None:
	"""Daily job: statuses follow move-in and move-out dates that arrive without a save."""
	refresh_units(units_changing_today())


def occupied_units(community: str, on_date=None) -> list[str]:
	"""The units of a community someone currently lives in (a current link with "lives here"; one
	query), by name: the denominator of the engagement figures. Read from the links, not from the
	unit's status, which says Renovating whoever lives there."""
	unit, link = frappe.qb.DocType("Property Unit"), frappe.qb.DocType("Property Owner Unit")
	on_date = getdate(on_date or today())
	rows = (
		frappe.qb.from_(unit)
		.join(link)
		.on(link.unit == unit.name)
		.select(unit.name)
		.distinct()
		.where(
			(unit.community == community)
			& (link.parenttype == "Property Owner")
			& (link.lives_here == 1)
			& (link.move_in_date <= on_date)
			& (link.move_out_date.isnull() | (link.move_out_date > on_date))
		)
		.orderby(unit.name)
	).run(pluck=True)
	return list(rows)
