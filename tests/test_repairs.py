"""A chargeable repair inside a unit becomes a Special Service booking, billed once like any
other; common-area and unpriced repairs stay free; technicians do not charge. The work order
slip (派工单/回单) comes back signed, and a repair's archive file needs it."""

import frappe
import pytest

from property_service.api.service_desk import bill_repair
from property_service.billing.invoices import AlreadyBilledError
from property_service.special_services.billing import bill
from property_service.special_services.doctype.special_service.special_service import NoPriceError
from property_service.special_services.repairs import NotChargeableError
from tests.test_service_desk import act, completed_request, new_request, staff, unit  # noqa: F401 (fixtures)
from tests.utils import as_user, make_user, unique

REPAIR = "维修浴缸漏水"  # a repair service of the catalog, 60 on the price list


def material_item(price: float | None) -> str:
	"""A material the office sells, priced (or not) on the special-services price list."""
	from property_service.special_services.catalog import PRICE_LIST

	code = unique("密封胶")
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": code,
			"item_group": frappe.db.get_value("Item Group", {"is_group": 0}),
			"stock_uom": "Nos",
			"is_stock_item": 0,
		}
	).insert()
	if price is not None:
		frappe.get_doc(
			{"doctype": "Item Price", "item_code": code, "price_list": PRICE_LIST, "price_list_rate": price}
		).insert()
	return code


SIGNATURE = "data:image/png;base64,iVBORw0KGgo="


def test_the_work_order_slip_comes_back_signed_and_is_stamped_once(staff, unit):  # noqa: F811
	from freezegun import freeze_time

	from property_service.operations import archives

	request = new_request(unit, technician=staff.technician)
	for action in ("Dispatch", "Start Work"):
		request = act(request, action, staff.agent)
	with as_user(staff.technician):
		doc = frappe.get_doc("Service Request", request.name)
		doc.update({"technician_signature": SIGNATURE, "slip_returned_on": "2020-01-01 00:00:00"})
		doc.save()
		assert doc.slip_returned_on is None  # the server's stamp, and the resident has not signed
		with freeze_time("2031-05-06 02:00:00"):  # 10:00 at the site (UTC+8)
			doc.resident_signature = SIGNATURE  # on the technician's phone at the door
			doc.save()
		assert str(doc.slip_returned_on) == "2031-05-06 10:00:00"
		frappe.db.set_value("Service Request", doc.name, "modified", frappe.utils.now_datetime())
		doc.reload().resolution = "换了阀门"
		doc.save()
	assert str(doc.reload().slip_returned_on) == "2031-05-06 10:00:00"  # kept
	request = act(request, "Complete", staff.agent)
	paper = new_request(unit, technician=staff.technician)
	paper.slip_signed = 1  # the printed slip came back signed
	paper.save()
	assert paper.slip_returned_on
	# a closed repair's file lacks the slip until it is back; other requests need none
	unreturned = new_request(unit, resolution="已修好")
	inquiry = new_request(unit, resolution="已答复", request_type="Inquiry")
	for name in (request.name, unreturned.name, inquiry.name):
		frappe.db.set_value("Service Request", name, "status", "Closed")
	today = frappe.utils.today()
	missing = {row["name"]: row["missing"] for row in archives.files(today, today)}
	assert (missing[request.name], missing[inquiry.name]) == ([], [])
	assert missing[unreturned.name] == ["Returned Work Order Slip"]
	community = frappe.db.get_value("Property Unit", unit, "community")
	figure = archives.completeness(today, today, community)  # counted in the database
	assert (figure["finished"], figure["complete"]) == (3, 2)


