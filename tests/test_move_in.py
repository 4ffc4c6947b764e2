"""Move-in (入伙, seed 12.1.3 duty 8): the handover form, its completion by the office, the keys
and fees that follow, and the meter readings the first bill counts from."""

import frappe
import pytest

from property_service.customer_service.move_in import MoveInError
from property_service.fees.fee_items import ELECTRICITY, MANAGEMENT_FEE, WATER
from property_service.fees.fee_run import run_billing
from tests.factories import make_building, make_community, make_owner, make_unit
from tests.test_fees import lines, make_plan, new_run, read_meter
from tests.utils import as_user, make_user

PERIOD = "2031-05"


@pytest.fixture
def flat():
	community = make_community()
	unit = make_unit(make_building(community), "101")  # 88.5 m²
	owner = make_owner(units=[unit], mobile_no="13700001234")
	return frappe._dict(community=community, unit=unit, owner=owner)


def new_handover(flat, **fields):
	return frappe.get_doc(
		{
			"doctype": "Move-In Handover",
			"unit": flat.unit,
			"property_owner": flat.owner,
			"handover_date": "2031-05-17",
			**fields,
		}
	).insert()


def filled(doc, water=100, electricity=0):
	"""The form as the agent fills it in with the owner."""
	for row in doc.checklist:
		row.result = "Normal"
	doc.checklist[0].update({"result": "Needs Repair", "note": "阳台门关不严"})
	for row in doc.documents:
		row.signed = 1
	doc.append("meter_readings", {"meter_type": "Water", "reading": water})
	doc.append("meter_readings", {"meter_type": "Electricity", "reading": electricity})
	doc.signed = 1
	return doc.save()


def test_the_form_starts_from_the_offices_lines_and_checks_who_takes_over(flat):
	doc = new_handover(flat, status="Completed")  # the button's, not a field to send
	assert doc.status == "Draft" and len(doc.checklist) == 8 and len(doc.documents) == 6
	assert not doc.meter_readings  # added as read
	assert doc.keys[0].qty == 3 and doc.community == flat.community and doc.fees_from == doc.handover_date
	with pytest.raises(MoveInError, match="not registered"):
		new_handover(flat, property_owner=make_owner())  # someone else's
	doc.fees_from = "2031-05-01"
	with pytest.raises(MoveInError, match="before the handover"):
		doc.save()  # refused when saved, not only at completion
	doc.reload()
	doc.append("meter_readings", {"meter_type": "Water", "reading": 5})
	doc.append("meter_readings", {"meter_type": "Water", "reading": 6})
	with pytest.raises(MoveInError):
		doc.save()  # one water reading


def test_completing_hands_over_the_keys_and_starts_the_fees(flat):
	agent = make_user(roles=("Customer Service Agent",))
	with as_user(agent):
		doc = new_handover(flat)
		with pytest.raises(MoveInError, match="signed"):
			doc.complete()  # nothing checked, signed or read yet
		filled(doc).complete()
	doc.reload()
	assert (doc.status, doc.handed_over_by) == ("Completed", agent) and doc.completed_on
	unit = frappe.get_doc("Property Unit", flat.unit)
	owner = frappe.get_doc("Property Owner", flat.owner)
	assert (unit.key_holder, unit.key_holder_phone) == (owner.owner_name, "13700001234")
	assert unit.key_handovers[-1].handed_over_by == agent
	assert str(unit.fees_from) == "2031-05-17"
	with as_user(agent):
		doc.notes = "业主已领取装修手册"  # remarks stay open
		doc.save()
		doc.checklist[1].result = "Needs Repair"
		with pytest.raises(MoveInError):
			doc.save()  # the handover as completed
		doc.reload()
		doc.status = "Draft"
		doc.save()
		assert doc.reload().status == "Completed"
		with pytest.raises(MoveInError):
			doc.complete()  # once


def test_the_first_bill_counts_from_the_handover(flat):
	make_plan(flat.community)
	filled(new_handover(flat), water=100, electricity=0).complete()
	first_water = read_meter(flat.unit, "Water", PERIOD, 112.5)
	first_power = read_meter(flat.unit, "Electricity", PERIOD, 150)  # a new meter read 0
	assert (first_water.previous_reading, first_water.consumption) == (100, 12.5)
	assert (first_power.previous_reading, first_power.consumption) == (0, 150)
	run_billing(new_run(flat.community, "2031-04").name)  # before the handover: nothing due
	assert not frappe.db.exists("Sales Invoice", {"property_unit": flat.unit, "fee_period": "2031-04"})
	run_billing(new_run(flat.community, PERIOD).name)
	invoice = frappe.get_doc("Sales Invoice", {"property_unit": flat.unit, "fee_period": PERIOD})
	billed = lines(invoice)
	# the management fee for 15 of May's 31 days (from the 17th); the meters in full
	assert billed[MANAGEMENT_FEE][0] == 88.5
	assert billed[MANAGEMENT_FEE][2] == pytest.approx(88.5 * 2.5 * 15 / 31, abs=0.01 * 88.5)
	assert (billed[WATER][0], billed[ELECTRICITY][0]) == (12.5, 150)
	assert any("05-17" in row.description or "17-05" in row.description for row in invoice.items)
