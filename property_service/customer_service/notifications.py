"""Who the service desk tells what, as Frappe Notification records the office edits (wording,
receivers, days); installed by core/notifications.py.

- Answer By reminders (seed 12.1.2 (4)): a question a callback could not answer at once must be
  answered by its date; the day after, the agent is reminded, and a day later the customer-service
  supervisors ("Days After" on `answer_by`).
- A "C" on a callback tells the customer-service supervisors; on a major complaint the office
  manager too (重大问题应上报管理处).
- A corrective action still open the day after its deadline tells its responsible person and the
  quality supervisors (seed 12.1.4, 12.1.5 (4) 7).
- A major complaint is reported up when registered (seed 12.1.5 (4) 3 7, complaint_routing.py):
  a major fee complaint to the Management Representative (遇重大问题报请公司处理); one the office
  manager does not handle already to the office manager. (The co-responsible role is assigned
  beside the responsible one: Frappe tells them of the assignment.)
- A corrective-action report about a major complaint goes to the Management Representative when it
  is completed, for them to verify (…将处理结果及纠正措施的报告及时报给公司总部管理者代表).
"""

from property_service.core.notifications import by_role
from property_service.customer_service.complaint_routing import REPORTED_TO_COMPANY
from property_service.vocabulary import (
	COMPLETED,
	CS_SUPERVISOR,
	DISSATISFIED,
	MANAGEMENT_REPRESENTATIVE,
	OPEN,
	PROPERTY_MANAGER,
	QUALITY_SUPERVISOR,
)

OPEN_QUESTION = "doc.open_question and not doc.answered_on"
RATED_C = f"doc.satisfaction == {DISSATISFIED!r}"
CALLBACK_SUBJECT = (
	'{{ _("Callback question not answered by its date: {0} ({1})").format(doc.name, doc.unit) }}'
)
DISSATISFIED_SUBJECT = (
	'{{ _("Dissatisfied callback: {0} {1}").format(_(doc.reference_doctype), doc.reference_name) }}'
)
MAJOR_SUBJECT = '{{ _("Major complaint {0}: {1}").format(doc.name, _(doc.complaint_category)) }}'
CORRECTIVE_SUBJECT = '{{ _("Corrective action {0} is past its deadline {1}").format(doc.name, doc.get_formatted("deadline")) }}'


MAJOR = 'doc.severity == "Major"'
MAJOR_TO_COMPANY = f"{MAJOR} and doc.complaint_category in {REPORTED_TO_COMPANY!r}"
MAJOR_TO_MANAGER = f"{MAJOR} and {PROPERTY_MANAGER!r} not in (doc.responsible_role, doc.also_notify_role)"
# the conditions of earlier versions, replaced by a patch where the office left them as they were
EARLIER_MAJOR_CONDITIONS = {
	"Major Complaint - Management Representative": f"{MAJOR} and doc.responsible_role == {PROPERTY_MANAGER!r}",
	"Major Complaint - Office Manager": f"{MAJOR} and doc.responsible_role != {PROPERTY_MANAGER!r}",
}
CALLBACK = {"document_type": "Callback Record", "channel": "System Notification"}
COMPLAINT = {"document_type": "Complaint", "channel": "System Notification", "event": "New"}


def specs() -> list[dict]:
	return [*callback_specs(), *complaint_specs(), corrective_action_spec(), corrective_report_spec()]


def callback_specs() -> list[dict]:
	reminder = {**CALLBACK, "event": "Days After", "date_changed": "answer_by", "condition": OPEN_QUESTION}
	question = {**reminder, "subject": CALLBACK_SUBJECT, "message": "{{ doc.open_question }}"}
	return [
		{
			**question,
			"name": "Callback Answer Overdue - Agent",
			"days_in_advance": 1,
			"recipients": [{"receiver_by_document_field": "agent"}],
		},
		{
			**question,
			"name": "Callback Answer Overdue - Supervisor",
			"days_in_advance": 2,
			"recipients": [by_role(CS_SUPERVISOR)],
		},
		{
			**CALLBACK,
			"event": "Value Change",
			"value_changed": "satisfaction",
			"name": "Callback Dissatisfied - Supervisors",
			"condition": RATED_C,
			"subject": DISSATISFIED_SUBJECT,
			"message": "{{ doc.content_and_result or '' }}",
			"recipients": [by_role(CS_SUPERVISOR)],
		},
	]


def complaint_specs() -> list[dict]:
	major = {**COMPLAINT, "subject": MAJOR_SUBJECT, "message": "{{ doc.description }}"}
	made = [
		{
			# the rating is copied to the complaint (callbacks.on_callback_rated)
			**COMPLAINT,
			"event": "Value Change",
			"value_changed": "satisfaction",
			"name": "Dissatisfied With a Major Complaint - Office",
			"condition": f'{RATED_C} and doc.severity == "Major"',
			"subject": '{{ _("Dissatisfied callback on major complaint {0}").format(doc.name) }}',
			"message": "{{ doc.description }}",
			"recipients": [by_role(PROPERTY_MANAGER)],
		},
		{
			**major,
			"name": "Major Complaint - Management Representative",
			"condition": MAJOR_TO_COMPANY,
			"recipients": [by_role(MANAGEMENT_REPRESENTATIVE)],
		},
		{
			**major,
			"name": "Major Complaint - Office Manager",
			"condition": MAJOR_TO_MANAGER,
			"recipients": [by_role(PROPERTY_MANAGER)],
		},
	]
	return made


def corrective_action_spec() -> dict:
	return {
		"name": "Corrective Action Overdue",
		"document_type": "Corrective Action",
		"channel": "System Notification",
		"event": "Days After",
		"date_changed": "deadline",
		"days_in_advance": 1,
		"condition": f"doc.status == {OPEN!r}",
		"subject": CORRECTIVE_SUBJECT,
		"message": "{{ doc.problem }}",
		"recipients": [{"receiver_by_document_field": "responsible_user"}, by_role(QUALITY_SUPERVISOR)],
	}


def corrective_report_spec() -> dict:
	return {
		"name": "Corrective Action Report - Management Representative",
		"document_type": "Corrective Action",
		"channel": "System Notification",
		"event": "Value Change",
		"value_changed": "status",
		"condition": f"doc.status == {COMPLETED!r} and doc.verifier_role == {MANAGEMENT_REPRESENTATIVE!r}",
		"subject": '{{ _("Corrective action report {0} to verify: {1} {2}").format(doc.name, _(doc.reference_doctype), doc.reference_name) }}',
		"message": "{{ doc.action }}",
		"recipients": [by_role(MANAGEMENT_REPRESENTATIVE)],
	}
