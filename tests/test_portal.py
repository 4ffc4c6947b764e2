"""The resident portal's server side: endpoints checked and typed, notices, query counts."""

import frappe
import pytest
from frappe.utils import add_days, set_request, today
from frappe.website.serve import get_response_content

from property_service.api import portal
from property_service.core.permissions import resident_units
from property_service.portal import home_cache
from property_service.portal.resident import home
from property_service.property.customers import invite_to_portal
from tests.factories import callback_to_rate, make_building, make_community, make_owner, make_unit
from tests.utils import as_user, page_as, refused_over_rest, unique


@pytest.fixture
def household():
	community = make_community()
	building = make_building(community)
	unit, other_unit = make_unit(building, "101"), make_unit(building, "102")
	people = [
		make_owner(units=[unit], email=f"{unique('a')}@example.com"),
		make_owner(units=[unit], relation="Family", email=f"{unique('b')}@example.com"),
		make_owner(units=[other_unit], email=f"{unique('c')}@example.com"),
	]
	users = [invite_to_portal(person, send_welcome_email=False) for person in people]
	return frappe._dict(community=community, unit=unit, other_unit=other_unit, people=people, users=users)


def test_residents_file_only_for_their_units_and_household_members_cannot_edit(household):
	payer, member, neighbour = household.users
	with as_user(payer):
		name = portal.file_request("Service Request", household.unit, "阳台漏水", "Repair")
		with pytest.raises(frappe.PermissionError):
			portal.file_request("Complaint", household.other_unit, "噪音")
	with as_user(member):
		doc = frappe.get_doc("Service Request", name)
		assert doc.has_permission("read") and not doc.has_permission("write")
		with pytest.raises(frappe.PermissionError):
			portal.upload_photo("Service Request", name)
	with as_user(neighbour):
		assert not frappe.get_doc("Service Request", name).has_permission("read")
		assert name not in frappe.get_list("Service Request", pluck="name")


def test_bad_portal_input_is_refused_with_a_clear_error(household):
	payer = household.users[0]
	before = frappe.db.count("Service Request")
	with as_user(payer):
		with pytest.raises(portal.PortalInputError):
			portal.file_request("Invoice", household.unit, "x")
		with pytest.raises(portal.PortalInputError):
			portal.file_request("Service Request", household.unit, "   ")
	assert frappe.db.count("Service Request") == before


def test_a_resident_rates_only_their_own_callback(household):
	payer, member, neighbour = household.users
	callback = callback_to_rate(payer, household.unit, "灯不亮")
	for stranger in (member, neighbour):
		with as_user(stranger), pytest.raises(frappe.PermissionError):
			portal.rate_callback(callback, "C - Dissatisfied")
	with as_user(payer):
		with pytest.raises(portal.PortalInputError):
			portal.rate_callback(callback, "D")
		assert portal.rate_callback(callback, "A - Satisfied", "好") == "Closed"


def test_a_moved_out_resident_keeps_only_what_was_filed_for_them(household):
	from property_service.property import occupancy

	payer, member, _neighbour = household.users
	with as_user(payer):
		own = portal.file_request("Service Request", household.unit, "门禁坏了", "Repair")
	with as_user(member):
		members = portal.file_request("Service Request", household.unit, "楼道灯不亮", "Repair")
	occupancy.move_out(household.people[0], household.unit, today())
	assert not resident_units(payer)
	with as_user(payer):
		assert frappe.get_doc("Service Request", own).has_permission("read")
		assert not frappe.get_doc("Service Request", members).has_permission("read")
		assert frappe.get_list("Service Request", pluck="name") == [own]
	with as_user(member):  # who still lives there reads both
		assert set(frappe.get_list("Service Request", pluck="name")) == {own, members}


