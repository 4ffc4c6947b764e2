"""Who is told what, as Frappe Notification records the office edits (wording, receivers, days):
each feature module declares its own (a `specs()` listed in hooks.py as
`property_service_notifications`). Made by install code when missing and never overwritten;
removed on uninstall. Subjects are rendered in the site's language; a user's Notification
Settings decide whether they are told."""

import frappe


def by_role(role: str) -> dict:
	return {"receiver_by_role": role}


def specs() -> list[dict]:
	return [
		spec
		for path in frappe.get_hooks("property_service_notifications")
		for spec in frappe.get_attr(path)()
	]


def ensure_notifications() -> None:
	for spec in specs():
		if not frappe.db.exists("Notification", spec["name"]):
			frappe.get_doc({"doctype": "Notification", "enabled": 1, **spec}).insert(ignore_permissions=True)


def remove_notifications() -> None:
	"""On uninstall: the notifications go with the app."""
	for spec in specs():
		frappe.delete_doc(
			"Notification", spec["name"], ignore_permissions=True, force=True, ignore_missing=True
		)
