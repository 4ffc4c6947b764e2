"""The app on a fresh site with ERPNext: before and after ERPNext's setup, twice, and uninstalled.

This test builds its own site (about three minutes) with the bench's commands, as an
administrator would, and drops it afterwards.
"""

import os

import pytest

from property_service.setup.roles import ROLES
from tests.sites import bench, site_eval
from tests.utils import unique

pytestmark = pytest.mark.slow

ROLE_STATE = (
	f"result = sorted(frappe.get_all('Role', filters={{'name': ['in', {list(ROLES)!r}]}}, pluck='name'))"
)


@pytest.fixture(scope="module")
def fresh_site():
	name = f"{unique('install')}.localhost"
	password = os.environ["PS_DB_ROOT_PASSWORD"]
	bench("new-site", name, "--db-root-username", "root", "--db-root-password", password,
		"--admin-password", "admin", "--install-app", "erpnext")  # fmt: skip
	try:
		yield name
	finally:
		bench("purge-jobs", "--site", name)  # what it queued, no worker ran
		bench("drop-site", name, "--force", "--no-backup", "--db-root-username", "root",
			"--db-root-password", password)  # fmt: skip


def test_install_reinstall_setup_uninstall_on_a_fresh_erpnext_site(fresh_site):
	site = fresh_site
	assert site_eval(site, "result = frappe.is_setup_complete()") is False

	# 1. installs on a site whose ERPNext setup wizard has not run (the catalog waits for it)
	bench("--site", site, "install-app", "property_service")
	assert site_eval(site, "result = frappe.db.count('Item')") == 0
	assert site_eval(site, ROLE_STATE) == sorted(ROLES)
	assert site_eval(site, "result = frappe.db.get_value('Role', 'Property Resident', 'desk_access')") == 0
	assert site_eval(
		site, "result = frappe.get_all('Module Def', {'app_name': 'property_service'}, pluck='name')"
	)

	# 2. running the install code again, and migrate, changes nothing
	role_count = site_eval(site, "result = frappe.db.count('Role')")
	site_eval(site, "from property_service.setup.install import after_install\nafter_install()")
	bench("--site", site, "migrate")
	assert site_eval(site, "result = frappe.db.count('Role')") == role_count
	assert site_eval(site, ROLE_STATE) == sorted(ROLES)

	# 3. ERPNext's setup completes with the app installed
	site_eval(
		site, "from property_service.setup.erpnext_setup import complete_setup\nresult = complete_setup()"
	)
	assert site_eval(site, "result = frappe.is_setup_complete()") is True
	# the site speaks Chinese to whoever has no language of their own (15 reads the default, 16 the settings)
	assert site_eval(site, "result = frappe.db.get_single_value('System Settings', 'language')") == "zh"
	assert site_eval(site, "result = frappe.db.get_default('lang')") == "zh"
	assert site_eval(site, "result = frappe.db.count('Item', {'item_group': 'Repair Services'})") == 21
	bench("--site", site, "migrate")

	# 4. uninstall removes the app's unreferenced roles and leaves ERPNext working
	site_eval(site, "frappe.get_doc('User', 'Administrator').add_roles('Archive Clerk')")
	bench("--site", site, "uninstall-app", "property_service", "--yes", "--no-backup", "--force")
	assert "property_service" not in site_eval(site, "result = frappe.get_installed_apps()")
	assert site_eval(site, ROLE_STATE) == ["Archive Clerk"]
	assert not site_eval(site, "result = frappe.get_all('Module Def', {'app_name': 'property_service'})")
	customer = site_eval(
		site,
		"""
		c = frappe.get_doc({'doctype': 'Customer', 'customer_name': 'After Uninstall',
			'customer_group': frappe.get_all('Customer Group', {'is_group': 0}, pluck='name', limit=1)[0],
			'territory': frappe.get_all('Territory', {'is_group': 0}, pluck='name', limit=1)[0]}).insert()
		result = c.name
		""",
	)
	assert customer
	bench("--site", site, "migrate")

	# 5. installs again on a site whose setup is complete
	bench("--site", site, "install-app", "property_service")
	assert site_eval(site, ROLE_STATE) == sorted(ROLES)
