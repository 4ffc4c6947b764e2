"""PDFs work out of the box: a Service Request and a Sales Invoice download as PDF through the
test server, with their Chinese text (wkhtmltopdf, the CJK fonts and the /etc/hosts entry the
set-up adds)."""

import subprocess
import unicodedata

import frappe
import pytest

from property_service.billing.invoices import make_invoice
from tests.portal_world import make_world, purge_world
from tests.utils import unique


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	request = frappe.get_doc(
		{"doctype": "Service Request", "unit": world.unit, "description": "厨房下水道堵塞"}
	).insert()
	customer = frappe.db.get_value("Property Owner", world.owners[0], "customer")
	company = frappe.db.get_value("Community", world.community, "company")
	invoice = make_invoice(
		unique("PDF"),
		customer=customer,
		company=company,
		items=[{"item_code": "清洁抽油烟机", "qty": 1, "rate": 120}],
		property_unit=world.unit,
	)
	world.request, world.invoice = request.name, invoice.name
	frappe.db.commit()  # nosemgrep: the web server is another process
	yield world
	purge_world(world)


SAME_GLYPH = str.maketrans({"\u2ec5": "见", "\u2ed4": "门", "\u2ea0": "民", "\u2ec6": "角", "戶": "户"})


def pdf_text(rest, server, doctype: str, name: str, **params) -> str:
	rest.login("Administrator")
	# the port in Host: the page's assets are fetched from the site's URL as the browser names it
	port = server.rsplit(":", 1)[1]
	response = rest.get(
		"/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": doctype, "name": name, **params},
		headers={"Host": f"{frappe.local.site}:{port}"},
	)
	assert response.status_code == 200, response.text[-1500:]  # the error is at the end
	assert response.content.startswith(b"%PDF")
	text = subprocess.run(
		["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
	).stdout.decode()
	# pdftotext gives some characters as Kangxi radicals (NFKC folds those) or as the radical
	# supplement's and traditional forms sharing the glyph (folded here)
	return unicodedata.normalize("NFKC", text).translate(SAME_GLYPH)


def test_a_service_request_prints_as_a_pdf_in_chinese(world, rest, server):
	assert "厨房下水道堵塞" in pdf_text(rest, server, "Service Request", world.request)


def test_a_sales_invoice_prints_as_a_pdf_in_chinese(world, rest, server):
	assert "清洁抽油烟机" in pdf_text(rest, server, "Sales Invoice", world.invoice)


def test_the_opinion_survey_report_prints_in_chinese(world, rest, server):
	"""The written report to the office manager (seed 12.1.2 (1) 2): figures, items, opinions."""
	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": unique("调查"),
			"community": world.community,
			"start_date": frappe.utils.today(),
			"end_date": frappe.utils.add_days(frappe.utils.today(), 10),
		}
	).insert()
	try:
		survey.open()
		response = frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": survey.name,
				"unit": world.unit,
				"channel": "Phone",
				"ratings": [
					{"area": survey.items[0].area, "rating": "Dissatisfied", "opinion": "楼道灯常坏"}
				],
			}
		).insert()
		frappe.db.commit()  # nosemgrep: the web server is another process
		text = pdf_text(
			rest, server, "Opinion Survey", survey.name, format="Opinion Survey Report", language="zh"
		)
		for words in ("业主意见调查报告", "供电管理", "楼道灯常坏", "回收份数", "50.0%"):
			assert words in text, words
		form = pdf_text(
			rest, server, "Survey Response", response.name, format="Owner Opinion Survey Form", language="zh"
		)
		# the household's own form, with its unit and phone (单元号, 电话)
		for words in ("业主意见调查表", "供电管理", "不满意", "楼道灯常坏", "单元号", "电话"):
			assert words in form, words
	finally:
		frappe.db.rollback()
		for name in frappe.get_all("Survey Response", {"opinion_survey": survey.name}, pluck="name"):
			frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
		frappe.delete_doc("Notice", survey.opening_notice, force=True, ignore_permissions=True)
		frappe.delete_doc("Opinion Survey", survey.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_the_vacant_unit_inspection_form_prints_in_chinese(world, rest, server):
	from property_service.core.periods import period_of

	frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 0)
	doc = frappe.get_doc(
		{"doctype": "Vacant Unit Inspection", "unit": world.other_unit, "period": period_of()}
	).insert()
	doc.checklist[0].update({"result": "Needs Repair", "note": "窗户关不严"})
	doc.save()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		text = pdf_text(
			rest,
			server,
			"Vacant Unit Inspection",
			doc.name,
			format="Vacant Unit Inspection Form",
			language="zh",
		)
		for words in ("空置房检查表", "门窗", "窗户关不严", "需维修"):
			assert words in text, words
	finally:
		frappe.db.rollback()
		frappe.db.delete("Vacant Unit Inspection Item", {"parent": doc.name})
		frappe.db.delete("Vacant Unit Inspection", {"name": doc.name})
		frappe.db.set_value("Property Owner Unit", {"unit": world.other_unit}, "lives_here", 1)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_the_renovation_application_form_prints_in_chinese(world, rest, server):
	doc = frappe.get_doc(
		{
			"doctype": "Renovation Application",
			"unit": world.unit,
			"start_date": frappe.utils.today(),
			"end_date": frappe.utils.add_days(frappe.utils.today(), 20),
			"scope": "卫生间防水重做",
			"contractor": "安居装饰",
			"workers": [{"worker_name": "李师傅", "trade": "泥瓦工"}],
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		text = pdf_text(
			rest,
			server,
			"Renovation Application",
			doc.name,
			format="Renovation Application Form",
			language="zh",
		)
		for words in ("装修申请表", "卫生间防水重做", "安居装饰", "李师傅", "装修押金"):
			assert words in text, words
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Renovation Application", doc.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_the_emergency_drill_report_prints_in_chinese(world, rest, server):
	doc = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": "档案室失火",
			"community": world.community,
			"drill_date": frappe.utils.add_days(frappe.utils.now_datetime(), -1),
			"location": "管理处档案室",
			"participants": [
				{"participant_type": "Other", "participant_name": "张保安", "drill_role": "灭火"}
			],
			"situation_report": "<p>全员五分钟内到位</p>",
			"improvements": [{"improvement": "灭火器移至门口"}],
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		text = pdf_text(
			rest, server, "Emergency Drill", doc.name, format="Emergency Drill Report", language="zh"
		)
		for words in (
			"演练报告",
			"档案室失火",
			"发现火情并报警",
			"张保安",
			"全员五分钟内到位",
			"灭火器移至门口",
			"改进方案",
		):
			assert words in text, words
	finally:
		frappe.db.rollback()
		frappe.delete_doc("Emergency Drill", doc.name, force=True, ignore_permissions=True)
		frappe.db.commit()  # nosemgrep: clean-up of committed test data


def test_the_seeds_paper_forms_print_in_chinese(world, rest, server):
	"""回访工作记录表, 业主意见调查表, 投诉来访记录, 派工单/回单, 纠正措施报告, 访问业主记录 as PDFs in
	Chinese."""
	from property_service.customer_service.corrective_actions import make_corrective_action

	complaint = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": world.unit,
			"description": "楼上装修噪音扰民",
			"complaint_category": "Other",
		}
	).insert()
	callback = frappe.get_doc(
		{"doctype": "Callback Record", "reference_doctype": "Complaint", "reference_name": complaint.name}
	).insert()
	frappe.db.set_value(
		"Callback Record", callback.name, {"content_and_result": "业主表示噪音已减少", "refused_to_sign": 1}
	)
	action = make_corrective_action("Complaint", complaint.name, "装修时间管理不严")
	repair = frappe.get_doc(
		{
			"doctype": "Service Request",
			"unit": world.unit,
			"description": "卫生间水管漏水",
			"resolution": "更换三通阀",
			"materials": [{"material": "三通阀", "qty": 1, "uom": "个"}],
			"slip_signed": 1,
		}
	).insert()
	handover = frappe.get_doc(
		{
			"doctype": "Move-In Handover",
			"unit": world.unit,
			"property_owner": world.owners[0],
			"meter_readings": [{"meter_type": "Water", "reading": 120.5}],
			"signed": 1,
		}
	).insert()
	handover.documents[1].signed = 1
	handover.save()
	owner = world.owners[0]
	visit = frappe.get_doc(
		{
			"doctype": "Owner Visit",
			"unit": world.unit,
			"property_owner": owner,
			"visit_mode": "Phone",
			"visit_date": frappe.utils.today(),
			"topic_management": 1,
			"notes": "询问对保洁的意见",
		}
	).insert()
	frappe.db.commit()  # nosemgrep: the web server is another process
	try:
		for doctype, name, form, words in (
			(
				"Callback Record",
				callback.name,
				"Callback Work Record",
				("回访工作记录表", "编号", "楼座", "业主表示噪音已减少", "拒绝签名", "回访人员签名"),
			),
			("Complaint", complaint.name, "Complaint Visit Record", ("投诉来访记录", "楼上装修噪音扰民")),
			(
				"Move-In Handover",
				handover.name,
				"Move-In Handover Form",
				(
					"入伙交接单",
					"交房验房",
					"门窗",
					"入户门",
					"水",
					"前期物业服务协议",
					"☑",
					"已在纸质表上签名",
				),
			),
			(
				"Service Request",
				repair.name,
				"Work Order Slip",
				("派工单/回单", "卫生间水管漏水", "三通阀", "维修人员签名", "已在纸质表上签名", "回单时间"),
			),
			("Corrective Action", action, "Corrective Action Report", ("纠正措施报告", "装修时间管理不严")),
			("Owner Visit", visit.name, "Owner Visit Record", ("访问业主记录", "询问对保洁的意见", "☑")),
		):
			text = pdf_text(rest, server, doctype, name, format=form, language="zh")
			for word in words:
				assert word in text, (form, word)
	finally:
		frappe.db.rollback()
		for doctype, name in (
			("Corrective Action", action),
			("Callback Record", callback.name),
			("Service Request", repair.name),
			("Move-In Handover", handover.name),
			("Owner Visit", visit.name),
			("Complaint", complaint.name),
		):
			for table in frappe.get_meta(doctype).get_table_fields():
				frappe.db.delete(table.options, {"parent": name, "parenttype": doctype})
			frappe.db.delete(doctype, {"name": name})  # plain deletes: the clean-up cannot stop halfway
		frappe.db.commit()  # nosemgrep: clean-up of committed test data
