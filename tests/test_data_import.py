"""Bulk onboarding with Frappe's Data Import, from the templates the app ships."""

from pathlib import Path

import frappe
import pytest

import property_service
from tests.factories import default_company

TEMPLATES = Path(property_service.__file__).parent / "property" / "import_templates"
COMMUNITY = "示范小区"


def remove_template_data() -> None:
	units = frappe.get_all("Property Unit", {"community": COMMUNITY}, pluck="name")
	links = frappe.get_all("Property Owner Unit", {"unit": ["in", units or [""]]}, pluck="parent")
	owners = set(links)
	customers = [
		c
		for c in frappe.get_all("Property Owner", {"name": ["in", list(owners) or [""]]}, pluck="customer")
		if c
	]
	contacts = frappe.get_all(
		"Dynamic Link", {"parenttype": "Contact", "link_name": ["in", customers or [""]]}, pluck="parent"
	)
	frappe.db.set_value("Property Unit", {"community": COMMUNITY}, "payer", None)
	for name in IMPORTS:
		for log in frappe.get_all("Data Import Log", {"data_import": name}, pluck="name"):
			frappe.delete_doc("Data Import Log", log, force=True, ignore_permissions=True)
		frappe.delete_doc("Data Import", name, force=True, ignore_permissions=True)
	IMPORTS.clear()
	for doctype, names in (
		("Property Owner", owners),
		("Contact", contacts),
		("Customer", customers),
		("Property Unit", units),
		("Building", frappe.get_all("Building", {"community": COMMUNITY}, pluck="name")),
		("Community", [COMMUNITY] if frappe.db.exists("Community", COMMUNITY) else []),
	):
		for name in names:
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	# Data Import commits, so its test data is committed too
	frappe.db.commit()  # nosemgrep


def run_data_import(doctype: str, template: str) -> str:
	"""Uploads a template and runs it as Data Import does from the desk; returns its status."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": template,
			"is_private": 1,
			"content": (TEMPLATES / template).read_bytes(),
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	# Data Import commits per row
	frappe.db.commit()  # nosemgrep
	IMPORTS.append(data_import.name)
	data_import.start_import()  # runs at once under tests
	# keep the importer's final status with its rows
	frappe.db.commit()  # nosemgrep
	return frappe.db.get_value("Data Import", data_import.name, "status")


IMPORTS: list[str] = []


@pytest.fixture
def template_site():
	remove_template_data()
	frappe.get_doc(
		{"doctype": "Community", "community_name": COMMUNITY, "company": default_company()}
	).insert()
	frappe.get_doc({"doctype": "Building", "community": COMMUNITY, "building_name": "1栋"}).insert()
	# Data Import commits
	frappe.db.commit()  # nosemgrep
	yield
	remove_template_data()


def test_units_then_owners_with_units_import_from_the_templates(template_site):
	assert run_data_import("Property Unit", "property_unit.csv") == "Success"
	units = frappe.get_all("Property Unit", {"community": COMMUNITY}, ["name", "unit_type", "area", "status"])
	assert {u.name: (u.unit_type, u.area, u.status) for u in units} == {
		"示范小区-1栋-101": ("Residential", 89.5, "Vacant"),
		"示范小区-1栋-102": ("Residential", 120, "Vacant"),
		"示范小区-1栋-201": ("Residential", 89.5, "Vacant"),
		"示范小区-1栋-S01": ("Shop", 45, "Vacant"),
	}

	assert run_data_import("Property Owner", "property_owner.csv") == "Success"

	zhang = frappe.get_all(
		"Property Owner", {"owner_name": "张伟", "mobile_no": ["like", "138000000%"]}, ["name", "customer"]
	)
	assert len(zhang) == 2  # two people with one name
	assert len({z.customer for z in zhang}) == 2 and all(z.customer for z in zhang)
	first = frappe.get_doc("Property Owner", {"mobile_no": "13800000001"})
	assert [(r.unit, r.relation, r.lives_here) for r in first.units] == [
		("示范小区-1栋-101", "Owner", 1),
		("示范小区-1栋-102", "Owner", 0),
	]
	status = dict(frappe.get_all("Property Unit", {"community": COMMUNITY}, ["name", "status"], as_list=True))
	assert status == {
		"示范小区-1栋-101": "Occupied",
		"示范小区-1栋-102": "Vacant",  # owned, nobody lives there
		"示范小区-1栋-201": "Occupied",
		"示范小区-1栋-S01": "Occupied",
	}
	assert frappe.db.get_value("Property Unit", "示范小区-1栋-101", "payer") == first.name
	company = frappe.get_doc("Property Owner", {"mobile_no": "13800000004"})
	assert frappe.db.get_value("Customer", company.customer, "customer_type") == "Company"
