"""Special Service bookings: price from the price list, residents book for their own unit."""

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow

from property_service.property.customers import invite_to_portal
from property_service.special_services.doctype.special_service.special_service import (
	InvalidQuantityError,
	NotASpecialServiceError,
)
from tests.factories import make_owner, make_unit
from tests.utils import as_user, make_user, unique


def book(unit, item="清洁抽油烟机", **fields):
	return frappe.get_doc(
		{"doctype": "Special Service", "service_item": item, "unit": unit, **fields}
	).insert()


def test_rate_comes_from_the_price_list_and_the_customer_from_the_resident():
	unit = make_unit()
	owner = make_owner(units=[unit])
	booking = book(unit, qty=2, rate=1)  # a typed rate is ignored
	assert booking.rate == 120 and booking.amount == 240
	assert booking.property_owner == owner
	assert booking.customer == frappe.db.get_value("Property Owner", owner, "customer")
	free = book(unit, item="信件代收发")
	assert free.rate == 0 and free.amount == 0


def test_bad_bookings_are_refused():
	unit = make_unit()
	make_owner(units=[unit])
	other_group = frappe.get_all(
		"Item Group", {"is_group": 0, "name": ["not like", "%Services"]}, pluck="name"
	)[0]
	stock_item = frappe.get_doc(
		{"doctype": "Item", "item_code": unique("螺丝"), "item_group": other_group, "stock_uom": "Nos"}
	).insert()
	before = frappe.db.count("Special Service")
	with pytest.raises(InvalidQuantityError):
		book(unit, qty=-1)
	with pytest.raises(NotASpecialServiceError):
		book(unit, item=stock_item.name)
	assert frappe.db.count("Special Service") == before


def test_resident_books_only_for_their_unit_and_sees_their_household_bookings():
	unit, other_unit = make_unit(), make_unit(unit_number="909")
	owner = make_owner(units=[unit], email=f"{unique('ss')}@example.com")
	resident = invite_to_portal(owner, send_welcome_email=False)
	make_owner(units=[other_unit])
	theirs = book(other_unit)
	with as_user(resident):
		mine = book(unit)
		with pytest.raises(frappe.PermissionError):
			book(other_unit)
		visible = set(frappe.get_list("Special Service", pluck="name"))
	assert mine.channel == "Portal" and mine.name in visible and theirs.name not in visible


def test_booking_walk_and_a_forbidden_step():
	agent = make_user(roles=("Customer Service Agent",))
	technician = make_user(roles=("Maintenance Technician",))
	unit = make_unit()
	make_owner(units=[unit])
	booking = book(unit, technician=technician)
	with as_user(technician), pytest.raises(WorkflowTransitionError):
		apply_workflow(frappe.get_doc("Special Service", booking.name), "Accept")
	with as_user(agent):
		for action in ("Accept", "Dispatch"):
			booking = apply_workflow(frappe.get_doc("Special Service", booking.name), action)
	with as_user(technician):
		booking = apply_workflow(frappe.get_doc("Special Service", booking.name), "Complete")
	assert booking.status == "Completed" and booking.completed_on
