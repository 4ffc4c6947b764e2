"""Communities, buildings and units: naming, validation, status."""

import frappe
import pytest
from frappe.utils import add_days, today

from property_service.property import occupancy
from property_service.property.doctype.building.building import DuplicateBuildingError
from property_service.property.doctype.property_owner.property_owner import (
	HistoryRemovalError,
	MoveOutBeforeMoveInError,
	OverlappingLinkError,
)
from property_service.property.doctype.property_unit.property_unit import (
	DuplicateUnitError,
	PayerNotLinkedError,
	UnknownBuildingError,
)
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.utils import UNKNOWN_LINK, refused_over_rest


def test_unit_is_named_by_building_and_number_and_takes_the_community():
	community = make_community()
	building = make_building(community, "3栋")
	unit = frappe.get_doc("Property Unit", make_unit(building, " 1201 "))
	assert unit.name == f"{community}-3栋-1201"
	assert unit.unit_number == "1201"
	assert unit.community == community
	assert unit.status == "Vacant"
	assert frappe.get_list("Property Unit", filters={"name": ["like", "%3栋-1201"]}, pluck="name") == [
		unit.name
	]


def test_unknown_building_is_refused():
	with pytest.raises((UnknownBuildingError, frappe.LinkValidationError), match="no such building"):
		frappe.get_doc(
			{"doctype": "Property Unit", "building": "no such building", "unit_number": "1"}
		).insert()


@pytest.mark.server
def test_unknown_building_over_rest_is_refused_and_nothing_is_saved(rest):
	rest.login("Administrator")
	refused_over_rest(
		rest,
		"Property Unit",
		{"building": "no such building", "unit_number": "1"},
		("UnknownBuildingError", UNKNOWN_LINK),
	)


def test_duplicate_unit_and_building_are_refused_with_a_clear_error():
	building = make_building()
	make_unit(building, "502")
	with pytest.raises(DuplicateUnitError, match="502"):
		frappe.get_doc({"doctype": "Property Unit", "building": building, "unit_number": "502"}).insert()
	community = frappe.db.get_value("Building", building, "community")
	with pytest.raises((DuplicateBuildingError, frappe.DuplicateEntryError)):
		frappe.get_doc({"doctype": "Building", "building_name": "1栋", "community": community}).insert()


def test_move_out_before_move_in_is_refused_and_changes_nothing():
	unit = make_unit()
	owner = frappe.get_doc("Property Owner", make_owner(units=[unit]))
	owner.units[0].move_out_date = add_days(owner.units[0].move_in_date, -1)
	with pytest.raises(MoveOutBeforeMoveInError):
		owner.save()
	assert frappe.db.get_value("Property Owner Unit", owner.units[0].name, "move_out_date") is None
	assert frappe.db.get_value("Property Unit", unit, "status") == "Occupied"


def test_overlapping_links_to_one_unit_are_refused():
	unit = make_unit()
	owner = make_owner(units=[unit])
	with pytest.raises(OverlappingLinkError):
		occupancy.move_in(owner, unit, "Owner", today())


def test_status_follows_move_in_move_out_and_renovation():
	unit = make_unit()
	assert frappe.db.get_value("Property Unit", unit, "status") == "Vacant"
	owner = make_owner(units=[unit])
	assert frappe.db.get_value("Property Unit", unit, ["status", "payer"]) == ("Occupied", owner)
	frappe.db.set_value("Property Unit", unit, "renovating", 1)
	occupancy.refresh_units([unit])
	assert frappe.db.get_value("Property Unit", unit, "status") == "Renovating"
	frappe.db.set_value("Property Unit", unit, "renovating", 0)
	occupancy.move_out(owner, unit, today())
	assert frappe.db.get_value("Property Unit", unit, "status") == "Vacant"
	# the history stays
	rows = frappe.get_all("Property Owner Unit", filters={"parent": owner}, fields=["unit", "move_out_date"])
	assert [(r.unit, str(r.move_out_date)) for r in rows] == [(unit, today())]