def test_notices_reach_the_residents_of_their_community_while_published(household):
	def notice(title, **fields):
		return (
			frappe.get_doc({"doctype": "Notice", "title": title, "body": "<p>内容</p>", **fields})
			.insert()
			.name
		)

	ours = notice("停水通知", community=household.community)
	everyone = notice("春节安排")
	notice("别的小区", community=make_community())
	notice("已过期", publish_from=add_days(today(), -10), publish_until=add_days(today(), -1))
	notice("未发布", published=0)
	with as_user(household.users[0]):
		assert {n.name for n in home(household.users[0])["notices"]} == {ours, everyone}


def test_a_guest_reads_the_catalog_with_its_prices():
	"""The endpoint's rate limit is tested over HTTP (test_portal_browser.py): in-process it is off."""
	with as_user("Guest"):
		items = portal.catalog()
	assert len(items) == 56
	assert {i.price for i in items if i.item_code == "清洁抽油烟机"} == {120}


def page_queries(user: str, path: str) -> int:
	"""Queries to build the page (the resident home's kept copy forgotten first)."""
	with as_user(user):
		set_request(method="GET", path=path)
		get_response_content(path)  # templates and caches warm
		home_cache.forget_all()
		start = int(frappe.db.sql("show session status like 'Questions'")[0][1])
		html = get_response_content(path)
		used = int(frappe.db.sql("show session status like 'Questions'")[0][1]) - start - 1
	assert "ps-portal" in html
	return used


def test_home_and_request_list_queries_do_not_grow_with_the_requests(household):
	payer = household.users[0]
	small = {path: page_queries(payer, path) for path in ("/resident", "/resident/requests")}
	for i in range(40):
		for unit in (household.unit, household.other_unit):
			frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": f"报修 {i}"}).insert()
	large = {path: page_queries(payer, path) for path in ("/resident", "/resident/requests")}
	print("queries per page, 0 and 80 requests:", small, large)
	for path in small:
		assert large[path] <= small[path] and large[path] <= 80, (path, small, large)


def test_residents_book_special_services_for_their_own_unit_only(household):
	payer = household.users[0]
	with as_user(payer):
		name = portal.book_service("清洁抽油烟机", household.unit, 2, notes="周末上午")
		with pytest.raises(frappe.PermissionError):
			portal.book_service("清洁抽油烟机", household.other_unit)
	booking = frappe.get_doc("Special Service", name)
	assert (booking.unit, booking.amount, booking.channel) == (household.unit, 240, "Portal")


def test_the_home_speaks_english_to_english_users(household):
	payer = household.users[0]
	frappe.db.set_value("User", payer, "language", "en")
	html = page_as(payer, "/resident")
	assert "Resident Home" in html and "住户之家" not in html


def test_portal_views_ask_the_same_rules_through_has_website_permission(household):
	payer, member, neighbour = household.users
	with as_user(payer):
		name = portal.file_request("Complaint", household.unit, "电梯异响", "Building and Equipment")
	doc = frappe.get_doc("Complaint", name)
	assert frappe.has_website_permission(doc, user=payer)
	assert frappe.has_website_permission(doc, user=member)
	assert not frappe.has_website_permission(doc, ptype="write", user=member)
	assert not frappe.has_website_permission(doc, user=neighbour)


def test_a_notice_cannot_end_before_it_starts():
	from property_service.customer_service.doctype.notice.notice import NoticeDatesError

	with pytest.raises(NoticeDatesError):
		frappe.get_doc(
			{
				"doctype": "Notice",
				"title": "错误日期",
				"body": "x",
				"publish_from": today(),
				"publish_until": add_days(today(), -1),
			}
		).insert()


@pytest.mark.server
def test_a_notice_ending_before_it_starts_is_refused_over_rest_and_nothing_is_saved(rest):
	from frappe.utils import add_days, today

	rest.login("Administrator")
	refused_over_rest(
		rest,
		"Notice",
		{"title": "错误日期", "body": "x", "publish_from": today(), "publish_until": add_days(today(), -1)},
		"NoticeDatesError",
	)
