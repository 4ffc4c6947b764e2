"""Factories for registry records; each is safe to call twice with the same arguments."""

import frappe

from tests.utils import unique


def default_company() -> str:
	return frappe.get_all("Company", pluck="name", limit=1)[0]


def make_community(name: str | None = None) -> str:
	name = name or unique("小区")
	if not frappe.db.exists("Community", name):
		frappe.get_doc(
			{"doctype": "Community", "community_name": name, "company": default_company()}
		).insert()
	return name


def make_building(community: str | None = None, building_name: str = "1栋") -> str:
	community = community or make_community()
	name = f"{community}-{building_name}"
	if not frappe.db.exists("Building", name):
		frappe.get_doc(
			{"doctype": "Building", "building_name": building_name, "community": community}
		).insert()
	return name


def make_unit(building: str | None = None, unit_number: str = "101", **fields) -> str:
	building = building or make_building()
	name = f"{building}-{unit_number.strip()}"
	if not frappe.db.exists("Property Unit", name):
		frappe.get_doc(
			{
				"doctype": "Property Unit",
				"building": building,
				"unit_number": unit_number,
				"area": 88.5,
				**fields,
			}
		).insert()
	return name


def make_owner(owner_name: str | None = None, units=(), relation: str = "Owner", **fields) -> str:
	"""A person linked to `units` (moving in today). With the same mobile number, returns the
	existing record."""
	owner_name = owner_name or unique("业主")
	mobile = fields.pop("mobile_no", None)
	if mobile and (existing := frappe.db.get_value("Property Owner", {"mobile_no": mobile})):
		return existing
	doc = frappe.get_doc(
		{
			"doctype": "Property Owner",
			"owner_name": owner_name,
			"mobile_no": mobile,
			**fields,
			"units": [{"unit": unit, "relation": relation} for unit in units],
		}
	).insert()
	return doc.name


def make_training_plan(community: str | None = None, *lines: dict, title: str = "安全培训计划"):
	"""A 2031 training plan; by default one safety meeting, 消防器材检查 on 3 March."""
	return frappe.get_doc(
		{
			"doctype": "Training Plan",
			"title": title,
			"year": 2031,
			"community": community,
			"items": list(lines) or [{"planned_date": "2031-03-03", "topic": "消防器材检查"}],
		}
	).insert()


def callback_to_rate(user: str, unit: str, description: str) -> str:
	"""A repair `user` files for `unit`, completed by the office: the name of its callback, waiting
	for the resident's rating."""
	from property_service.api import portal
	from property_service.customer_service.callbacks import ensure_callback
	from tests.utils import as_user

	with as_user(user):
		name = portal.file_request("Service Request", unit, description, "Repair")
	request = frappe.get_doc("Service Request", name)
	request.update({"status": "Completed", "resolution": "换灯泡"})
	request.flags.ignore_permissions = True
	request.db_update()
	return ensure_callback(request)
