"""The resident home kept per resident (portal/home_cache.py): served again while nothing it shows
changed, built again at once when something did, and never another household's page."""

import frappe
import pytest
from frappe.utils import set_request
from frappe.website.serve import get_response_content

from property_service.api import portal
from property_service.portal import home_cache
from property_service.property.customers import invite_to_portal
from tests.factories import callback_to_rate, make_building, make_community, make_owner, make_unit
from tests.utils import as_user, unique


@pytest.fixture
def homes():
	"""Two households in one community (a payer and a family member in one flat, a neighbour next
	door) and a resident of another community."""
	community, elsewhere = make_community(), make_community()
	building = make_building(community)
	unit, other_unit = make_unit(building, "101"), make_unit(building, "102")
	far_unit = make_unit(make_building(elsewhere), "101")
	people = [
		make_owner(units=[unit], email=f"{unique('a')}@example.com"),
		make_owner(units=[unit], relation="Family", email=f"{unique('b')}@example.com"),
		make_owner(units=[other_unit], email=f"{unique('c')}@example.com"),
		make_owner(units=[far_unit], email=f"{unique('d')}@example.com"),
	]
	payer, member, neighbour, far = (invite_to_portal(p, send_welcome_email=False) for p in people)
	return frappe._dict(
		community=community,
		elsewhere=elsewhere,
		unit=unit,
		other_unit=other_unit,
		payer=payer,
		member=member,
		neighbour=neighbour,
		far=far,
	)


def open_home(user: str) -> tuple[str, bool]:
	"""The home as `user` opens it: its HTML, and whether it came from the kept copy."""
	with as_user(user):
		frappe.local.request_cache.clear()  # each opening is a request of its own
		set_request(method="GET", path="/resident")
		frappe.local.response = frappe._dict()
		html = get_response_content("/resident")
		return html, bool(frappe.local.response.get("from_cache"))


def test_a_kept_home_is_served_again_and_a_new_request_shows_at_once(homes):
	first, kept = open_home(homes.payer)
	assert "ps-portal" in first and not kept
	again, kept = open_home(homes.payer)
	assert kept and again == first

	with as_user(homes.payer):
		name = portal.file_request("Service Request", homes.unit, "厨房漏水 cache-test", "Repair")
	html, kept = open_home(homes.payer)
	assert not kept and f"/resident/requests/{name}" in html
	# the household sees it at once too, from their own page
	html, _kept = open_home(homes.member)
	assert f"/resident/requests/{name}" in html


def test_a_household_never_sees_another_households_page_or_records(homes):
	for user in (homes.payer, homes.member, homes.neighbour):
		open_home(user)
	with as_user(homes.neighbour):
		theirs = portal.file_request("Complaint", homes.other_unit, "邻居的投诉 cache-test", "Utilities")
	with as_user(homes.payer):
		ours = portal.file_request("Service Request", homes.unit, "我们的报修 cache-test", "Repair")

	neighbour_home, _kept = open_home(homes.neighbour)
	assert f"/resident/complaints/{theirs}" in neighbour_home
	assert ours not in neighbour_home and "我们的报修" not in neighbour_home
	for user in (homes.payer, homes.member):
		home, _kept = open_home(user)
		assert f"/resident/requests/{ours}" in home
		assert theirs not in home and "邻居的投诉" not in home
	# one flat, two people: each their own kept page
	with as_user(homes.payer):
		payer_key = home_cache.page_key(homes.payer)
	with as_user(homes.member):
		member_key = home_cache.page_key(homes.member)
	assert payer_key != member_key


def test_a_change_in_one_flat_leaves_the_neighbours_kept_home_alone(homes):
	open_home(homes.neighbour)
	with as_user(homes.payer):
		portal.file_request("Service Request", homes.unit, "只影响本户 cache-test", "Repair")
	html, kept = open_home(homes.neighbour)
	assert kept and "只影响本户" not in html


def test_a_rated_callback_leaves_the_home_at_once(homes):
	callback = callback_to_rate(homes.payer, homes.unit, "灯不亮 cache-test")
	html, _kept = open_home(homes.payer)
	assert f'data-callback="{callback}"' in html
	with as_user(homes.payer):
		portal.rate_callback(callback, "A - Satisfied")
	html, kept = open_home(homes.payer)
	assert not kept and f'data-callback="{callback}"' not in html


def test_a_notice_reaches_its_communitys_kept_homes_only(homes):
	open_home(homes.payer)
	open_home(homes.far)
	frappe.get_doc(
		{
			"doctype": "Notice",
			"title": "停电通知 cache-test",
			"community": homes.community,
			"body": "<p>x</p>",
		}
	).insert(ignore_permissions=True)
	html, kept = open_home(homes.payer)
	assert not kept and "停电通知 cache-test" in html
	html, kept = open_home(homes.far)
	assert kept and "停电通知 cache-test" not in html


def test_moving_out_takes_the_flat_off_the_kept_home(homes):
	from property_service.property import occupancy

	html, _kept = open_home(homes.member)
	assert f'data-unit="{homes.unit}"' in html
	member = frappe.db.get_value("Property Owner", {"user": homes.member})
	occupancy.move_out(member, homes.unit)
	html, kept = open_home(homes.member)
	assert not kept and f'data-unit="{homes.unit}"' not in html


def test_the_stamps_are_renewed_again_when_the_transaction_ends(homes):
	"""A page another request builds between a change and its commit, from what was committed
	before, is kept under a key nobody looks up after the commit."""
	with as_user(homes.payer):
		before = home_cache.page_key(homes.payer)
		home_cache.bump({f"unit:{homes.unit}"})
		during = home_cache.page_key(homes.payer)
		frappe.db.after_commit.run()  # what frappe.db.commit() runs after COMMIT
		after = home_cache.page_key(homes.payer)
	assert len({before, during, after}) == 3


def test_a_kept_home_costs_no_query_of_the_app(homes):
	open_home(homes.payer)
	start = int(frappe.db.sql("show session status like 'Questions'")[0][1])
	_html, kept = open_home(homes.payer)
	used = int(frappe.db.sql("show session status like 'Questions'")[0][1]) - start - 1
	print("queries for a kept home:", used)
	assert kept and used <= 2, used  # Frappe's own routing (website redirects) at most
