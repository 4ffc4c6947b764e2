"""Who a new complaint goes to beyond the Assignment Rules (complaint_routing.py has the matrix):

- a general building or utility complaint goes to the maintenance technician on duty in its
  community that day (duty.py), chosen before the rule would share it out;
- where the seed names two roles, a holder of the co-responsible role in the complaint's community
  is assigned beside the one the rule chose: Frappe's Assign To keeps several people on a record.
"""

from frappe import _
from frappe.utils import today

from property_service.core.assignments import assign
from property_service.core.routing import community_staff
from property_service.customer_service.duty import least_busy, on_duty
from property_service.vocabulary import TECHNICIAN


def description(complaint) -> str:
	return _("Complaint {0}: {1}").format(complaint.name, _(complaint.complaint_category))


def assign_on_duty(complaint) -> str | None:
	"""after_insert: the technician on duty takes a complaint for the technicians; returns them."""
	if complaint.responsible_role != TECHNICIAN or complaint.handler:
		return None
	people = on_duty(complaint.community, today(), TECHNICIAN)
	if not people:
		return None  # the Assignment Rule shares it out
	handler = least_busy(people)
	complaint.db_set("handler", handler, update_modified=False)
	assign(complaint, [handler], description(complaint))
	return handler


def assign_co_responsible(complaint) -> list[str]:
	"""on_change: when a complaint is made or its routing changes, the co-responsible role's
	holders in its community are assigned too; returns who was."""
	before = complaint.get_doc_before_save()
	role = complaint.also_notify_role
	if not role or (before and before.also_notify_role == role):
		return []
	users = community_staff(role, complaint.community) if complaint.community else []
	return assign(complaint, users, description(complaint))
