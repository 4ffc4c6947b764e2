"""Who is told what, as Frappe Notification records the office edits (wording, receivers, days).

Made by install code when missing and never overwritten; removed on uninstall. Subjects are
rendered in the site's language.

- Answer By reminders (seed 12.1.2 (4)): a question a callback could not answer at once must be
  answered by its date; the day after, the agent is reminded, and a day later the customer-service
  supervisors ("Days After" on `answer_by`).
- A "C" on a callback tells the customer-service supervisors; on a major complaint the office
  manager too (重大问题应上报管理处).
- A new complaint tells the role routed to be told beside the one handling it (routing.ROUTING).
- An emergency incident tells the security supervisors and the office manager when recorded; a
  major one the Management Representative too (safety/incidents.py texts them where SMS is set).
- A major complaint is reported up when registered (seed 12.1.5 (4)): to the Management
  Representative when the office manager is already responsible (a major fee complaint is
  reported to the company, 报请公司), otherwise to the office manager.
"""

import frappe

from property_service.customer_service.routing import routed_roles

OPEN_QUESTION = "doc.open_question and not doc.answered_on"
DISSATISFIED = 'doc.satisfaction == "C - Dissatisfied"'
CALLBACK_SUBJECT = (
	'{{ _("Callback question not answered by its date: {0} ({1})").format(doc.name, doc.unit) }}'
)
DISSATISFIED_SUBJECT = (
	'{{ _("Dissatisfied callback: {0} {1}").format(_(doc.reference_doctype), doc.reference_name) }}'
)
COMPLAINT_SUBJECT = '{{ _("Complaint {0}: {1}").format(doc.name, _(doc.complaint_category)) }}'
INCIDENT_SUBJECT = '{{ _("Emergency incident {0} ({1}): {2}").format(doc.name, _(doc.severity), doc.location or doc.unit or doc.community) }}'
MAJOR_SUBJECT = '{{ _("Major complaint {0}: {1}").format(doc.name, _(doc.complaint_category)) }}'


def by_role(role: str) -> dict:
	return {"receiver_by_role": role}


def specs() -> list[dict]:
	callback = {"document_type": "Callback Record", "channel": "System Notification"}
	complaint = {"document_type": "Complaint", "channel": "System Notification", "event": "New"}
	reminder = {**callback, "event": "Days After", "date_changed": "answer_by", "condition": OPEN_QUESTION}
	rated = {**callback, "event": "Value Change", "value_changed": "satisfaction"}
	made = [
		{
			**reminder,
			"name": "Callback Answer Overdue - Agent",
			"days_in_advance": 1,
			"subject": CALLBACK_SUBJECT,
			"message": "{{ doc.open_question }}",
			"recipients": [{"receiver_by_document_field": "agent"}],
		},
		{
			**reminder,
			"name": "Callback Answer Overdue - Supervisor",
			"days_in_advance": 2,
			"subject": CALLBACK_SUBJECT,
			"message": "{{ doc.open_question }}",
			"recipients": [by_role("Customer Service Supervisor")],
		},
		{
			**rated,
			"name": "Callback Dissatisfied - Supervisors",
			"condition": DISSATISFIED,
			"subject": DISSATISFIED_SUBJECT,
			"message": "{{ doc.content_and_result or '' }}",
			"recipients": [by_role("Customer Service Supervisor")],
		},
		{
			# the rating is copied to the complaint (callbacks.on_callback_rated)
			**complaint,
			"event": "Value Change",
			"value_changed": "satisfaction",
			"name": "Dissatisfied With a Major Complaint - Office",
			"condition": f'{DISSATISFIED} and doc.severity == "Major"',
			"subject": '{{ _("Dissatisfied callback on major complaint {0}").format(doc.name) }}',
			"message": "{{ doc.description }}",
			"recipients": [by_role("Property Manager")],
		},
		{
			**complaint,
			"name": "Major Complaint - Management Representative",
			"condition": 'doc.severity == "Major" and doc.responsible_role == "Property Manager"',
			"subject": MAJOR_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role("Management Representative")],
		},
		{
			**complaint,
			"name": "Major Complaint - Office Manager",
			"condition": 'doc.severity == "Major" and doc.responsible_role != "Property Manager"',
			"subject": MAJOR_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role("Property Manager")],
		},
	]
	incident = {"document_type": "Emergency Incident", "channel": "System Notification", "event": "New"}
	made.append(
		{
			**incident,
			"name": "Emergency Incident - Security and Office Manager",
			"subject": INCIDENT_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role("Security Supervisor"), by_role("Property Manager")],
		}
	)
	made.append(
		{
			**incident,
			"name": "Major Emergency Incident - Management Representative",
			"condition": 'doc.severity == "Major"',
			"subject": INCIDENT_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role("Management Representative")],
		}
	)
	for role in routed_roles(1):
		made.append(
			{
				**complaint,
				"name": f"New Complaint - {role}",
				"condition": f"doc.also_notify_role == {role!r}",
				"subject": COMPLAINT_SUBJECT,
				"message": "{{ doc.description }}",
				"recipients": [by_role(role)],
			}
		)
	return made


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
