"""The special-services catalog installed as ERPNext Items, Item Groups and a Price List."""

from collections import Counter

import frappe

from property_service.special_services.catalog import CATALOG, GROUPS, PRICE_LIST, ROOT_GROUP, ensure_catalog


def catalog_items() -> list:
	return frappe.get_all(
		"Item",
		filters={"item_group": ["in", list(GROUPS.values())]},
		fields=["name", "item_name", "item_group", "is_stock_item", "is_free_service"],
	)


def test_56_services_in_four_groups_under_special_services():
	items = catalog_items()
	assert len(CATALOG) == 56
	assert Counter(item.item_group for item in items) == {
		"Convenience and Office Services": 7,
		"Cleaning Services": 10,
		"Installation Services": 18,
		"Repair Services": 21,
	}
	for group in GROUPS.values():
		assert frappe.db.get_value("Item Group", group, "parent_item_group") == ROOT_GROUP
	root = frappe.db.get_value("Item Group", ROOT_GROUP, "parent_item_group")
	assert frappe.db.get_value("Item Group", root, "is_group") == 1 and not frappe.db.get_value(
		"Item Group", root, "parent_item_group"
	)  # the tree's root, whatever the site's language named it
	assert all(item.is_stock_item == 0 and item.name == item.item_name for item in items)


def test_prices_free_services_and_english_names():
	prices = dict(
		frappe.get_all(
			"Item Price", {"price_list": PRICE_LIST}, ["item_code", "price_list_rate"], as_list=True
		)
	)
	for _group, zh_name, en_name, price in CATALOG:
		assert prices[zh_name] == price
		assert frappe.db.get_value("Item", zh_name, "is_free_service") == int(price == 0)
		assert frappe._(zh_name, lang="en") == en_name or frappe.db.exists(
			"Translation", {"source_text": zh_name, "language": "en", "translated_text": en_name}
		)
	assert frappe.db.get_value("Price List", PRICE_LIST, ["currency", "selling"]) == ("CNY", 1)
	assert frappe.db.get_value("Item", "信件代收发", "is_free_service") == 1


def test_installing_again_creates_nothing_and_keeps_edits():
	frappe.db.set_value(
		"Item Price", {"item_code": "刷油漆", "price_list": PRICE_LIST}, "price_list_rate", 28
	)
	frappe.db.set_value("Item", "刷油漆", "description", "墙面乳胶漆，按平方米计")
	counts = {
		doctype: frappe.db.count(doctype) for doctype in ("Item", "Item Price", "Item Group", "Translation")
	}
	ensure_catalog()
	ensure_catalog()
	assert {doctype: frappe.db.count(doctype) for doctype in counts} == counts
	assert (
		frappe.db.get_value(
			"Item Price", {"item_code": "刷油漆", "price_list": PRICE_LIST}, "price_list_rate"
		)
		== 28
	)
	assert frappe.db.get_value("Item", "刷油漆", "description") == "墙面乳胶漆，按平方米计"
