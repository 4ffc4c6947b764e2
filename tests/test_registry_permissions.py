"""Who sees what in the registry (DESIGN.md): residents see their own units and record only.

Logic cases run through frappe.get_list / frappe.has_permission as each user; the same cases
run through the REST API of the test server with committed data.
"""

import contextlib

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.property import occupancy
from property_service.property.customers import invite_to_portal
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import as_user, make_user, unique


def resident(unit: str | None, relation: str = "Owner") -> tuple[str, str]:
	"""A Property Owner linked to `unit` with a portal login; returns (owner, user)."""
	owner = make_owner(units=[unit] if unit else [], relation=relation, email=f"{unique('r')}@example.com")
	return owner, invite_to_portal(owner, send_welcome_email=False)


def make_household():
	community = make_community()
	unit_a = make_unit(make_building(community, "1栋"), "101")
	unit_b = make_unit(make_building(community, "2栋"), "202")
	owner, owner_user = resident(unit_a)
	family, family_user = resident(unit_a, "Family")
	other, other_user = resident(unit_b)
	gone, gone_user = resident(unit_a, "Tenant")
	doc = frappe.get_doc("Property Owner", gone)
	doc.units[0].move_in_date = add_days(today(), -400)
	doc.save()
	occupancy.move_out(gone, unit_a, add_days(today(), -30))
	return frappe._dict(locals())


@pytest.fixture
def household():
	return make_household()


def visible(doctype: str, user: str) -> set[str]:
	with as_user(user):
		return set(frappe.get_list(doctype, pluck="name", limit_page_length=0))


def test_owner_sees_own_unit_record_building_and_community(household):
	h = household
	assert visible("Property Unit", h.owner_user) == {h.unit_a}
	assert visible("Property Owner", h.owner_user) == {h.owner}
	assert visible("Building", h.owner_user) == {frappe.db.get_value("Property Unit", h.unit_a, "building")}
	assert visible("Community", h.owner_user) == {h.community}
	with as_user(h.owner_user):
		assert frappe.has_permission("Property Unit", "read", doc=h.unit_a)
		assert not frappe.has_permission("Property Unit", "read", doc=h.unit_b)
		assert not frappe.has_permission("Property Unit", "write", doc=h.unit_a)
		assert not frappe.has_permission("Property Owner", "read", doc=h.family)


def test_household_member_sees_the_unit_but_only_their_own_record(household):
	h = household
	assert visible("Property Unit", h.family_user) == {h.unit_a}
	assert visible("Property Owner", h.family_user) == {h.family}


def test_moved_out_resident_keeps_their_record_but_loses_the_unit(household):
	h = household
	assert visible("Property Unit", h.gone_user) == set()
	assert visible("Property Owner", h.gone_user) == {h.gone}
	with as_user(h.gone_user):
		assert not frappe.has_permission("Property Unit", "read", doc=h.unit_a)


def test_resident_of_another_unit_sees_only_theirs(household):
	h = household
	assert visible("Property Unit", h.other_user) == {h.unit_b}
	with as_user(h.other_user):
		assert not frappe.has_permission("Property Owner", "read", doc=h.owner)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc("Property Unit", h.unit_a).check_permission("read")


def test_guest_sees_nothing(household):
	with as_user("Guest"):
		assert not frappe.has_permission("Property Unit", "read", doc=household.unit_a)
		with pytest.raises(frappe.PermissionError):
			frappe.get_list("Property Unit")


def test_staff_see_everything_and_technicians_do_not_see_owners(household):
	h = household
	agent = make_user(roles=("Customer Service Agent", "Property Resident"))
	assert {h.unit_a, h.unit_b} <= visible("Property Unit", agent)
	assert {h.owner, h.family, h.other} <= visible("Property Owner", agent)
	technician = make_user(roles=("Maintenance Technician",))
	assert {h.unit_a, h.unit_b} <= visible("Property Unit", technician)
	with as_user(technician), pytest.raises(frappe.PermissionError):
		frappe.get_list("Property Owner")


