"""A drill run live on a phone, in Chromium at 390 px and in Chinese: the security supervisor
starts it and presses each step's button (the form's primary action, in view on a phone), the
actual minutes are recorded, and the drill finishes; an incident is marked handled from its
form and reads 待处理 before."""

import frappe
import pytest
from frappe.utils import now_datetime

from tests.factories import make_community
from tests.test_desk_browser import desk_page, status_words, wait_for_status
from tests.test_portal_browser import PHONE, screenshot
from tests.utils import delete_user, make_user

PLAN = "可疑物品处置"


@pytest.fixture(scope="module")
def drill_world(site):
	community = make_community()
	security = make_user(roles=("Security Supervisor",))
	frappe.db.set_value("User", security, "language", "zh")
	drill = frappe.get_doc(
		{
			"doctype": "Emergency Drill",
			"emergency_plan": PLAN,
			"community": community,
			"drill_date": now_datetime(),
			"tell_residents": 0,
		}
	).insert()
	incident = frappe.get_doc(
		{"doctype": "Emergency Incident", "community": community, "description": "楼道发现可疑包裹"}
	).insert()
	frappe.db.commit()  # nosemgrep: the browser reaches another process
	yield frappe._dict(security=security, drill=drill.name, incident=incident.name, community=community)
	frappe.db.rollback()
	for name in frappe.get_all("Corrective Action", {"reference_name": drill.name}, pluck="name"):
		frappe.delete_doc("Corrective Action", name, force=True)
	frappe.db.delete("Notification Log", {"document_name": ["in", [drill.name, incident.name]]})
	frappe.delete_doc("Emergency Drill", drill.name, force=True)
	frappe.delete_doc("Emergency Incident", incident.name, force=True)
	frappe.delete_doc("Community", community, force=True)
	delete_user(security)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data


def primary(page):
	return page.locator(".page-head .primary-action:visible")


def wait_for_primary(page, text: str) -> None:
	"""Until the form's visible primary button reads `text` (the next action, after a reload)."""
	page.wait_for_function(
		"(text) => [...document.querySelectorAll('.page-head .primary-action')].some("
		"(b) => b.offsetParent && b.innerText.trim() === text)",
		arg=text,
		timeout=30_000,
	)


def test_a_drill_is_run_step_by_step_on_a_phone(browser, server, drill_world):
	steps = [row.step for row in frappe.get_doc("Emergency Plan", PLAN).steps]
	page = desk_page(browser, server, drill_world.security, viewport=PHONE)
	page.goto(f"/app/emergency-drill/{drill_world.drill}")
	page.wait_for_selector(".page-head .primary-action:visible", timeout=30_000)
	assert primary(page).inner_text().strip() == "开始演练"
	primary(page).click()
	for step in steps:
		wait_for_primary(page, f"完成：{step}")
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		if step == steps[0]:
			screenshot(page, "desk-drill-phone")
		primary(page).click()
	wait_for_primary(page, "结束演练")
	primary(page).click()
	wait_for_status(page, "已完成")
	frappe.db.rollback()
	drill = frappe.get_doc("Emergency Drill", drill_world.drill)
	assert drill.status == "Done" and drill.started_on and drill.ended_on
	assert all(row.done_at and row.actual_minutes >= 1 for row in drill.steps)
	assert drill.actual_total == len(steps)  # each step done within its first minute
	page.context.close()


def test_an_incident_reads_pending_and_is_marked_handled(browser, server, drill_world):
	page = desk_page(browser, server, drill_world.security, viewport=PHONE)
	page.goto(f"/app/emergency-incident/{drill_world.incident}")
	page.wait_for_selector(".page-head .primary-action:visible", timeout=30_000)
	assert "待处理" in status_words(page)
	page.locator("[data-fieldname='handling'] textarea").fill("保安封锁楼道，报警，警方确认为快递包裹")
	page.keyboard.press("Control+s")
	wait_for_primary(page, "标记为已处理")
	primary(page).click()
	wait_for_status(page, "已处理")
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Incident", drill_world.incident, "status") == "Handled"
	page.context.close()
