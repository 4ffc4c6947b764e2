"""Each reproduction of the field-level rights issue, as a test that failed before the fix:
presetting office fields, rewiring and re-rating callbacks, prices, staff who live on site,
former occupants, what technicians read, the customer link, quantities, and the other doors
(assignments, controller methods, shares)."""

import json

import frappe
import pytest
from frappe.desk.form import assign_to
from frappe.utils import add_days, set_request, today

from property_service.api import portal
from property_service.billing.invoices import household_invoices, make_invoice
from property_service.core.workflows import transition
from property_service.customer_service.callbacks import ensure_callback
from property_service.customer_service.doctype.callback_record.callback_record import (
	AlreadyRatedError,
	CallbackSourceError,
)
from property_service.property import occupancy
from property_service.property.customers import invite_to_portal
from property_service.special_services.doctype.special_service.special_service import (
	BookingFixedError,
	InvalidQuantityError,
)
from tests.factories import make_building, make_owner, make_unit
from tests.portal_world import make_world, purge_world
from tests.utils import as_user, delete_user, make_user, unique


@pytest.fixture(scope="module")
def world():
	world = make_world()
	world.filer_owner = world.owners[0]
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	purge_world(world)


def count(doctype: str) -> int:
	frappe.db.rollback()
	return frappe.db.count(doctype)


# --- 1. a resident presetting the office's fields ---------------------------------------------


def test_a_resident_cannot_preset_sla_escalation_satisfaction_or_a_callback(world, rest):
	frappe.db.rollback()
	other = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.other_unit, "description": "x"}
	).insert()
	callback = ensure_callback(other)
	frappe.db.commit()  # nosemgrep
	rest.login(world.resident)
	presets = (
		{"service_level_agreement_creation": "2020-01-01", "escalation_level": 3},
		{"satisfaction": "A - Satisfied"},
		{"callback_record": callback},
		{"status": "Completed"},
	)
	for preset in presets:
		before = count("Service Request")
		body = {"unit": world.unit, "description": "门锁坏了", **preset}
		response = rest.post("/api/resource/Service Request", data=json.dumps(body))
		assert response.status_code == 417, response.text[:300]
		assert count("Service Request") == before
	# what they may set is stored, and the office's clocks start now
	response = rest.post(
		"/api/resource/Service Request", data=json.dumps({"unit": world.unit, "description": "门锁坏了"})
	)
	assert response.status_code == 200
	frappe.db.rollback()
	created = frappe.get_doc("Service Request", response.json()["data"]["name"])
	assert created.channel == "Portal" and created.owner == world.resident
	assert str(created.service_level_agreement_creation) >= today()


# --- 2. callbacks: fixed source, rated once, through the rating action ---------------------------


def test_a_resident_cannot_write_a_callback_and_rates_their_own_once(world, rest):
	frappe.db.rollback()
	own = frappe.get_doc({"doctype": "Service Request", "unit": world.unit, "description": "灯坏了"}).insert()
	neighbours = frappe.get_doc(
		{"doctype": "Special Service", "unit": world.other_unit, "service_item": "清洁排风扇"}
	).insert()
	own_callback, neighbours_callback = ensure_callback(own), ensure_callback(neighbours)
	frappe.db.commit()  # nosemgrep
	rest.login(world.resident)
	rewire = {
		"reference_doctype": "Special Service",
		"reference_name": neighbours.name,
		"satisfaction": "C - Dissatisfied",
	}
	response = rest.put(f"/api/resource/Callback Record/{own_callback}", data=json.dumps(rewire))
	assert response.status_code == 403
	rate = "/api/method/property_service.api.portal.rate_callback"
	response = rest.post(rate, data={"callback": neighbours_callback, "satisfaction": "C - Dissatisfied"})
	assert response.status_code == 403
	frappe.db.rollback()
	assert frappe.db.get_value("Special Service", neighbours.name, "satisfaction") is None
	response = rest.post(rate, data={"callback": own_callback, "satisfaction": "B - Fairly Satisfied"})
	assert response.status_code == 200, json.loads(response.json()["exc"])[0][-2500:]
	response = rest.post(rate, data={"callback": own_callback, "satisfaction": "C - Dissatisfied"})
	assert response.status_code == 417
	frappe.db.rollback()
	assert frappe.db.get_value("Callback Record", own_callback, ["satisfaction", "status"]) == (
		"B - Fairly Satisfied",
		"Done",
	)


