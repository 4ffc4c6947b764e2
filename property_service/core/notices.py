"""Telling a user about a record: in-app, by email and by SMS, as far as the site is set up."""

import frappe


def notify(users, doc, message: str) -> None:
	"""Tells `users` about `doc` through Frappe's Notification Log, which honours each user's
	Notification Settings (a user who turned notifications off gets none). Frappe never emails an
	"Alert" itself, so a user whose settings keep email on gets it here, where an outgoing Email
	Account is set; and a text where SMS Settings has a gateway.

	Code, not a Notification document, only for what a Notification cannot express: the overdue
	rows of a child table (a finding of an inspection round), an escalation's level reached by the
	hourly job, a month's batch of drafts told once."""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.desk.doctype.notification_settings.notification_settings import (
		is_email_notifications_enabled,
		is_notifications_enabled,
	)

	users = sorted({user for user in ([users] if isinstance(users, str) else users) if user})
	log = {"type": "Alert", "document_type": doc.doctype, "document_name": doc.name, "subject": message}
	make_notification_logs(frappe._dict(log), users)
	told = [user for user in users if is_notifications_enabled(user)]
	people = frappe.get_all(
		"User", {"name": ["in", told or [""]], "enabled": 1}, ["name", "email", "mobile_no"]
	)
	mail = frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1})
	for person in people:
		if mail and person.email and is_email_notifications_enabled(person.name):
			frappe.sendmail(
				recipients=[person.email],
				subject=message,
				message=message,
				reference_doctype=doc.doctype,
				reference_name=doc.name,
			)
	text([person.mobile_no for person in people if person.mobile_no], message)


def sms_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def text(numbers: list[str], message: str) -> bool:
	"""By SMS through Frappe's SMS Settings, where a gateway is set; returns whether it was sent."""
	if not numbers or not sms_configured():
		return False
	from frappe.core.doctype.sms_settings.sms_settings import send_sms

	send_sms(numbers, message, success_msg=False)
	return True


def site_language() -> str:
	"""What the app writes for others to read (notices to residents, assignment texts) is in the
	site's language, whatever the language of the user whose action wrote it."""
	return frappe.db.get_single_value("System Settings", "language") or "en"
