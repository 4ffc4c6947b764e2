"""Owner engagement on the resident portal in a real browser (Debian's chromium, Playwright) at
390 px, in Chinese: answering an opinion survey from the home page, and signing up for a
community activity and withdrawing."""

import frappe
import pytest
from frappe.utils import add_days, now_datetime, today

from tests.portal_world import make_world, purge_world
from tests.test_portal_browser import PHONE, log_in, open_page, screenshot


def zh(text: str) -> str:
	return frappe._(text, lang="zh")


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	survey = frappe.get_doc(
		{
			"doctype": "Opinion Survey",
			"title": "2026年下半年业主意见调查",
			"community": world.community,
			"start_date": today(),
			"end_date": add_days(today(), 14),
		}
	).insert()
	survey.open()
	event = frappe.get_doc(
		{
			"doctype": "Community Activity",
			"title": "中秋游园会",
			"community": world.community,
			"starts_on": add_days(now_datetime(), 5),
			"place": "中心花园",
			"capacity": 30,
			"status": "Open",
		}
	).insert()
	world.survey, world.activity = survey.name, event.name
	frappe.db.commit()  # nosemgrep: the browser is another process
	yield world
	frappe.db.rollback()
	frappe.db.delete("Activity Signup", {"activity": event.name})
	frappe.delete_doc("Community Activity", event.name, force=True, ignore_permissions=True)
	for name in frappe.get_all("Survey Response", {"opinion_survey": survey.name}, pluck="name"):
		frappe.delete_doc("Survey Response", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Opinion Survey", survey.name, force=True, ignore_permissions=True)
	frappe.db.delete("Notice", {"community": world.community})
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


def fits(page) -> None:
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_resident_answers_the_survey_on_a_phone(browser, server, world):
	page = open_page(browser, server)
	log_in(page, world.resident)
	card = page.locator(f'[data-survey="{world.survey}"]')
	assert "2026年下半年业主意见调查" in card.inner_text()
	assert zh("Owners' opinion survey: {0}").format("2026年下半年业主意见调查") in page.inner_text(
		"body"
	)  # the notice
	fits(page)
	card.click()
	page.wait_for_selector("#survey-form")
	areas = page.locator("fieldset[data-area]")
	assert areas.count() == 8
	assert zh("Power Supply") == "供电管理" and zh("Power Supply") in areas.nth(0).inner_text()
	assert zh("Fairly Satisfied") in areas.nth(0).inner_text()
	fits(page)
	screenshot(page, "resident-survey")
	for i in range(8):
		areas.nth(i).locator('input[value="Satisfied"]').check()
	areas.nth(1).locator('input[value="Dissatisfied"]').check()
	areas.nth(1).locator("textarea").fill("高峰时段水压低")
	page.fill("#comments", "总体满意")
	page.click("#submit-survey")
	page.wait_for_selector(f'[data-answer="{world.unit}"]', timeout=30_000)
	answered = page.inner_text(f'[data-answer="{world.unit}"]')
	assert zh("Dissatisfied") in answered and "高峰时段水压低" in answered
	assert page.locator("#survey-form").count() == 0
	screenshot(page, "resident-survey-answered")
	frappe.db.rollback()
	response = frappe.get_doc("Survey Response", {"opinion_survey": world.survey, "unit": world.unit})
	assert response.channel == "Portal"
	assert [row.rating for row in response.ratings][:2] == ["Satisfied", "Dissatisfied"]
	survey = frappe.get_doc("Opinion Survey", world.survey)
	assert (survey.responses, survey.answers, survey.satisfied) == (1, 8, 7)
	page.goto("/resident")
	assert page.locator(f'[data-survey="{world.survey}"]').count() == 0  # answered: off the home page
	page.context.close()


def test_a_resident_signs_up_for_an_activity_and_withdraws(browser, server, world):
	page = open_page(browser, server)
	log_in(page, world.resident)
	card = page.locator(f'[data-activity="{world.activity}"]').first
	assert "中秋游园会" in card.inner_text() and "中心花园" in card.inner_text()
	card.locator('input[name="people"]').fill("2")
	card.locator('button[type="submit"]').click()
	page.wait_for_selector("[data-withdraw]", timeout=30_000)
	assert zh("Signed up: {0} people").format(2) in page.inner_text(f'div[data-activity="{world.activity}"]')
	fits(page)
	screenshot(page, "resident-activity")
	frappe.db.rollback()
	assert frappe.db.get_value("Community Activity", world.activity, ["households", "people"]) == (1, 2)
	page.click("[data-withdraw]")
	page.wait_for_selector(f'form.ps-signup[data-activity="{world.activity}"]', timeout=30_000)
	frappe.db.rollback()
	assert frappe.db.get_value("Community Activity", world.activity, "people") == 0
	page.context.close()