def test_a_callback_keeps_its_source_and_its_rating_until_a_supervisor_reopens_it():
	unit = make_unit()
	make_owner(units=[unit])
	other_unit = make_unit(make_building(), "202")
	make_owner(units=[other_unit])
	request = frappe.get_doc({"doctype": "Service Request", "unit": unit, "description": "x"}).insert()
	other = frappe.get_doc({"doctype": "Service Request", "unit": other_unit, "description": "y"}).insert()
	agent = make_user(roles=("Customer Service Agent",))
	supervisor = make_user(roles=("Customer Service Supervisor",))
	callback = frappe.get_doc("Callback Record", ensure_callback(request))
	with as_user(agent):
		callback.reference_name = other.name
		with pytest.raises(CallbackSourceError):
			callback.save()
		callback.reload()
		callback.satisfaction = "A - Satisfied"
		callback.save()
		callback.satisfaction = "C - Dissatisfied"
		with pytest.raises(AlreadyRatedError):
			callback.save()
		callback.reload()
		callback.satisfaction = None
		with pytest.raises(AlreadyRatedError):  # an agent cannot take a rating back
			callback.save()
	with as_user(supervisor):
		callback.reload()
		callback.satisfaction = None
		callback.save()
	assert callback.status == "To Do"
	with pytest.raises(CallbackSourceError):  # a callback made by hand takes its source's unit
		frappe.get_doc(
			{"doctype": "Callback Record", "reference_doctype": "Property Unit", "reference_name": unit}
		).insert()
	made = frappe.get_doc(
		{
			"doctype": "Callback Record",
			"reference_doctype": "Service Request",
			"reference_name": other.name,
			"unit": unit,
		}
	).insert()
	assert made.unit == other_unit


# --- 3. prices and quantities ---------------------------------------------------------------------


def test_a_confirmed_booking_keeps_its_service_quantity_and_price():
	unit = make_unit()
	make_owner(units=[unit])
	booking = frappe.get_doc(
		{"doctype": "Special Service", "unit": unit, "service_item": "清洁排风扇"}
	).insert()
	price = booking.rate
	for qty in (0, -1, 0.01, 1.5):  # the catalog counts in whole units (Nos)
		booking.qty = qty
		with pytest.raises(InvalidQuantityError):
			booking.save()
		booking.reload()
	agent = make_user(roles=("Customer Service Agent",))
	with as_user(agent):
		transition(booking, "Accept", "test")
		booking.reload()
		booking.qty = 3
		with pytest.raises(BookingFixedError):
			booking.save()
		booking.reload()
		booking.rate = 0.01
		booking.save()
	assert booking.rate == price and booking.amount == price


# --- 4. staff who live on site ------------------------------------------------------------------


