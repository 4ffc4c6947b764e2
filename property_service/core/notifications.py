"""Who is told what, as Frappe Notification records the office edits (wording, receivers, days):
each feature module declares its own (a `specs()` listed in hooks.py as
`property_service_notifications`). Made by install code when missing and never overwritten;
removed on uninstall. Subjects are rendered in the site's language; a user's Notification
Settings decide whether they are told.

A record of a community is told only to those who work there (`CommunityNotification`): staff
whom a User Permission limits to other communities are left out of its e-mails, in-app alerts
and SMS, whichever way the Notification names them (a role, a field, the assignees)."""

import frappe
from frappe.email.doctype.notification.notification import Notification

from property_service.core.permissions import community_of, works_in


class CommunityNotification(Notification):
	"""Frappe's Notification (override_doctype_class), keeping a community's news in it."""

	def get_list_of_recipients(self, doc, context):
		recipients, cc, bcc = super().get_list_of_recipients(doc, context)
		outside = outsiders(doc, "email", recipients + cc + bcc)
		return [[email for email in found if email not in outside] for found in (recipients, cc, bcc)]

	def get_receiver_list(self, doc, context):
		numbers = super().get_receiver_list(doc, context)
		outside = outsiders(doc, "mobile_no", numbers)
		return [number for number in numbers if number not in outside]


def outsiders(doc, field: str, values: list) -> set:
	"""Of `values` (e-mails or mobile numbers), those of users who do not work in the record's
	community; none for a record of no community."""
	community = doc.get("community") or community_of(doc.get("doctype"), doc.get("name"))
	if not (community and values):
		return set()
	users = frappe.get_all("User", filters={field: ["in", list(set(values))]}, fields=["name", field])
	return {user[field] for user in users if not works_in(user.name, community)}


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
