"""Daily job: corrective actions past their deadline are reported once to the person responsible
and to the quality supervisors (seed 12.1.4, 12.1.5 (4) 7)."""

import frappe
from frappe import _
from frappe.utils import today

from property_service.customer_service.notices import notify
from property_service.customer_service.routing import role_holders


def notify_overdue() -> int:
	"""Returns how many were reported; a second run the same day reports none."""
	overdue = frappe.get_all(
		"Corrective Action",
		filters={"status": "Open", "deadline": ["<", today()], "overdue_notified_on": ["is", "not set"]},
		fields=["name", "responsible_user", "deadline"],
	)
	quality = role_holders("Quality Supervisor")
	for row in overdue:
		doc = frappe.get_doc("Corrective Action", row.name)
		message = _("Corrective action {0} is past its deadline {1}").format(row.name, row.deadline)
		for user in {row.responsible_user, *quality} - {None}:
			notify(user, doc, message)
		doc.db_set("overdue_notified_on", today(), update_modified=False)
	return len(overdue)
