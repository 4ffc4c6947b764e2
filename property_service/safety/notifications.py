"""Who safety tells what, as Frappe Notification records (installed by core/notifications.py): an
emergency incident tells the security supervisors and the office manager when recorded; a major
one the Management Representative too (incidents.py texts them where SMS is set)."""

from property_service.core.notifications import by_role
from property_service.vocabulary import MANAGEMENT_REPRESENTATIVE, PROPERTY_MANAGER, SECURITY_SUPERVISOR

INCIDENT_SUBJECT = '{{ _("Emergency incident {0} ({1}): {2}").format(doc.name, _(doc.severity), doc.location or doc.unit or doc.community) }}'


def specs() -> list[dict]:
	incident = {"document_type": "Emergency Incident", "channel": "System Notification", "event": "New"}
	return [
		{
			**incident,
			"name": "Emergency Incident - Security and Office Manager",
			"subject": INCIDENT_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role(SECURITY_SUPERVISOR), by_role(PROPERTY_MANAGER)],
		},
		{
			**incident,
			"name": "Major Emergency Incident - Management Representative",
			"condition": 'doc.severity == "Major"',
			"subject": INCIDENT_SUBJECT,
			"message": "{{ doc.description }}",
			"recipients": [by_role(MANAGEMENT_REPRESENTATIVE)],
		},
	]
