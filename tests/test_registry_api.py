"""The registry's desk actions check the caller's permission before acting."""

import frappe
import pytest

from property_service.api import property as api
from tests.factories import make_owner, make_unit
from tests.utils import as_user, make_user, unique


@pytest.fixture
def agent():
	return make_user(roles=("Customer Service Agent",))


@pytest.fixture
def outsiders():
	resident = make_user(roles=("Property Resident",), user_type="Website User")
	technician = make_user(roles=("Maintenance Technician",))
	return ("Guest", resident, technician)


def test_agent_moves_people_in_and_out_and_hands_over_keys(agent):
	unit = make_unit()
	person = make_owner()
	with as_user(agent):
		api.move_in(person, unit, "Tenant")
		assert frappe.db.get_value("Property Unit", unit, "status") == "Occupied"
		api.move_out(person, unit)
		assert frappe.db.get_value("Property Unit", unit, "status") == "Vacant"
		api.hand_over_keys(unit, "保安队长")
		assert frappe.db.get_value("Property Unit", unit, "key_holder") == "保安队长"
		api.return_keys(unit)
		buyer = make_owner()
		api.sale_handover(unit, frappe.as_json([buyer]))
		assert frappe.db.get_value("Property Unit", unit, "payer") == buyer


def test_agent_invites_a_resident(agent):
	person = make_owner(email=f"{unique('inv')}@example.com")
	with as_user(agent):
		user = api.invite_to_portal(person)
	assert frappe.db.get_value("Property Owner", person, "user") == user


@pytest.mark.parametrize(
	"action",
	[
		lambda unit, person: api.move_in(person, unit),
		lambda unit, person: api.move_out(person, unit),
		lambda unit, person: api.sale_handover(unit, [person]),
		lambda unit, person: api.hand_over_keys(unit, "someone"),
		lambda unit, person: api.return_keys(unit),
		lambda unit, person: api.invite_to_portal(person),
	],
	ids=["move_in", "move_out", "sale_handover", "hand_over_keys", "return_keys", "invite_to_portal"],
)
def test_outsiders_get_permission_error_and_nothing_changes(action, outsiders):
	unit = make_unit()
	person = make_owner(units=[unit], email=f"{unique('p')}@example.com")
	before = frappe.get_doc("Property Unit", unit).as_dict()
	for user in outsiders:
		with as_user(user), pytest.raises(frappe.PermissionError):
			action(unit, person)
	after = frappe.get_doc("Property Unit", unit).as_dict()
	assert (after.status, after.payer, after.key_holder, after.modified) == (
		before.status,
		before.payer,
		before.key_holder,
		before.modified,
	)
	assert frappe.db.get_value("Property Owner", person, "user") is None
