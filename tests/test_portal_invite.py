"""Invite to Portal links an existing login only when it may (issue 22), over HTTP as an agent:
a staff account (System User) is linked by a System Manager only — staff who live on site — and
a login another person has is never taken; each refusal is a clear error and changes nothing."""

import frappe
import pytest

from tests.factories import make_owner
from tests.portal_world import make_world, purge_world
from tests.utils import delete_user, make_user

INVITE = "/api/method/property_service.api.property.invite_to_portal"


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	world.staff = make_user(roles=("Maintenance Technician",))  # a staff account living on site
	world.admin = make_user(roles=("System Manager",))
	world.staff_owner = make_owner(units=[world.unit], email=world.staff)
	world.twin_owner = make_owner(units=[world.unit], email=world.resident)  # the resident's email
	world.owners += [world.staff_owner, world.twin_owner]
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	purge_world(world)
	for user in (world.staff, world.admin):
		delete_user(user)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def state(world, owner: str, user: str) -> tuple:
	frappe.db.rollback()  # a new snapshot: the server committed in another process
	customer = frappe.db.get_value("Property Owner", owner, "customer")
	portal = frappe.get_all("Portal User", {"parent": customer, "parenttype": "Customer"}, pluck="user")
	return (
		frappe.db.get_value("Property Owner", owner, "user"),
		sorted(portal),
		sorted(set(frappe.get_roles(user)) & {"Property Resident", "Customer"}),
	)


def test_an_agent_cannot_link_a_staff_account(world, rest):
	before = state(world, world.staff_owner, world.staff)
	rest.login(world.agent)
	response = rest.post(INVITE, data={"property_owner": world.staff_owner})
	assert response.status_code == 417, response.text[:500]
	assert "PortalLoginError" in response.text  # the message is in the site's language
	assert state(world, world.staff_owner, world.staff) == before
	assert before[0] is None and not before[2]


def test_an_agent_cannot_take_another_persons_login(world, rest):
	before = state(world, world.twin_owner, world.resident)
	rest.login(world.agent)
	response = rest.post(INVITE, data={"property_owner": world.twin_owner})
	assert response.status_code == 417, response.text[:500]
	assert "PortalLoginError" in response.text
	assert state(world, world.twin_owner, world.resident) == before
	assert frappe.db.get_value("Property Owner", world.owners[0], "user") == world.resident


def test_a_system_manager_links_staff_who_live_on_site(world, rest):
	rest.login(world.admin)
	response = rest.post(INVITE, data={"property_owner": world.staff_owner})
	assert response.status_code == 200, response.text[:500]
	user, portal, roles = state(world, world.staff_owner, world.staff)
	assert user == world.staff and world.staff in portal and roles == ["Customer", "Property Resident"]
	assert frappe.db.get_value("User", world.staff, "user_type") == "System User"  # still staff
