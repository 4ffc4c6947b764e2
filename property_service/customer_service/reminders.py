"""Answer By reminders (seed 12.1.2 (4)): a question a callback could not answer at once must be
answered by its date; the day after, the agent is reminded, and a day later the customer-service
supervisors. They are Frappe Notification records ("Days After" on `answer_by`), made by install
code once and never overwritten, so the office edits their wording, days and receivers."""

import frappe

OPEN_QUESTION = "doc.open_question and not doc.answered_on"
REMINDERS = (
	# name, days after the Answer By date, receiver
	("Callback Answer Overdue - Agent", 1, {"receiver_by_document_field": "agent"}),
	("Callback Answer Overdue - Supervisor", 2, {"receiver_by_role": "Customer Service Supervisor"}),
)


def ensure_answer_by_reminders() -> None:
	for name, days, receiver in REMINDERS:
		if frappe.db.exists("Notification", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Notification",
				"name": name,
				# rendered in the site's language when the daily job sends it
				"subject": '{{ _("Callback question not answered by its date: {0} ({1})").format(doc.name, doc.unit) }}',
				"document_type": "Callback Record",
				"event": "Days After",
				"date_changed": "answer_by",
				"days_in_advance": days,
				"channel": "System Notification",
				"condition": OPEN_QUESTION,
				"message": "{{ doc.open_question }}",
				"recipients": [receiver],
				"enabled": 1,
			}
		).insert(ignore_permissions=True)


def remove_answer_by_reminders() -> None:
	"""On uninstall: the reminders go with the app."""
	for name, _days, _receiver in REMINDERS:
		frappe.delete_doc("Notification", name, ignore_permissions=True, force=True, ignore_missing=True)
