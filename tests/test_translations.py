"""zh coverage: every string the app ships has a Simplified Chinese translation."""

import frappe

from property_service.i18n import (
	app_strings,
	missing_translations,
	po_translations,
	retranslated,
	upstream_translations,
)


def test_every_shipped_string_has_a_zh_translation():
	missing = missing_translations(upstream_translations())
	assert not missing, "strings without a zh translation (property_service.i18n.report):\n" + "\n".join(
		f"  {text!r} from {', '.join(sorted(src))}" for text, src in sorted(missing.items())
	)


# Words Frappe's or ERPNext's catalogue translates too (on 15 or 16), which the app translates
# otherwise on purpose: the office's status words and vocabulary, or a better word than theirs
# (ERPNext 15's 党 for a party). The app's catalogue wins everywhere in the desk, so a word it
# reuses must read right on every screen: "Share" (a report column's 占比) had turned the form
# sidebar's Share into 占比, and "Hold" (a training held, 实施) Sales Order's Hold button.
RETRANSLATED_ON_PURPOSE = {
	"Added",
	"Agent",
	"Approve",
	"Archived",
	"Buildings",
	"Cancelled",
	"Charges",
	"Complaint",
	"Create Invoice",
	"Customer Service",
	"Done",
	"Draft",
	"Dunning Level",
	"Electricity",
	"Email",
	"Ended At",
	"Ends On",
	"Family",
	"General",
	"Group By",
	"Major",
	"Materials",
	"Merchant ID",
	"Meter",
	"Not permitted",
	"Not Set",
	"Note",
	"Occupied",
	"Onboarding",
	"Open",
	"Operations",
	"Party Bank Account",
	"Party Information",
	"Payment Received",
	"Pending",
	"Places",
	"Planned",
	"Primary Party",
	"Quarter",
	"Raised By (Email)",
	"Receipt",
	"Registered",
	"Reject",
	"Rejected",
	"Run",
	"Seller ID",
	"Started At",
	"To Date",
	"To Party Name",
	"To Pay",
	"Topics",
	"Total Revenue",
	"Totals",
	"Utilities",
	"Vacant",
	"Verified By",
	"Visited",
	"Work Done",
}


def test_the_app_retranslates_frappes_and_erpnexts_words_only_on_purpose():
	new = retranslated(upstream_translations()) - RETRANSLATED_ON_PURPOSE
	assert not new, (
		"translated otherwise than Frappe or ERPNext, everywhere in the desk: give the app's use a "
		f"msgid of its own, or add it to RETRANSLATED_ON_PURPOSE if it reads right everywhere: {sorted(new)}"
	)
	assert "Share" not in po_translations() and "Hold" not in po_translations()


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
		# Frappe's (the form sidebar: 共享 on 15, 分享 on 16), not a report column's 占比
		assert frappe._("Share") == upstream_translations()["Share"]
		assert frappe._("Last Edited by You") == "最后由您编辑"  # Frappe 16's sidebar, not in its catalogue
	finally:
		frappe.local.lang = "en"
	assert frappe._("Management Representative", lang="en") == "Management Representative"
