"""Renovation on the resident portal in Chromium at 390 px, in Chinese: a resident applies for
their unit with a drawing and follows the application; another resident sees nothing of it."""

import frappe
import pytest

from tests.portal_world import make_world, purge_world
from tests.test_portal_browser import PHONE, log_in, open_page, png, screenshot


@pytest.fixture(scope="module")
def world(site):
	world = make_world()
	yield world
	frappe.db.rollback()
	for name in frappe.get_all("Renovation Application", {"unit": world.unit}, pluck="name"):
		frappe.db.delete("File", {"attached_to_doctype": "Renovation Application", "attached_to_name": name})
		frappe.delete_doc("Renovation Application", name, force=True, ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: clean-up of committed test data
	purge_world(world)


def test_a_resident_applies_with_a_drawing_and_follows_it(browser, server, world, tmp_path):
	page = open_page(browser, server)
	log_in(page, world.resident)
	page.click("#renovation")
	page.wait_for_selector("#renovation-form")
	page.select_option("#unit", world.unit)
	page.fill("#start_date", frappe.utils.add_days(frappe.utils.today(), 3))
	page.fill("#end_date", frappe.utils.add_days(frappe.utils.today(), 33))
	page.fill("#scope", "厨房卫生间翻新，不动承重墙")
	page.fill("#contractor", "安居装饰")
	page.set_input_files("#drawings", str(png(tmp_path / "plan.png")))
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	screenshot(page, "resident-renovation")
	page.click("#submit-renovation")
	page.wait_for_selector("[data-application]", timeout=30_000)
	card = page.inner_text("[data-application]")
	assert "已提交" in card and "厨房卫生间翻新" in card
	frappe.db.rollback()
	doc = frappe.get_doc("Renovation Application", {"unit": world.unit})
	owner = frappe.db.get_value("Property Owner", {"user": world.resident})
	assert (doc.applicant, doc.status, doc.contractor) == (owner, "Submitted", "安居装饰")
	assert len(doc.drawings) == 1 and doc.drawings[0].drawing.startswith("/private/files/")
	page.context.close()

	neighbour = open_page(browser, server)
	log_in(neighbour, world.neighbour)
	neighbour.goto("/resident/renovations")
	assert neighbour.locator("[data-application]").count() == 0
	neighbour.context.close()


def test_only_the_applicant_adds_drawings(world, rest, tmp_path):
	frappe.db.rollback()
	name = frappe.db.get_value("Renovation Application", {"unit": world.unit})
	assert name  # the application the test above made through the page
	changed = png(tmp_path / "v2.png")
	changed.write_bytes(changed.read_bytes() + b"v2")  # another drawing: other bytes
	for user, status in ((world.neighbour, 403), (world.resident, 200)):
		rest.login(user)
		with open(changed, "rb") as drawing:
			response = rest.post(
				"/api/method/property_service.api.portal.upload_renovation_file",
				data={"application": name, "kind": "drawing"},
				files={"file": ("v2.png", drawing, "image/png")},
			)
		assert response.status_code == status, response.text[:300]
	frappe.db.rollback()
	assert len(frappe.get_doc("Renovation Application", name).drawings) == 2
