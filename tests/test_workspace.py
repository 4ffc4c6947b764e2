"""The Property Service workspace is the office's home: for each desk role it loads and shows
the service desk, special services and fees, the registry and reports, only what the role may
open (Frappe drops links to what a user cannot read)."""

import json

import frappe
import pytest
from frappe.desk.desktop import get_desktop_page

from property_service.setup.roles import DESK_ROLES
from tests.utils import as_user, make_user

MODULES = ["Customer Service", "Special Services", "Engagement", "Operations", "Fees", "Safety"]
PAGE = json.dumps({"name": "Property Service", "title": "Property Service", "public": 1})


def opened(role: str) -> tuple[list[dict], list[dict], str]:
	user = make_user(roles=(role,))
	with as_user(user):
		page = get_desktop_page(PAGE)
	links = [link for card in page["cards"]["items"] for link in card["links"]]
	return page["shortcuts"]["items"], links, user


@pytest.mark.parametrize("role", [*DESK_ROLES, "Accounts User"])
def test_the_workspace_shows_each_role_only_what_it_may_open(role):
	shortcuts, links, user = opened(role)
	assert shortcuts or links, role
	for item in [*shortcuts, *links]:
		target = item.get("link_to")
		kind = item.get("type") if "doc_view" in item else item.get("link_type")
		if kind == "DocType":
			assert frappe.has_permission(target, "read", user=user), (role, target)


def test_the_office_sees_the_service_desk_and_billing_first():
	shortcuts, _links, _user = opened("Customer Service Supervisor")
	labels = [item["label"] for item in shortcuts]
	assert labels[:4] == ["Service Request", "Complaint", "Callbacks To Do", "Corrective Action"]
	accountant_shortcuts, _links, _user = opened("Accounts User")
	assert "Fee Billing Run" in [item["label"] for item in accountant_shortcuts]
	assert "Service Request" not in [item["label"] for item in accountant_shortcuts]


def test_the_site_has_the_shipped_workspace():
	"""Frappe imports a changed workspace file only when its `modified` is newer than the site's:
	a card added without touching the stamp never reaches an upgraded site."""
	from pathlib import Path

	shipped = json.loads(
		(
			Path(frappe.get_app_path("property_service"))
			/ "property/workspace/property_service/property_service.json"
		).read_text()
	)
	cards = [link["label"] for link in shipped["links"] if link["type"] == "Card Break"]
	site = frappe.get_doc("Workspace", "Property Service")
	assert [link.label for link in site.links if link.type == "Card Break"] == cards
	assert {"Office Numbers", "Property Operations", "Safety and Training"} <= set(cards)


def test_the_security_supervisor_sees_safety_and_training():
	_shortcuts, links, _user = opened("Security Supervisor")
	targets = {link["link_to"] for link in links}
	assert {"Emergency Plan", "Emergency Drill", "Emergency Incident", "Training Session"} <= targets


@pytest.mark.parametrize("role", [*DESK_ROLES, "Accounts User"])
def test_each_role_gets_the_number_cards_it_may_read_and_they_count(role):
	from frappe.desk.doctype.number_card.number_card import get_result

	user = make_user(roles=(role,))
	with as_user(user):
		page = get_desktop_page(PAGE)
		cards = page["number_cards"]["items"]
		for item in cards:
			card = frappe.get_doc("Number Card", item.get("number_card_name"))
			assert frappe.has_permission(card.document_type, "read", user=user), (role, card.name)
			assert get_result(card.as_dict(), json.loads(card.filters_json)) is not None  # runs for the role
	readable = {
		name
		for name, doctype in frappe.get_all(
			"Number Card", {"module": ["in", MODULES]}, ["name", "document_type"], as_list=True
		)
		if frappe.has_permission(doctype, "read", user=user)
	}
	assert {item.get("number_card_name") for item in cards} == readable, role


def test_the_office_home_has_its_cards_and_charts():
	site = frappe.get_doc("Workspace", "Property Service")
	assert {row.number_card_name for row in site.number_cards} >= {
		"Open Requests",
		"Overdue Requests",
		"Callbacks Due Today",
		"Complaints Escalated",
		"Bookings to Bill",
		"Owner Visits This Month",
		"Inspections Planned This Month",
		"Inspections Done This Month",
		"Unpaid Fees",
	}
	assert {row.chart_name for row in site.charts} == {
		"Requests per Week",
		"Complaints per Week",
		"Collection Rate",
	}
