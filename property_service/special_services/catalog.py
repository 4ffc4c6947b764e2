"""The special-services catalog (seed 12.1.5 (6) 2): 56 services in four groups, as ERPNext Items.

Items sit under the Item Group "Special Services" (one sub-group per category, under the Item
Group tree's root, looked up rather than named: a Chinese setup names it 所有物料群组), are not
stock items, and are priced in the selling Price List "Special Services" in CNY. Residents read
item codes and names on ERPNext's invoice pages, which print them untranslated, so codes and
names are Chinese; English users get the English names through Frappe Translations.

The seed gives no prices. The defaults below are what a Chinese property office charges, a
little under the street price; convenience services (mail, newspapers, lending tools) are free
and marked `is_free_service`. Installed once, when ERPNext's setup is complete, by code that is
safe to run again: what exists (and an administrator's edits) is left alone.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils.nestedset import get_root_of

from property_service.billing.masters import ensure_group, ensure_translation, is_erpnext_ready

ROOT_GROUP = "Special Services"
PRICE_LIST = "Special Services"
GROUPS = {
	"convenience": "Convenience and Office Services",
	"cleaning": "Cleaning Services",
	"installation": "Installation Services",
	"repair": "Repair Services",
}

# (group, Chinese name, English name, price in CNY; 0 = free)
CATALOG = (
	("convenience", "信件代收发", "Mail collection and dispatch", 0),
	("convenience", "报刊代订", "Newspaper and magazine subscription", 0),
	("convenience", "代冲胶卷", "Film developing", 15),
	("convenience", "借用常用维修工具和电器", "Lending of common tools and appliances", 0),
	("convenience", "打字", "Typing (per page)", 5),
	("convenience", "复印", "Photocopying (per page)", 0.5),
	("convenience", "24小时计时保姆小管家", "24-hour housekeeper (per hour)", 35),
	("cleaning", "大理石打蜡", "Marble floor waxing (per m²)", 12),
	("cleaning", "木地板打蜡", "Wooden floor waxing (per m²)", 10),
	("cleaning", "玻璃除尘、清洗和消毒", "Window dusting, cleaning and disinfection", 80),
	("cleaning", "地毯饰毯吸尘和清洗", "Carpet and rug vacuuming and washing (per m²)", 15),
	("cleaning", "真皮沙发清洗护理", "Leather sofa cleaning and care", 150),
	("cleaning", "日常保洁（开荒）", "Household cleaning (move-in clean)", 300),
	("cleaning", "车辆清洗", "Car washing", 25),
	("cleaning", "清洁抽油烟机", "Range hood cleaning", 120),
	("cleaning", "清洁排风扇", "Exhaust fan cleaning", 40),
	("cleaning", "清洁空调过滤网", "Air-conditioner filter cleaning", 30),
	("installation", "安装窗式空调", "Window air-conditioner installation", 150),
	("installation", "安装分体空调", "Split air-conditioner installation", 200),
	("installation", "安装铝合金空调支架", "Aluminium air-conditioner bracket installation", 80),
	("installation", "安装洗衣机", "Washing machine installation", 50),
	("installation", "安装抽油烟机", "Range hood installation", 100),
	("installation", "安装排风扇", "Exhaust fan installation", 50),
	("installation", "安装电热水器", "Electric water heater installation", 120),
	("installation", "安装燃气热水器", "Gas water heater installation", 150),
	("installation", "安装防盗门", "Security door installation", 200),
	("installation", "安装水表", "Water meter installation", 60),
	("installation", "安装洗手盆", "Wash basin installation", 80),
	("installation", "安装洗菜盆", "Kitchen sink installation", 80),
	("installation", "安装门锁", "Door lock installation", 50),
	("installation", "安装玻璃", "Glass installation (per m²)", 60),
	("installation", "安装灯具、门铃等", "Light fitting and doorbell installation", 30),
	("installation", "安装水管", "Water pipe installation (per metre)", 25),
	("installation", "安装阀门", "Valve installation", 30),
	("installation", "安装室内电路", "Indoor wiring installation (per point)", 40),
	("repair", "维修浴缸堵塞", "Bathtub unblocking", 50),
	("repair", "维修浴缸漏水", "Bathtub leak repair", 60),
	("repair", "维修洗手盆、洗菜盆堵塞", "Basin and sink unblocking", 40),
	("repair", "维修马桶漏水", "Toilet leak repair", 50),
	("repair", "维修马桶堵塞", "Toilet unblocking", 60),
	("repair", "疏通地漏", "Floor drain unblocking", 40),
	("repair", "维修水龙头漏水", "Tap leak repair", 30),
	("repair", "维修水表漏水", "Water meter leak repair", 40),
	("repair", "维修抽油烟机", "Range hood repair", 80),
	("repair", "维修排风扇", "Exhaust fan repair", 40),
	("repair", "维修电热水器", "Electric water heater repair", 80),
	("repair", "维修燃气热水器", "Gas water heater repair", 100),
	("repair", "维修室内电路", "Indoor wiring repair", 50),
	("repair", "维修电话", "Telephone line repair", 30),
	("repair", "维修电源插座", "Power socket repair", 25),
	("repair", "维修电表箱开关", "Meter box switch repair", 40),
	("repair", "修补瓷砖", "Tile repair (per m²)", 60),
	("repair", "刷油漆", "Painting (per m²)", 25),
	("repair", "维修散热片漏水", "Radiator leak repair", 80),
	("repair", "维修灯具", "Light fitting repair", 25),
	("repair", "维修铝合金拉手", "Aluminium handle repair", 20),
)

CUSTOM_FIELDS = {
	"Item": [
		{
			"fieldname": "is_free_service",
			"label": "Free Service",
			"fieldtype": "Check",
			"insert_after": "item_group",
			"description": "A special service the office provides free of charge",
		}
	],
	# the booking an invoice bills (billing.py); billing/invoices.py adds the unit and the period
	"Sales Invoice": [
		{
			"fieldname": "special_service",
			"label": "Special Service",
			"fieldtype": "Link",
			"options": "Special Service",
			"insert_after": "property_unit",
			"read_only": 1,
			"no_copy": 1,
		}
	],
}


def ensure_catalog() -> None:
	"""Installs what is missing of the catalog once ERPNext's setup is complete."""
	create_custom_fields(CUSTOM_FIELDS, ignore_validate=True)
	if not is_erpnext_ready():
		return
	groups = ensure_item_groups()
	price_list = ensure_price_list()
	uom = frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos"
	for group, zh_name, en_name, price in CATALOG:
		if not frappe.db.exists("Item", zh_name):
			frappe.get_doc(
				{
					"doctype": "Item",
					"item_code": zh_name,
					"item_name": zh_name,
					"description": zh_name,
					"item_group": groups[group],
					"stock_uom": uom,
					"is_stock_item": 0,
					"include_item_in_manufacturing": 0,
					"is_sales_item": 1,
					"is_purchase_item": 0,
					"is_free_service": int(price == 0),
				}
			).insert(ignore_permissions=True)
		if not frappe.db.exists("Item Price", {"item_code": zh_name, "price_list": price_list}):
			frappe.get_doc(
				{
					"doctype": "Item Price",
					"item_code": zh_name,
					"price_list": price_list,
					"price_list_rate": price,
				}
			).insert(ignore_permissions=True)
		ensure_translation(zh_name, en_name)


def ensure_item_groups() -> dict[str, str]:
	root = get_root_of("Item Group")
	ensure_group(ROOT_GROUP, root, is_group=1)
	for name in GROUPS.values():
		ensure_group(name, ROOT_GROUP, is_group=0)
	return dict(GROUPS)


def ensure_price_list() -> str:
	if not frappe.db.exists("Price List", PRICE_LIST):
		frappe.get_doc(
			{
				"doctype": "Price List",
				"price_list_name": PRICE_LIST,
				"currency": "CNY",
				"selling": 1,
				"enabled": 1,
			}
		).insert(ignore_permissions=True)
	return PRICE_LIST
