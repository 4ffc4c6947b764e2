"""Who owner engagement tells what, as Frappe Notification records the office edits (wording,
receivers, days); installed by core/notifications.py.

- A visit summary not yet submitted reminds its author two days before it is due (seed 12.1.2 (2)
  7 and 8: 每月5日前 / 每月10日前; the days are the Notification's own setting).
- The day after, one still not submitted is reported: an agent's to the office manager, the
  office manager's to the Management Representative.
"""

from property_service.core.notifications import by_role
from property_service.engagement.visits import AGENT, MANAGER
from property_service.vocabulary import MANAGEMENT_REPRESENTATIVE, PROPERTY_MANAGER, SUBMITTED

SUMMARY = {"document_type": "Owner Visit Summary", "channel": "System Notification"}
NOT_SUBMITTED = f"doc.status != {SUBMITTED!r}"
DUE_SUBJECT = '{{ _("Your summary of owner visits in {0} is due on {1}").format(doc.period, doc.get_formatted("due_date")) }}'
LATE_SUBJECT = '{{ _("Summary of owner visits in {0} not submitted by {1}: {2}").format(doc.period, doc.get_formatted("due_date"), doc.author) }}'


def specs() -> list[dict]:
	late = {
		**SUMMARY,
		"event": "Days After",
		"date_changed": "due_date",
		"days_in_advance": 1,
		"subject": LATE_SUBJECT,
		"message": "{{ _(doc.kind) }}",
	}
	return [
		{
			**SUMMARY,
			"name": "Owner Visit Summary Due",
			"event": "Days Before",
			"date_changed": "due_date",
			"days_in_advance": 2,
			"condition": NOT_SUBMITTED,
			"subject": DUE_SUBJECT,
			"message": "{{ _(doc.kind) }}",
			"recipients": [{"receiver_by_document_field": "author"}],
		},
		{
			**late,
			"name": "Owner Visit Summary Late - Office Manager",
			"condition": f"{NOT_SUBMITTED} and doc.kind == {AGENT!r}",
			"recipients": [{"receiver_by_document_field": "author"}, by_role(PROPERTY_MANAGER)],
		},
		{
			**late,
			"name": "Owner Visit Summary Late - Management Representative",
			"condition": f"{NOT_SUBMITTED} and doc.kind == {MANAGER!r}",
			"recipients": [{"receiver_by_document_field": "author"}, by_role(MANAGEMENT_REPRESENTATIVE)],
		},
	]