def test_a_chargeable_repair_is_booked_and_billed_once(staff, unit):  # noqa: F811
	request = completed_request(unit, staff)
	frappe.db.set_value("Service Request", request.name, "repair_service", REPAIR)
	sealant = material_item(price=15)
	request.reload()
	request.append("materials", {"material": "密封胶", "qty": 2, "uom": "支", "item": sealant})
	request.append("materials", {"material": "螺丝", "qty": 4})  # not charged
	request.db_update_all()
	with as_user(staff.agent):
		booking_name = bill_repair(request.name)
		assert bill_repair(request.name) == booking_name  # the same booking, not a second
	booking = frappe.get_doc("Special Service", booking_name)
	assert (booking.status, booking.unit, booking.service_item) == ("Completed", unit, REPAIR)
	assert booking.amount == 60 + 2 * 15 and booking.service_request == request.name
	assert [(row.item, row.qty, row.rate) for row in booking.materials] == [(sealant, 2, 15)]
	assert booking.technician == staff.technician and "密封胶" in booking.notes
	assert frappe.db.get_value("Service Request", request.name, "special_service") == booking.name
	assert frappe.db.count("Special Service", {"service_request": request.name}) == 1
	with as_user(make_user(roles=("Accounts User",))):
		invoice = bill(booking.name)
		with pytest.raises(AlreadyBilledError):
			bill(booking.name)
	assert invoice.grand_total == 90 and invoice.property_unit == unit
	assert [(row.item_code, row.qty) for row in invoice.items] == [(REPAIR, 1), (sealant, 2)]


def test_free_repairs_stay_free(staff, unit):  # noqa: F811
	request = completed_request(unit, staff)
	with as_user(staff.agent), pytest.raises(NotChargeableError):
		bill_repair(request.name)  # no repair service named: free
	frappe.db.set_value("Service Request", request.name, "repair_service", "清洁抽油烟机")
	with as_user(staff.agent), pytest.raises(NotChargeableError):
		bill_repair(request.name)  # a cleaning service is not a repair
	with as_user(staff.agent):
		common = frappe.get_doc(
			{
				"doctype": "Service Request",
				"channel": "Staff",
				"community": frappe.db.get_value("Property Unit", unit, "community"),
				"description": "公共楼道灯更换",
				"technician": staff.technician,
			}
		).insert()
	frappe.db.set_value("Service Request", common.name, "repair_service", REPAIR)
	for action in ("Dispatch", "Start Work"):
		common = act(common, action, staff.agent)
	frappe.db.set_value("Service Request", common.name, {"resolution": "done", "repair_service": REPAIR})
	act(common, "Complete", staff.agent)
	with as_user(staff.agent), pytest.raises(NotChargeableError):
		bill_repair(common.name)  # a common area: free
	assert not frappe.db.exists("Special Service", {"service_request": ["in", [request.name, common.name]]})


def test_a_technician_does_not_charge(staff, unit):  # noqa: F811
	request = completed_request(unit, staff)
	frappe.db.set_value("Service Request", request.name, "repair_service", REPAIR)
	with as_user(staff.technician), pytest.raises(frappe.PermissionError):
		bill_repair(request.name)
	assert not frappe.db.get_value("Service Request", request.name, "special_service")


def test_the_booking_link_is_never_typed(staff, unit):  # noqa: F811
	request = completed_request(unit, staff)
	frappe.db.set_value("Service Request", request.name, "repair_service", REPAIR)
	with as_user(staff.agent):
		booking = bill_repair(request.name)
		other = frappe.get_doc({"doctype": "Special Service", "service_item": REPAIR, "unit": unit, "qty": 1})
		other.service_request = request.name  # sent, as a REST call could
		other.insert()
		doc = frappe.get_doc("Service Request", request.name)
		doc.special_service = other.name
		doc.save()
	assert frappe.db.get_value("Service Request", request.name, "special_service") == booking
	assert not frappe.db.get_value("Special Service", other.name, "service_request")


def test_a_material_without_a_price_is_not_charged_at_nothing(staff, unit):  # noqa: F811
	request = completed_request(unit, staff)
	frappe.db.set_value("Service Request", request.name, "repair_service", REPAIR)
	request.reload()
	request.append("materials", {"material": "特殊配件", "qty": 1, "item": material_item(price=None)})
	request.db_update_all()
	with as_user(staff.agent), pytest.raises(NoPriceError):
		bill_repair(request.name)
	assert not frappe.db.get_value("Service Request", request.name, "special_service")
