"""pytest fixtures: a connection to the test site, rollback after each test, users, REST.

The test command (scripts/test) sets PS_TEST_SITE, PS_BENCH_DIR and PS_TEST_SERVER and runs
pytest as the bench user from the bench's copy of this app.
"""

import contextlib
import http.server
import os
import threading
import typing
import urllib.parse
from collections import defaultdict
from pathlib import Path

import frappe
import pytest
from playwright.sync_api import sync_playwright  # a missing package fails the run, never skips it

from property_service.core.compat import set_test_mode
from tests.utils import RestClient


def pytest_configure(config):
	for required in ("PS_TEST_SITE", "PS_BENCH_DIR"):
		if not os.environ.get(required):
			raise pytest.UsageError(f"{required} is not set: run the tests with scripts/test")
	# Frappe writes its logs to ../logs, relative to the sites folder; Frappe 16 opens one while
	# ERPNext's modules are imported (frappe.utils.pdf), which is while the tests are collected
	os.chdir(Path(os.environ["PS_BENCH_DIR"]) / "sites")


@pytest.fixture(scope="session", autouse=True)
def site():
	"""Connects to the test site once for the whole run, as Frappe's own test runner does."""
	sites_path = Path(os.environ["PS_BENCH_DIR"]) / "sites"
	name = os.environ["PS_TEST_SITE"]
	os.chdir(sites_path)  # (pytest_configure did; a test may have moved)
	frappe.init(site=name, sites_path=str(sites_path))
	frappe.connect()
	set_test_mode(True)
	# as Frappe's own test runner: with in_test, Frappe sends a queued mail at once and commits
	# its status, which would keep a test's records (each test mutes again: `rollback`); the mail
	# tests turn this off themselves
	frappe.set_user("Administrator")
	ensure_outgoing_account()
	yield name
	frappe.destroy()


def ensure_outgoing_account() -> None:
	"""A default outgoing Email Account on the test site, never sent through (mail is muted):
	with mail muted and no account, Frappe's stand-in account has no address and every
	notification mail (assignments, alerts) fails while being queued."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": "Test Site Outgoing",
			"email_id": "notifications@test.invalid",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": "25",
			"no_smtp_authentication": 1,
			"awaiting_password": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: the site's own set-up for tests, kept between runs


LEAK_WATCH = (
	"User",
	"Contact",
	"Property Owner",
	"Property Unit",
	"Service Request",
	"Complaint",
	"Customer",
	"Special Service",
	"Sales Invoice",
	"Notice",
	"Fee Plan",
	"Meter Reading",
)


@pytest.fixture(scope="session", autouse=True)
def nothing_leaks(site):
	"""Fails the run when tests leave records behind (a commit inside a rolled-back test, say a
	background job run at once, would do that)."""
	before = {doctype: frappe.db.count(doctype) for doctype in LEAK_WATCH}
	yield
	frappe.db.rollback()
	after = {doctype: frappe.db.count(doctype) for doctype in LEAK_WATCH}
	leaked = {
		doctype: after[doctype] - before[doctype]
		for doctype in LEAK_WATCH
		if after[doctype] > before[doctype]
	}
	assert not leaked, f"tests left records behind: {leaked}"


@pytest.fixture(autouse=True)
def rollback(site):
	"""Logic tests leave nothing behind: their writes are rolled back after each test."""
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True  # Frappe's Data Import turns it off when it finishes
	frappe.local.lang = "en"  # sending a notification in a user's language leaves it switched
	# a request a test made up (set_request) does not outlive it: Frappe commits the access log of
	# a print in a GET request, and with it the next test's writes
	with contextlib.suppress(AttributeError):
		del frappe.local.request
	# each test is a request of its own: what the last one looked up once per request is gone
	frappe.local.request_cache = defaultdict(dict)
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.flags.pop("ignore_permissions", None)


@pytest.fixture(scope="session")
def server():
	"""The base URL of the web server the test command started for this site."""
	url = os.environ.get("PS_TEST_SERVER")
	if not url:
		if os.environ.get("CI"):  # in CI a test that needs the server never skips silently
			pytest.fail("PS_TEST_SERVER is not set")
		pytest.skip("no web server: run the tests with scripts/test")
	return url


@pytest.fixture
def rest(server, site):
	"""A REST client for the test server; log in with `rest.login(user, password)`."""
	client = RestClient(server, site)
	yield client
	client.close()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser(server):
	"""Debian's chromium through Playwright (no downloaded browser)."""
	if not os.path.exists(CHROMIUM):
		pytest.fail(f"{CHROMIUM} is missing: apt install chromium")
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=CHROMIUM,
			args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
		)
		yield browser
		browser.close()


class Gateway(http.server.BaseHTTPRequestHandler):
	"""An SMS gateway on 127.0.0.1 recording what Frappe's SMS Settings send it (the provider is
	outside the product; Frappe's sending code runs for real)."""

	received: typing.ClassVar[list] = []

	def do_GET(self):
		Gateway.received.append(dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query)))
		self.send_response(200)
		self.end_headers()
		self.wfile.write(b"OK")

	def log_message(self, *args):
		pass


@pytest.fixture
def sms_gateway():
	server = http.server.HTTPServer(("127.0.0.1", 0), Gateway)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	settings = frappe.get_doc("SMS Settings")
	settings.update(
		{
			"sms_gateway_url": f"http://127.0.0.1:{server.server_port}/send",
			"message_parameter": "text",
			"receiver_parameter": "to",
		}
	)
	settings.save()
	Gateway.received.clear()
	yield Gateway.received
	server.shutdown()
