"""Takes the README's portal screenshots from the demo site as the demo resident, at phone size.

    scripts/screenshots            # needs scripts/setup's running site (http://127.0.0.1:8000)

Runs Debian's chromium through Playwright (from the bench's Python) and writes
docs/screenshots/*.png.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def main() -> None:
	OUT.mkdir(parents=True, exist_ok=True)
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path="/usr/bin/chromium", args=["--no-sandbox", "--lang=zh-CN"]
		)
		page = browser.new_context(base_url=BASE, viewport=PHONE, locale="zh-CN").new_page()
		page.goto("/login")
		page.fill("#login_email", "resident@demo.localhost")
		page.fill("#login_password", "demo-2026")
		page.click(".btn-login")
		page.wait_for_url("**/resident")
		page.screenshot(path=str(OUT / "resident-home.png"), full_page=True)
		if page.locator("[data-callback]").count():  # the demo's request to rate, while unrated
			page.click("[data-callback] >> nth=0")
			page.wait_for_selector("#rate-form")
			page.check('input[value="A - Satisfied"]')
			page.fill("#rate-comment", "师傅很准时，处理得很干净")
			page.screenshot(path=str(OUT / "resident-request.png"), full_page=True)
		page.goto("/resident/new")
		page.fill("#description", "阳台顶部渗水，墙皮脱落")
		page.screenshot(path=str(OUT / "resident-new.png"), full_page=True)
		page.goto("/services")
		page.screenshot(path=str(OUT / "services.png"))
		page.goto("/resident")
		page.click("[data-survey] >> nth=0")  # the demo's open survey, which the resident has not answered
		page.wait_for_selector("#survey-form")
		page.locator('input[value="Satisfied"]').first.check()
		page.screenshot(path=str(OUT / "resident-survey.png"))
		browser.close()
	print(f"screenshots in {OUT}")


if __name__ == "__main__":
	main()