def test_resident_cannot_create_or_change_registry_records(household):
	with as_user(household.owner_user):
		assert not frappe.has_permission("Property Unit", "create")
		assert not frappe.has_permission("Property Owner", "write", doc=household.owner)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Property Unit", "building": "x", "unit_number": "9"}).insert()


# --- the same through the REST API ---------------------------------------------------------------


@contextlib.contextmanager
def committed_household():
	h = make_household()
	# the server is another process
	frappe.db.commit()  # nosemgrep
	try:
		yield h
	finally:
		delete_household(h)
		# clean-up of committed test data
		frappe.db.commit()  # nosemgrep


def delete_household(h) -> None:
	owners = [h.owner, h.family, h.other, h.gone]
	customers = [frappe.db.get_value("Property Owner", o, "customer") for o in owners]
	users = [frappe.db.get_value("Property Owner", o, "user") for o in owners]
	contacts = frappe.get_all(
		"Dynamic Link", filters={"parenttype": "Contact", "link_name": ["in", customers]}, pluck="parent"
	)
	for unit in (h.unit_a, h.unit_b):
		frappe.db.set_value("Property Unit", unit, "payer", None)
	for doctype, names in (
		("Property Owner", owners),
		("Contact", contacts),
		("Customer", customers),
		("User", users),
		("Property Unit", [h.unit_a, h.unit_b]),
		("Building", frappe.get_all("Building", {"community": h.community}, pluck="name")),
		("Community", [h.community]),
	):
		for name in names:
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)


@pytest.mark.server
def test_rest_gives_each_resident_their_own_rows_and_refuses_the_rest(rest):
	with committed_household() as h:
		rest.login(h.owner_user)
		listed = rest.get("/api/resource/Property Unit", params={"limit_page_length": 0}).json()["data"]
		assert {row["name"] for row in listed} == {h.unit_a}
		assert rest.get(f"/api/resource/Property Unit/{h.unit_a}").status_code == 200
		assert rest.get(f"/api/resource/Property Unit/{h.unit_b}").status_code == 403
		assert rest.get(f"/api/resource/Property Owner/{h.family}").status_code == 403
		owners = rest.get("/api/resource/Property Owner").json()["data"]
		assert [row["name"] for row in owners] == [h.owner]

		rest.login(h.gone_user)
		assert rest.get("/api/resource/Property Unit").json()["data"] == []
		assert rest.get(f"/api/resource/Property Unit/{h.unit_a}").status_code == 403

		rest.login(h.other_user)
		assert {r["name"] for r in rest.get("/api/resource/Property Unit").json()["data"]} == {h.unit_b}

		rest.login("Guest")
		assert rest.get("/api/resource/Property Unit").status_code == 403
		assert rest.get(f"/api/resource/Property Unit/{h.unit_a}").status_code == 403


@pytest.fixture
def portal_makes_customers():
	"""ERPNext's login hook makes a Customer for a website user when this is set (it often is)."""
	previous = frappe.db.get_single_value("Portal Settings", "default_role")
	frappe.db.set_single_value("Portal Settings", "default_role", "Customer")
	# the server reads this setting
	frappe.db.commit()  # nosemgrep
	yield
	frappe.db.set_single_value("Portal Settings", "default_role", previous)
	# restore the committed setting
	frappe.db.commit()  # nosemgrep


@pytest.mark.server
def test_resident_login_creates_no_extra_customer(rest, portal_makes_customers):
	with committed_household() as h:
		before = frappe.db.count("Customer")
		response = rest.post(
			"/api/method/login", data={"usr": h.owner_user, "pwd": set_password(h.owner_user)}
		)
		assert response.status_code == 200
		frappe.db.rollback()  # see the server's commits
		assert frappe.db.count("Customer") == before
		invoices = rest.get("/invoices")
		assert invoices.status_code == 200


def set_password(user: str) -> str:
	from frappe.utils.password import update_password

	password = "Resident-Pass-2026!"
	update_password(user, password)
	# the server checks this password
	frappe.db.commit()  # nosemgrep
	return password
