"""The seed's second-pass forms in the desk, in Chromium and in Chinese: the move-in handover
(入伙交接) refuses to complete while the form lacks something and says what; the month's archive
filing offers its two actions; a planned safety meeting is held from the training plan; a
request shows its work order slip (派工单/回单) and prints it."""

import frappe
import pytest

from tests.factories import make_training_plan
from tests.portal_world import make_world, purge_world
from tests.test_desk_browser import desk_page
from tests.test_portal_browser import screenshot
from tests.utils import make_user


@pytest.fixture(scope="module")
def office(site):
	world = make_world()
	community, unit, owner = world.community, world.unit, world.owners[0]
	agent, technician = world.agent, world.technician
	clerk = make_user(roles=("Archive Clerk",))
	security = make_user(roles=("Security Supervisor",))
	manager = make_user(roles=("Property Manager",))
	world.extra_users = [clerk, security, manager]
	for user in (agent, clerk, security, manager):
		frappe.db.set_value("User", user, "language", "zh")
	handover = frappe.get_doc(
		{"doctype": "Move-In Handover", "unit": unit, "property_owner": owner, "handover_date": "2031-05-17"}
	).insert()
	filing = frappe.get_doc(
		{
			"doctype": "Archive Filing",
			"period": "2031-04",
			"community": community,
			"files": [{"record_type": "Property Unit", "record": unit, "missing": "业主签名"}],
		}
	).insert(ignore_permissions=True)
	plan = make_training_plan(community)
	request = frappe.get_doc(
		{
			"doctype": "Service Request",
			"unit": unit,
			"description": "卫生间水管漏水",
			"technician": technician,
			"materials": [{"material": "三通阀", "qty": 1}],
		}
	).insert()
	roster = frappe.get_doc(
		{
			"doctype": "Duty Roster",
			"community": community,
			"duty_date": "2031-05-06",
			"people": [{"user": technician}],
		}
	).insert()
	callback = frappe.get_doc({"doctype": "Callback Record", "unit": unit})
	callback.append("attempts", {"callback_method": "Phone", "outcome": "Not at Home", "note": "晚上再打"})
	callback.insert()
	summary = frappe.get_doc(
		{"doctype": "Owner Visit Summary", "kind": "Agent Summary", "period": "2031-04", "author": agent}
	).insert()
	frappe.db.set_value(  # submitted by the agent and reviewed by the manager (tests/test_visits.py)
		"Owner Visit Summary",
		summary.name,
		{"status": "Submitted", "review_comment": "已阅，建议跟进快递柜", "reviewed_by": manager},
	)
	frappe.db.commit()  # nosemgrep: the browser reaches another process
	yield frappe._dict(
		manager=manager,
		roster=roster.name,
		callback=callback.name,
		summary=summary.name,
		agent=agent,
		clerk=clerk,
		security=security,
		handover=handover.name,
		filing=filing.name,
		plan=plan.name,
		request=request.name,
	)
	frappe.db.rollback()
	for name in frappe.get_all("Training Session", {"training_plan": plan.name}, pluck="name"):
		frappe.delete_doc("Training Session", name, force=True)
	for doctype, name in (
		("Training Plan", plan.name),
		("Archive Filing", filing.name),
		("Duty Roster", roster.name),
		("Owner Visit Summary", summary.name),
	):
		frappe.db.delete("ToDo", {"reference_name": name})
		frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)  # the handover and the request with the world's unit


def test_the_move_in_handover_says_what_it_lacks(browser, server, office):
	page = desk_page(browser, server, office.agent)
	page.goto(f"/app/move-in-handover/{office.handover}")
	page.wait_for_selector("text=交房验房", timeout=30_000)
	body = page.locator("body").inner_text()
	for words in ("入伙交接", "门窗", "入户门", "前期物业服务协议", "表底读数", "起征日期"):
		assert words in body, words
	screenshot(page, "desk-move-in-handover")
	page.get_by_role("button", name="完成入伙交接").click()
	message = page.locator(".modal-dialog:visible .msgprint")
	message.wait_for(timeout=30_000)
	assert "入伙交接尚缺" in message.inner_text() and "业主签名" in message.inner_text()
	page.context.close()
	assert frappe.db.get_value("Move-In Handover", office.handover, "status") == "Draft"


