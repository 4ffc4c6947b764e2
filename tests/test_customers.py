"""Property Owner ↔ ERPNext Customer, Contact and portal User."""

import frappe
import pytest

from property_service.property.customers import NoEmailError, invite_to_portal
from tests.factories import make_owner, make_unit
from tests.utils import unique


def contacts_of(customer: str) -> list[str]:
	return frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
	)


def test_saving_an_owner_creates_one_customer_with_one_contact():
	mobile = "139" + unique("")[-8:].translate(str.maketrans("abcdef", "123456"))
	owner = frappe.get_doc(
		"Property Owner", make_owner("张伟", mobile_no=mobile, email=f"{unique('zw')}@example.com")
	)
	customer = frappe.get_doc("Customer", owner.customer)
	assert customer.customer_name == "张伟"
	assert customer.mobile_no == mobile
	assert len(contacts_of(customer.name)) == 1
	owner.notes = "saved again"
	owner.save()
	assert frappe.db.get_value("Property Owner", owner.name, "customer") == customer.name
	assert len(contacts_of(customer.name)) == 1
	assert frappe.db.count("Customer", {"customer_name": "张伟", "name": customer.name}) == 1


def test_two_people_with_the_same_name_get_two_customers():
	name = unique("李娜")
	first = frappe.db.get_value("Property Owner", make_owner(name), "customer")
	second = frappe.db.get_value("Property Owner", make_owner(name), "customer")
	assert first != second
	assert frappe.db.get_value("Customer", second, "customer_name") == name


def test_same_name_under_data_import_flags_does_not_collide():
	name = unique("王芳")
	make_owner(name)
	frappe.flags.in_import = True
	try:
		second = make_owner(name)
	finally:
		frappe.flags.in_import = False
	assert frappe.db.get_value("Property Owner", second, "customer")
	assert frappe.db.count("Customer", {"customer_name": name}) == 2


def test_inviting_a_resident_makes_a_website_user_linked_both_ways():
	email = f"{unique('res')}@example.com"
	owner = make_owner(units=[make_unit()], email=email, mobile_no="13900001111")
	user = invite_to_portal(owner, send_welcome_email=False)
	assert user == email
	assert frappe.db.get_value("User", user, "user_type") == "Website User"
	assert {"Property Resident", "Customer"} <= set(frappe.get_roles(user))
	assert frappe.db.get_value("Property Owner", owner, "user") == user
	customer = frappe.get_doc("Customer", frappe.db.get_value("Property Owner", owner, "customer"))
	assert [row.user for row in customer.portal_users] == [user]
	# inviting twice changes nothing
	invite_to_portal(owner, send_welcome_email=False)
	customer.reload()
	assert [row.user for row in customer.portal_users] == [user]
	assert len(contacts_of(customer.name)) == 1


def test_invite_adds_the_email_to_a_phone_only_customer_contact():
	owner = make_owner(mobile_no="13700002222")
	customer = frappe.db.get_value("Property Owner", owner, "customer")
	assert len(contacts_of(customer)) == 1
	email = f"{unique('late')}@example.com"
	frappe.db.set_value("Property Owner", owner, "email", email)
	invite_to_portal(owner, send_welcome_email=False)
	contacts = contacts_of(customer)
	assert len(contacts) == 1
	assert frappe.db.get_value("Contact", contacts[0], "email_id") == email


def test_invite_without_email_is_refused():
	owner = make_owner()
	with pytest.raises(NoEmailError):
		invite_to_portal(owner)
	assert frappe.db.get_value("Property Owner", owner, "user") is None
