"""Property Owner ↔ ERPNext Customer and portal User.

Every person in the registry is billed as an ERPNext Customer. The Customer makes its own
primary Contact from `mobile_no` and `email_id`, so we never add a second one. ERPNext's
`/invoices` portal finds a user's invoices through the Customer's `portal_users`, and its
login hook makes a new Customer for a website user with the Customer role unless a Contact with
the user's email is linked to a Customer: inviting a resident takes care of both.
"""

import frappe
from frappe import _
from frappe.utils import validate_email_address

from property_service.property.occupancy import is_current_link, links_changing_today
from property_service.property.users import ensure_user
from property_service.vocabulary import PORTAL_ROLES, RESIDENT


class NoEmailError(frappe.ValidationError):
	pass


class PortalLoginError(frappe.ValidationError):
	pass


STAFF_LINKER = "System Manager"  # who may link a staff account to a person (staff living on site)


def ensure_customer(owner) -> str:
	"""Creates the owner's Customer when it has none; returns the Customer's name."""
	if owner.customer and frappe.db.exists("Customer", owner.customer):
		return owner.customer
	customer = frappe.get_doc(
		{
			"doctype": "Customer",
			"customer_name": owner.owner_name,
			"customer_type": "Company" if owner.owner_type == "Company" else "Individual",
			"customer_group": default_leaf("Customer Group", "customer_group"),
			"territory": default_leaf("Territory", "territory"),
			"mobile_no": owner.mobile_no,
			"email_id": owner.email,
		}
	)
	# Under Data Import ERPNext skips the " - 1" suffix it gives a repeated customer name, and
	# the insert would collide: name the Customer as it does outside an import.
	in_import = frappe.flags.in_import
	frappe.flags.in_import = False
	try:
		customer.insert(ignore_permissions=True)
	finally:
		frappe.flags.in_import = in_import
	owner.db_set("customer", customer.name, update_modified=False)
	return customer.name


def default_leaf(doctype: str, selling_setting: str) -> str | None:
	"""The Selling Settings default, or the first leaf of the tree (roots are named per language)."""
	value = frappe.db.get_single_value("Selling Settings", selling_setting)
	if value:
		return value
	leaves = frappe.get_all(doctype, filters={"is_group": 0}, order_by="lft asc", pluck="name", limit=1)
	return leaves[0] if leaves else None


def invite_to_portal(property_owner: str, send_welcome_email: bool = True) -> str:
	"""Gives a resident a portal login: a Website User with the Property Resident and Customer
	roles, linked from the Property Owner and listed in the Customer's portal users."""
	owner = frappe.get_doc("Property Owner", property_owner)
	owner.check_permission("write")
	if not owner.email:
		frappe.throw(
			_("Add an email address to {0} before inviting them to the portal.").format(owner.owner_name),
			NoEmailError,
			title=_("Email required"),
		)
	email = validate_email_address(owner.email, throw=True)
	if frappe.db.exists("User", email):
		check_login_may_be_linked(owner, email)
	user = ensure_resident_user(email, owner.owner_name, send_welcome_email)
	if owner.user != user:
		owner.user = user
		# the login link is the office's (permission level 1): this action, allowed to whoever
		# may edit the person, sets it after the caller's write permission was checked
		owner.flags.ignore_permlevel_for_fields = ["user"]
		owner.save()  # its on_update keeps the Customer's portal users (sync_portal_user)
	else:
		sync_portal_user(owner)
	customer = frappe.get_doc("Customer", ensure_customer(owner))
	ensure_contact_email(customer, email)
	return user


def check_login_may_be_linked(owner, user: str) -> None:
	"""An existing login becomes a person's portal login only when no other person has it, and a
	staff account only as `check_staff_account` allows; checked before the login gets any role."""
	other = frappe.db.get_value("Property Owner", {"user": user, "name": ["!=", owner.name]})
	if other:
		frappe.throw(
			_("{0} is already the portal login of {1}: nothing was changed.").format(user, other),
			PortalLoginError,
			title=_("Login in use"),
		)
	check_staff_account(owner, user)