def test_the_months_filing_and_its_actions(browser, server, office):
	page = desk_page(browser, server, office.clerk)
	page.goto(f"/app/archive-filing/{office.filing}")
	page.wait_for_selector("text=本月归档完毕", timeout=30_000)
	body = page.locator("body").inner_text()
	for words in ("月度归档", "重新核对", "完整率", "已入档", "业主签名"):
		assert words in body, words
	screenshot(page, "desk-archive-filing")
	page.get_by_role("button", name="本月归档完毕").click()
	message = page.locator(".modal-dialog:visible .msgprint")
	message.wait_for(timeout=30_000)
	assert "请先勾选所有已入档的记录" in message.inner_text()
	page.context.close()


def test_a_safety_meeting_is_held_from_the_plan(browser, server, office):
	page = desk_page(browser, server, office.security)
	page.goto(f"/app/training-plan/{office.plan}")
	page.get_by_role("button", name="实施计划培训").click()
	dialog = page.locator(".modal-dialog:visible")
	dialog.wait_for(timeout=30_000)
	screenshot(page, "desk-training-plan-hold")
	dialog.get_by_role("button", name="实施培训").click()
	page.wait_for_url("**/{app,desk}/training-session/**", timeout=30_000)
	page.wait_for_selector("text=消防器材检查", timeout=30_000)
	assert "安全会议" in page.locator("body").inner_text()
	page.context.close()
	frappe.db.rollback()
	line = frappe.get_doc("Training Plan", office.plan).items[0]
	assert (
		line.session
		and frappe.db.get_value("Training Session", line.session, "training_type") == "Safety Meeting"
	)


def test_a_request_shows_and_prints_its_work_order_slip(browser, server, office):
	page = desk_page(browser, server, office.agent)
	page.goto(f"/app/service-request/{office.request}")
	page.wait_for_selector("text=维修人员签名", timeout=30_000)
	assert "派工单/回单" in page.locator("body").inner_text()
	page.goto(
		f"/printview?doctype=Service%20Request&name={office.request}&format=Work%20Order%20Slip&_lang=zh"
	)
	page.wait_for_selector("text=派工单/回单", timeout=30_000)
	printed = page.locator("body").inner_text()
	for words in ("卫生间水管漏水", "三通阀", "维修人员签名", "业主签名", "回单时间"):
		assert words in printed, words
	screenshot(page, "print-work-order-slip")
	page.context.close()


@pytest.mark.parametrize(
	("doctype", "key", "words"),
	[
		("Duty Roster", "roster", ("值班表", "值班日期", "当班人员")),
		("Callback Record", "callback", ("待回访", "未联系上的尝试", "不在家", "晚上再打")),
		("Owner Visit Summary", "summary", ("审阅意见", "已阅，建议跟进快递柜", "审阅人")),
	],
)
def test_the_first_passs_forms_read_in_chinese(browser, server, office, doctype, key, words):
	"""The duty roster, a callback's attempts and the manager's review of a visit summary, as the
	office manager reads them."""
	page = desk_page(browser, server, office.manager)
	page.goto(f"/app/{doctype.lower().replace(' ', '-')}/{office[key]}")
	page.wait_for_selector(f"text={words[0]}", timeout=30_000)
	page.wait_for_timeout(500)
	screenshot(page, f"desk-{doctype.lower().replace(' ', '-')}")
	# what the form shows: its text and what its editable fields hold
	shown = page.locator("body").inner_text() + "".join(
		page.eval_on_selector_all("textarea, input", "(fields) => fields.map((f) => f.value)")
	)
	for word in words:
		assert word in shown, (doctype, word)
	page.context.close()