def test_staff_who_live_on_site_keep_exactly_their_staff_rights(world, rest):
	frappe.db.rollback()
	technician_resident = frappe.db.get_value("Property Owner", world.owners[1], "user")  # the neighbour
	frappe.get_doc("User", technician_resident).add_roles("Maintenance Technician")
	accountant_resident = make_user(roles=("Accounts User",))
	home = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.other_unit, "description": "家里"}
	).insert()
	elsewhere = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "别家"}
	).insert()
	frappe.db.commit()  # nosemgrep
	try:
		rest.login(technician_resident)
		# people: their own record only, not every owner's mobile number
		filer = rest.get(f"/api/resource/Property Owner/{world.filer_owner}")
		assert filer.status_code == 403
		listed = rest.get("/api/resource/Property Owner", params={"fields": '["name","mobile_no"]'})
		assert [row["name"] for row in listed.json()["data"]] == [world.owners[1]]
		# requests: their household's (as a resident) and their jobs (as a technician), no others
		assert rest.get(f"/api/resource/Service Request/{home.name}").status_code == 200
		assert rest.get(f"/api/resource/Service Request/{elsewhere.name}").status_code == 403
		callback = ensure_callback(elsewhere)
		frappe.db.commit()  # nosemgrep
		response = rest.put(
			f"/api/resource/Callback Record/{callback}", data=json.dumps({"satisfaction": "C - Dissatisfied"})
		)
		assert response.status_code == 403
	finally:
		frappe.db.rollback()
		frappe.get_doc("User", technician_resident).remove_roles("Maintenance Technician")
		delete_user(accountant_resident)
		frappe.db.commit()  # nosemgrep


def test_an_accountant_who_lives_on_site_files_only_for_their_own_unit():
	unit, other_unit = make_unit(make_building(), "301"), make_unit(make_building(), "302")
	person = make_owner(units=[unit], email=f"{unique('acc')}@example.com")
	user = invite_to_portal(person, send_welcome_email=False)
	frappe.get_doc("User", user).add_roles("Accounts User")
	with as_user(user):
		assert portal.file_request("Service Request", unit, "水管漏水")
		with pytest.raises(frappe.PermissionError):
			portal.file_request("Service Request", other_unit, "水管漏水")


# --- 5. former occupants, what technicians read, the customer link -----------------------------


def test_a_new_occupant_sees_the_unit_from_their_own_move_in():
	unit = make_unit()
	former = make_owner(units=[unit], email=f"{unique('old')}@example.com")
	former_user = invite_to_portal(former, send_welcome_email=False)
	with as_user(former_user):
		old_request = portal.file_request("Service Request", unit, "旧的报修")
	customer = frappe.db.get_value("Property Owner", former, "customer")
	company = frappe.db.get_value(
		"Community", frappe.db.get_value("Property Unit", unit, "community"), "company"
	)
	old_invoice = make_invoice(
		unique("OLD"),
		customer=customer,
		company=company,
		posting_date=add_days(today(), -30),
		items=[{"item_code": "清洁排风扇", "qty": 1, "rate": 10}],
		property_unit=unit,
	)
	# the old request and invoice were made before the new household moved in
	frappe.db.set_value("Service Request", old_request, "creation", add_days(today(), -30))
	occupancy.move_out(former, unit, today())
	newcomer = make_owner(units=[unit], email=f"{unique('new')}@example.com")
	newcomer_user = invite_to_portal(newcomer, send_welcome_email=False)
	with as_user(newcomer_user):
		new_request = portal.file_request("Service Request", unit, "新的报修")
		assert frappe.get_list("Service Request", pluck="name") == [new_request]
		assert not frappe.get_doc("Service Request", old_request).has_permission("read")
		assert old_invoice.name not in {row.name for row in household_invoices()}
	with as_user(former_user):  # the former occupant keeps what was filed for them
		assert frappe.get_list("Service Request", pluck="name") == [old_request]


def test_technicians_do_not_read_payers_or_key_holders(world, rest):
	frappe.db.rollback()
	occupancy.hand_over_keys(world.unit, "保安 李", "13800000009")
	frappe.db.commit()  # nosemgrep
	rest.login(world.technician)
	unit = rest.get(f"/api/resource/Property Unit/{world.unit}").json()["data"]
	assert unit["name"] == world.unit
	for field in ("payer", "payer_name", "key_holder", "key_holder_phone", "key_handovers"):
		assert not unit.get(field), field
	rest.login(world.agent)
	assert rest.get(f"/api/resource/Property Unit/{world.unit}").json()["data"]["key_holder_phone"]