def check_staff_account(owner, user: str) -> None:
	"""A staff account (a System User: desk rights, perhaps a resident who works here) is linked to
	a person only by a System Manager — not by whoever may edit the person, whose action would give
	it the portal roles."""
	is_staff = frappe.db.get_value("User", user, "user_type") == "System User"
	if is_staff and not owner.flags.ignore_permissions and STAFF_LINKER not in frappe.get_roles():
		frappe.throw(
			_(
				"{0} is a staff account: only a System Manager links it to a resident. Nothing was changed."
			).format(user),
			PortalLoginError,
			title=_("Staff account"),
		)


def ensure_resident_user(email: str, full_name: str, send_welcome_email: bool) -> str:
	user = ensure_user(email, full_name, "Website User", send_welcome_email)
	ensure_user_roles(user.name)
	return user.name


def ensure_contact_email(customer, email: str) -> None:
	"""The Customer's own primary Contact carries the login email (ERPNext's login hook looks
	for it); when the Customer has no Contact yet, it makes one from its email."""
	if not customer.customer_primary_contact:
		customer.email_id = email
		customer.save(ignore_permissions=True)
		return
	contact = frappe.get_doc("Contact", customer.customer_primary_contact)
	if email not in {row.email_id for row in contact.email_ids}:
		contact.add_email(email, is_primary=not contact.email_id)
		contact.save(ignore_permissions=True)


def lives_in_a_unit(owner) -> bool:
	"""Whether the person is linked to a unit today (not moved out)."""
	return any(is_current_link(row) for row in owner.units)


def sync_portal_user(owner, previous_user: str | None = None, previous_customer: str | None = None) -> None:
	"""One invariant for the link between a person and their login, whatever set it (Invite to
	Portal, REST, Data Import, code): while the person is linked to a unit, their login is one of
	their Customer's portal users (how ERPNext's /invoices finds their invoices) and holds the
	portal roles; unlinked, moved out of every unit or moved to another Customer, it is taken out
	of the Customer it was in, and a login no person links to any more loses Property Resident."""
	customer = owner.customer
	user = owner.user if lives_in_a_unit(owner) else None
	if previous_user and (previous_user, previous_customer) != (user, customer):
		remove_portal_user(previous_customer, previous_user)
	if owner.user and not user:
		remove_portal_user(customer, owner.user)
	if user and customer:
		ensure_user_roles(user)
		add_portal_user(customer, user)
	if (
		previous_user
		and previous_user != owner.user
		and not frappe.db.exists("Property Owner", {"user": previous_user})
	):
		system_user(previous_user).remove_roles(RESIDENT)


# The Customer's portal users are kept as rows of their own, not by saving the Customer: ERPNext
# 16's Customer.on_update writes the primary Contact as the signed-in user, which office staff may
# not do (a manager moving a person to another Customer was refused). The app gives the portal
# roles itself (ensure_user_roles), which is all the save added.
PORTAL_USER_ROW = {"parenttype": "Customer", "parentfield": "portal_users"}


def add_portal_user(customer: str, user: str) -> None:
	rows = frappe.get_all("Portal User", {**PORTAL_USER_ROW, "parent": customer}, pluck="user")
	if user not in rows:
		row = frappe.get_doc({"doctype": "Portal User", **PORTAL_USER_ROW, "parent": customer, "user": user})
		row.idx = len(rows) + 1
		row.db_insert()
		frappe.clear_document_cache("Customer", customer)


def remove_portal_user(customer: str | None, user: str) -> None:
	if customer:
		frappe.db.delete("Portal User", {**PORTAL_USER_ROW, "parent": customer, "user": user})
		frappe.clear_document_cache("Customer", customer)


def ensure_user_roles(user: str) -> None:
	missing = [role for role in PORTAL_ROLES if role not in frappe.get_roles(user)]
	if missing:
		system_user(user).add_roles(*missing)


def system_user(user: str):
	"""The User record for the app's own role changes (the caller was checked on the person)."""
	doc = frappe.get_doc("User", user)
	doc.flags.ignore_permissions = True
	return doc


def sync_people_moving_today() -> None:
	"""Daily job: move-in and move-out dates that arrive without a save change portal access."""
	for name in links_changing_today("parent"):
		owner = frappe.get_doc("Property Owner", name)
		if owner.user:
			sync_portal_user(owner, owner.user, owner.customer)
