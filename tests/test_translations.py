"""zh coverage: every string the app ships has a Simplified Chinese translation."""

import frappe

from property_service.i18n import app_strings, missing_translations, po_translations, upstream_translations


def test_every_shipped_string_has_a_zh_translation():
	missing = missing_translations(upstream_translations())
	assert not missing, "strings without a zh translation (property_service.i18n.report):\n" + "\n".join(
		f"  {text!r} from {', '.join(sorted(src))}" for text, src in sorted(missing.items())
	)


def test_the_extractor_sees_roles_modules_and_select_options():
	strings = app_strings()
	assert "Management Representative" in strings
	assert "Customer Service" in strings
	assert {"Residential", "Shop", "Office", "Parking", "Storage"} <= set(strings)  # Select options
	assert "Unit {0} already exists in building {1}." in strings  # messages in _()
	assert "Sale Handover" in strings  # __() in form scripts
	assert len(strings) >= len(po_translations()) - 5  # the catalog carries no large dead weight


def test_a_missing_translation_is_reported(tmp_path):
	po = tmp_path / "zh.po"
	po.write_text('msgid "Sale Handover"\nmsgstr ""\n')
	missing = missing_translations(upstream_translations(), po_path=po)
	assert "Sale Handover" in missing
	assert "Status" not in missing  # Frappe translates it


def test_the_compiled_catalog_is_what_frappe_serves_in_zh():
	frappe.local.lang = "zh"
	try:
		frappe.clear_cache()
		assert frappe._("Management Representative") == "管理者代表"
		assert frappe._("Property Resident") == "业主/住户"
		assert frappe._("Complaint") == "投诉"  # ours, not ERPNext's 抱怨 (a grumble)
	finally:
		frappe.local.lang = "en"
	assert frappe._("Management Representative", lang="en") == "Management Representative"
