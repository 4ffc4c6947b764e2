"""The fee items (三费 and parking rent) as ERPNext Items, and a new Fee Plan's default rates.

Items sit under the Item Group "Property Fees" (under the tree's root, looked up), are not stock
items, and carry Chinese codes, names and units, which residents read on their invoices; English
users get English names through Frappe Translations. Installed once ERPNext's setup is complete,
by code safe to run twice; what exists is left alone.

Default rates (CNY per month) are those of an ordinary residential community: management fee
2.50 per m² (shops 5.00), water 4.00 per tonne, electricity 0.60 per kWh, a parking space 300.
"""

import frappe
from frappe.utils.nestedset import get_root_of

from property_service.billing.masters import ensure_group, ensure_translation, is_erpnext_ready

ITEM_GROUP = "Property Fees"
MANAGEMENT_FEE, WATER, ELECTRICITY, PARKING_RENT = "物业管理费", "水费", "电费", "车位租金"

# item code, English name, unit of measure (Chinese, English)
FEE_ITEMS = (
	(MANAGEMENT_FEE, "Property management fee", ("平方米", "m²")),
	(WATER, "Water", ("吨", "tonne")),
	(ELECTRICITY, "Electricity", ("度", "kWh")),
	(PARKING_RENT, "Parking space rent", ("月", "month")),
)

# fee item, unit type ("" = any), basis, meter, rate, vacant units pay (%)
DEFAULT_RATES = (
	(MANAGEMENT_FEE, "Residential", "Per m²", "", 2.5, 100),
	(MANAGEMENT_FEE, "Shop", "Per m²", "", 5.0, 100),
	(MANAGEMENT_FEE, "Office", "Per m²", "", 4.0, 100),
	(WATER, "", "Metered", "Water", 4.0, 100),
	(ELECTRICITY, "", "Metered", "Electricity", 0.6, 100),
	(PARKING_RENT, "Parking", "Fixed", "", 300.0, 100),
)


def ensure_fee_items() -> None:
	if not is_erpnext_ready():
		return
	ensure_group(ITEM_GROUP, get_root_of("Item Group"), is_group=0)
	for code, english, (uom, uom_english) in FEE_ITEMS:
		ensure_uom(uom, uom_english)
		if not frappe.db.exists("Item", code):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": code,
					"item_name": code,
					"description": code,
					"item_group": ITEM_GROUP,
					"stock_uom": uom,
					"is_stock_item": 0,
					"include_item_in_manufacturing": 0,
					"is_sales_item": 1,
					"is_purchase_item": 0,
				}
			).insert(ignore_permissions=True)
		ensure_translation(code, english)


def ensure_uom(name: str, english: str) -> None:
	if not frappe.db.exists("UOM", name):
		frappe.get_doc({"doctype": "UOM", "uom_name": name, "must_be_whole_number": 0}).insert(
			ignore_permissions=True
		)
	ensure_translation(name, english)


def default_rates() -> list[dict]:
	return [
		{
			"fee_item": item,
			"unit_type": unit_type,
			"basis": basis,
			"meter_type": meter,
			"rate": rate,
			"vacant_percent": vacant,
		}
		for item, unit_type, basis, meter, rate, vacant in DEFAULT_RATES
	]
