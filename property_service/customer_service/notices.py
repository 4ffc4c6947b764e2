"""Telling a user about a record: in-app, by email and by SMS, as far as the site is set up."""

import frappe
from frappe.utils import today


def notify(user: str, doc, message: str) -> None:
	"""In-app; by email where an outgoing Email Account is set (queued: Frappe never emails
	"Alert" notifications itself); by SMS where SMS Settings has a gateway."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": doc.doctype,
			"document_name": doc.name,
			"subject": message,
		}
	).insert(ignore_permissions=True)
	email, mobile = frappe.db.get_value("User", user, ["email", "mobile_no"])
	if email and frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		frappe.sendmail(
			recipients=[email],
			subject=message,
			message=message,
			reference_doctype=doc.doctype,
			reference_name=doc.name,
		)
	if mobile:
		text([mobile], message)


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


def post_notice(community: str, title: str, body: str, until, notice: str | None = None) -> str:
	"""Posts a notice to a community's residents until a date, or brings `notice` up to date and
	published again; returns the notice's name."""
	values = {"title": title, "community": community, "published": 1, "publish_until": until, "body": body}
	if notice and frappe.db.exists("Notice", notice):
		doc = frappe.get_doc("Notice", notice)
		doc.update(values)
		return doc.save(ignore_permissions=True).name
	return (
		frappe.get_doc({"doctype": "Notice", "publish_from": today(), **values})
		.insert(ignore_permissions=True)
		.name
	)


def withdraw_notice(notice: str | None) -> None:
	"""Residents no longer see the notice (kept for the record)."""
	if notice and frappe.db.exists("Notice", notice):
		frappe.db.set_value("Notice", notice, "published", 0)