def test_an_owner_who_lives_elsewhere_leaves_the_unit_vacant_but_pays():
	unit = make_unit()
	owner = make_owner()
	occupancy.move_in(owner, unit, "Owner", today(), lives_here=0)
	assert frappe.db.get_value("Property Unit", unit, ["status", "payer"]) == ("Vacant", owner)


def test_future_move_out_keeps_the_unit_occupied_until_the_day_then_the_daily_job_frees_it():
	unit = make_unit()
	owner = make_owner(units=[unit])
	doc = frappe.get_doc("Property Owner", owner)
	doc.units[0].move_in_date = add_days(today(), -30)
	doc.units[0].move_out_date = today()
	doc.save()
	assert frappe.db.get_value("Property Unit", unit, "status") == "Vacant"
	frappe.db.set_value("Property Unit", unit, "status", "Occupied")  # as it stood yesterday
	assert unit in occupancy.units_changing_today()
	occupancy.refresh_units_changing_today()
	occupancy.refresh_units_changing_today()
	assert frappe.db.get_value("Property Unit", unit, "status") == "Vacant"


def test_removing_a_unit_row_is_refused_so_history_is_kept():
	unit = make_unit()
	owner = frappe.get_doc("Property Owner", make_owner(units=[unit]))
	owner.units = []
	with pytest.raises(HistoryRemovalError):
		owner.save()


def test_sale_handover_moves_old_owners_and_family_out_and_new_owners_in():
	unit = make_unit()
	seller_a, seller_b = make_owner(units=[unit]), make_owner(units=[unit])
	family = make_owner(units=[unit], relation="Family")
	tenant = make_owner(units=[unit], relation="Tenant")
	buyer = make_owner()
	assert frappe.db.get_value("Property Unit", unit, "payer") == seller_a

	occupancy.sale_handover(unit, [buyer])

	current = {(link.property_owner, link.relation) for link in occupancy.current_links([unit])}
	assert current == {(buyer, "Owner"), (tenant, "Tenant")}
	assert frappe.db.get_value("Property Unit", unit, ["status", "payer"]) == ("Occupied", buyer)
	for seller in (seller_a, seller_b, family):
		row = frappe.get_all(
			"Property Owner Unit", filters={"parent": seller, "unit": unit}, fields=["move_out_date"]
		)
		assert str(row[0].move_out_date) == today()


def test_a_tenant_payer_stays_payer_through_a_sale():
	unit = make_unit()
	make_owner(units=[unit])
	tenant = make_owner(units=[unit], relation="Tenant")
	doc = frappe.get_doc("Property Unit", unit)
	doc.payer = tenant
	doc.save()
	occupancy.sale_handover(unit, [make_owner()])
	assert frappe.db.get_value("Property Unit", unit, "payer") == tenant


def test_payer_must_be_a_current_resident():
	unit = make_unit()
	make_owner(units=[unit])
	doc = frappe.get_doc("Property Unit", unit)
	doc.payer = make_owner()
	with pytest.raises(PayerNotLinkedError):
		doc.save()


def test_keys_change_hands_with_history():
	unit = make_unit()
	occupancy.hand_over_keys(unit, "王师傅", "13800000001", "2026-01-05 10:00:00")
	occupancy.hand_over_keys(unit, "李经理", None, "2026-02-01 09:00:00")
	doc = frappe.get_doc("Property Unit", unit)
	assert doc.key_holder == "李经理"
	assert [(r.holder, str(r.returned_on)) for r in doc.key_handovers] == [
		("王师傅", "2026-02-01 09:00:00"),
		("李经理", "None"),
	]
	occupancy.return_keys(unit, "2026-03-01 09:00:00")
	assert frappe.db.get_value("Property Unit", unit, "key_holder") is None
	with pytest.raises(occupancy.OccupancyError):
		occupancy.return_keys(unit)