def test_only_the_office_manager_moves_a_persons_customer_and_the_portal_user_follows(world, rest):
	frappe.db.rollback()
	person = world.filer_owner
	own_customer = frappe.db.get_value("Property Owner", person, "customer")
	other_customer = frappe.db.get_value("Property Owner", world.owners[1], "customer")
	manager = make_user(roles=("Property Manager",))
	frappe.db.commit()  # nosemgrep
	try:
		rest.login(world.agent)
		change = json.dumps({"customer": other_customer, "user": world.agent})
		assert rest.put(f"/api/resource/Property Owner/{person}", data=change).status_code == 200
		frappe.db.rollback()
		assert frappe.db.get_value("Property Owner", person, ["customer", "user"]) == (
			own_customer,
			world.resident,
		)
		rest.login(manager)
		change = json.dumps({"customer": other_customer})
		moved = rest.put(f"/api/resource/Property Owner/{person}", data=change)
		assert moved.status_code == 200, moved.text[:600]
		frappe.db.rollback()
		portal_users = lambda customer: {  # noqa: E731
			row.user for row in frappe.get_doc("Customer", customer).portal_users
		}
		assert world.resident in portal_users(other_customer)
		assert world.resident not in portal_users(own_customer)
	finally:
		frappe.db.rollback()
		frappe.db.set_value("Property Owner", person, "customer", own_customer)
		delete_user(manager)
		frappe.db.commit()  # nosemgrep


def test_a_login_linked_any_way_sees_the_invoices_and_loses_them_when_unlinked():
	unit = make_unit()
	person = frappe.get_doc("Property Owner", make_owner(units=[unit]))
	user = make_user(email=f"{unique('link')}@example.com", user_type="Website User")
	person.user = user  # as Data Import or a script would, not through Invite to Portal
	person.save()
	customer = frappe.get_doc("Customer", person.customer)
	assert user in {row.user for row in customer.portal_users}
	assert "Property Resident" in frappe.get_roles(user)
	person.user = None
	person.save()
	customer.reload()
	assert user not in {row.user for row in customer.portal_users}
	assert "Property Resident" not in frappe.get_roles(user)


# --- the other doors: assignments, controller methods, shares ---------------------------------


def test_a_resident_cannot_assign_or_unassign_their_request(world, rest):
	frappe.db.rollback()
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "插座坏了"}
	).insert()
	request.technician = world.technician
	request.save()
	transition(request, "Dispatch", "test")
	frappe.db.commit()  # nosemgrep
	todos = lambda: frappe.get_all(  # noqa: E731
		"ToDo", {"reference_name": request.name, "status": "Open"}, pluck="allocated_to"
	)
	before = todos()
	assert before == [world.technician]
	rest.login(world.resident)
	add = rest.post(
		"/api/method/frappe.desk.form.assign_to.add",
		data={"doctype": "Service Request", "name": request.name, "assign_to": json.dumps([world.agent])},
	)
	remove = rest.post(
		"/api/method/frappe.desk.form.assign_to.remove",
		data={"doctype": "Service Request", "name": request.name, "assign_to": world.technician},
	)
	todo = {
		"reference_type": "Service Request",
		"reference_name": request.name,
		"allocated_to": world.agent,
		"description": "x",
	}
	direct = rest.post("/api/resource/ToDo", data=json.dumps(todo))
	assert (add.status_code, remove.status_code, direct.status_code) == (403, 403, 403)
	frappe.db.rollback()
	assert todos() == before
	assert frappe.db.get_value("Service Request", request.name, "technician") == world.technician


def test_controller_methods_check_their_own_rights():
	from frappe.handler import run_doc_method

	from tests.test_fees import make_plan

	community = frappe.get_doc("Community", frappe.db.get_value("Property Unit", make_unit(), "community"))
	make_plan(community.name)
	run = frappe.get_doc(
		{"doctype": "Fee Billing Run", "community": community.name, "period": "2026-10"}
	).insert()
	manager = make_user(roles=("Property Manager",))  # reads the runs, does not bill
	set_request(method="POST", path="/api/method/run_doc_method")
	with as_user(manager), pytest.raises(frappe.PermissionError):
		run_doc_method("run", docs=json.dumps(run.as_dict(convert_dates_to_str=True)))
	assert frappe.db.get_value("Fee Billing Run", run.name, "status") != "Queued"


def test_a_reassigned_record_is_no_longer_shared_with_the_previous_technician():
	unit = make_unit()
	make_owner(units=[unit])
	first, second = make_user(roles=("Maintenance Technician",)), make_user(roles=("Maintenance Technician",))
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": unit, "description": "x", "technician": first}
	).insert()
	# Frappe's Assign To shares a record with an assignee who cannot read it
	assign_to.add({"doctype": "Service Request", "name": request.name, "assign_to": [first]})
	frappe.share.add("Service Request", request.name, first, read=1)
	request.reload()
	request.technician = second
	request.save()
	assert not frappe.db.exists(
		"DocShare", {"share_doctype": "Service Request", "share_name": request.name, "user": first}
	)
	with as_user(first):
		assert not frappe.has_permission("Service Request", "read", doc=request.name)


def test_a_move_out_date_arriving_takes_the_login_out_of_the_portal_users():
	from property_service.property.customers import sync_people_moving_today

	unit = make_unit()
	person = make_owner(units=[unit], email=f"{unique('moving')}@example.com")
	user = invite_to_portal(person, send_welcome_email=False)
	customer = frappe.db.get_value("Property Owner", person, "customer")
	assert user in {row.user for row in frappe.get_doc("Customer", customer).portal_users}
	# the move-out date was entered earlier and arrives today, without a save
	frappe.db.set_value("Property Owner Unit", {"parent": person}, "move_out_date", today())
	sync_people_moving_today()
	assert user not in {row.user for row in frappe.get_doc("Customer", customer).portal_users}


def test_the_upgrade_gives_customised_permissions_the_new_levels():
	from frappe.permissions import setup_custom_perms

	from property_service.patches.v0_3 import field_levels

	def level_rows(table: str) -> set:
		rows = frappe.get_all(
			table,
			{"parent": "Service Request", "permlevel": [">", 0]},
			["role", "permlevel", "read", "write"],
		)
		return {(row.role, row.permlevel, row.read, row.write) for row in rows}

	try:
		# an administrator customised the permissions before the levels existed
		setup_custom_perms("Service Request")
		frappe.db.delete("Custom DocPerm", {"parent": "Service Request", "permlevel": [">", 0]})
		setup_custom_perms("Callback Record")
		frappe.db.set_value(
			"Custom DocPerm", {"parent": "Callback Record", "role": "Property Resident"}, "write", 1
		)
		field_levels.execute()
		assert level_rows("Custom DocPerm") == level_rows("DocPerm") != set()
		assert not frappe.db.get_value(
			"Custom DocPerm", {"parent": "Callback Record", "role": "Property Resident"}, "write"
		)
	finally:
		frappe.db.rollback()
		for doctype in ("Service Request", "Callback Record"):
			frappe.clear_cache(doctype=doctype)


def test_the_desk_shows_a_technician_the_office_fields_read_only():
	unit = make_unit()
	make_owner(units=[unit])
	technician = make_user(roles=("Maintenance Technician",))
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": unit, "description": "x", "technician": technician}
	).insert()
	transition(request, "Dispatch", "test")
	with as_user(technician):
		doc = frappe.get_doc("Service Request", request.name)
		doc.run_method("onload")
		locked = doc.get_onload().get("office_fields")
	assert {"unit", "description", "contact_phone"} <= set(locked)
	assert not {"status", "resolution", "materials"} & set(locked)
	doc = frappe.get_doc("Service Request", request.name)
	doc.run_method("onload")
	assert not (doc.get_onload() or {}).get("office_fields")  # the office edits everything
