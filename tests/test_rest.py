"""The REST helpers reach the test server, and its permission checks answer as users see them."""

import re

import frappe
import pytest

from tests.utils import TEST_PASSWORD, committed_user

pytestmark = pytest.mark.server


def test_guest_cannot_read_roles(rest):
	rest.login("Guest")
	assert rest.get("/api/resource/Role/Property Manager").status_code == 403


def test_administrator_reads_a_role_over_rest(rest):
	rest.login("Administrator")
	response = rest.get("/api/resource/Role/Property Manager")
	assert response.status_code == 200
	assert response.json()["data"]["desk_access"] == 1


def test_website_user_without_roles_is_refused(rest):
	with committed_user(user_type="Website User") as user:
		rest.login(user)
		assert rest.get("/api/method/frappe.auth.get_logged_user").json()["message"] == user
		assert rest.get("/api/resource/Role/Property Manager").status_code == 403


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
