"""Committed data for tests that a second process (the web server, the browser) must see."""

import frappe
from frappe.utils.password import update_password

from property_service.property.customers import invite_to_portal
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import TEST_PASSWORD, delete_user, make_user, purge_invoices, unique

RECORD_DOCTYPES = (
	"Callback Record",
	"Service Request",
	"Complaint",
	"Special Service",
	"Survey Response",
	"Move-In Handover",
)


def resident(unit: str, prefix: str) -> tuple[str, str]:
	owner = make_owner(units=[unit], email=f"{unique(prefix)}@example.com")
	user = invite_to_portal(owner, send_welcome_email=False)
	update_password(user, TEST_PASSWORD)
	return owner, user


def make_world() -> frappe._dict:
	community = make_community()
	building = make_building(community)
	unit, other_unit = make_unit(building, "101"), make_unit(building, "102")
	owner, user = resident(unit, "resident")
	neighbour_owner, neighbour = resident(other_unit, "neighbour")
	world = frappe._dict(
		community=community,
		building=building,
		unit=unit,
		other_unit=other_unit,
		owners=[owner, neighbour_owner],
		resident=user,
		neighbour=neighbour,
		agent=make_user(roles=("Customer Service Agent",)),
		technician=make_user(roles=("Maintenance Technician",)),
	)
	# the web server and the browser are other processes
	frappe.db.commit()  # nosemgrep
	return world


def make_role_world(staff_roles: dict[str, tuple[str, ...]]) -> frappe._dict:
	"""The world with one user per role of a field-rights test: the filer (a resident of `unit`),
	a household member, the neighbour, the technician and agent, each of `staff_roles` alone, and
	each of them again as a resident next door (`<staff>+resident`). Committed."""
	world = make_world()
	filer = frappe.db.get_value("Property Owner", world.owners[0], "user")
	member_owner, member = resident(world.unit, "member")
	world.owners.append(member_owner)
	world.extra_users = [member]
	frappe.db.set_value("Property Owner Unit", {"parent": member_owner}, "relation", "Family")
	users = {"filer": filer, "member": member, "neighbour": world.neighbour}
	for staff, roles in staff_roles.items():
		users[staff] = {"technician": world.technician, "agent": world.agent}.get(staff) or make_user(
			roles=roles
		)
		if users[staff] not in (world.technician, world.agent):
			world.extra_users.append(users[staff])
		owner, user = resident(world.other_unit, staff)
		world.owners.append(owner)
		world.extra_users.append(user)
		frappe.get_doc("User", user).add_roles(*roles)
		users[f"{staff}+resident"] = user
	world.users = users
	frappe.db.commit()  # nosemgrep: the web server is another process
	return world


def purge_owners(owners: list[str]) -> None:
	"""Deletes the people and their ERPNext customers with the customers' contacts (no commit)."""
	customers = [frappe.db.get_value("Property Owner", owner, "customer") for owner in owners]
	for owner in owners:
		frappe.delete_doc("Property Owner", owner, force=True, ignore_permissions=True)
	for customer in filter(None, customers):
		for contact in frappe.get_all(
			"Dynamic Link", {"link_doctype": "Customer", "link_name": customer}, pluck="parent"
		):
			# wait for the web server's request that may still be saving it (Frappe's delete does not)
			frappe.db.sql("select name from `tabContact` where name = %s for update", contact)
			frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
		frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)


def purge_world(world) -> None:
	"""Deletes what the world and the tests through it made, then commits."""
	frappe.db.rollback()
	units = [world.unit, world.other_unit]
	purge_invoices({"property_unit": ["in", units]})
	for doctype in RECORD_DOCTYPES:
		for name in frappe.get_all(doctype, {"unit": ["in", units]}, pluck="name"):
			frappe.db.delete("File", {"attached_to_doctype": doctype, "attached_to_name": name})
			frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": name})
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	purge_owners(world.owners)
	for user in (
		world.resident,
		world.neighbour,
		world.agent,
		world.technician,
		*world.get("extra_users", []),
	):
		delete_user(user)
	for doctype, name in (
		("Property Unit", world.unit),
		("Property Unit", world.other_unit),
		("Building", world.building),
		("Community", world.community),
	):
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep
