"""The set-up's sites keep CSRF protection on for cookie sessions (no `ignore_csrf` in their
config): the portal and the desk post with the session's token, scripts use API tokens."""

import re

import frappe
import pytest

from tests.utils import TEST_PASSWORD, committed_user

pytestmark = pytest.mark.server


def test_csrf_stays_on_for_cookie_sessions(rest):
	with committed_user(roles=("Customer Service Agent",)) as user:
		login = rest.post("/api/method/login", data={"usr": user, "pwd": TEST_PASSWORD})
		assert login.status_code == 200
		desk = rest.get("/app").text  # the desk page puts the session's CSRF token in the page
		token = re.search(r'csrf_token = "([^"]+)"', desk).group(1)
		todo = {"description": "csrf check", "allocated_to": user}
		refused = rest.post("/api/resource/ToDo", json=todo)
		assert refused.status_code == 400
		assert "CSRFTokenError" in refused.text
		accepted = rest.post("/api/resource/ToDo", json=todo, headers={"X-Frappe-CSRF-Token": token})
		assert accepted.status_code == 200, accepted.text[:2000]
		frappe.delete_doc("ToDo", accepted.json()["data"]["name"], force=True)
		# clean-up of data the server committed
		frappe.db.commit()  # nosemgrep
