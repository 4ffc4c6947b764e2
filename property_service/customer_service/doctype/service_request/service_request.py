# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from property_service.customer_service.assignments import assign
from property_service.customer_service.callbacks import ensure_callback
from property_service.customer_service.lifecycle import (
	check_order,
	entered,
	keep_system_fields,
	limit_technician_edits,
	lock_when,
	show_technician_limits,
	stamp,
)
from property_service.customer_service.mail import take_in
from property_service.customer_service.requesters import check_resident_input, fill_requester, place
from property_service.customer_service.sla import mark_first_response
from property_service.customer_service.states import CANCELLED, CLOSED, COMPLETED, DISPATCHED

TECHNICIAN_FIELDS = ("status", "resolution", "materials")
# what a resident sets when filing (channel and resident are then set for them)
RESIDENT_FIELDS = ("unit", "property_owner", "contact_phone", "channel", "request_type", "description")
CONTENT_FIELDS = (
	"unit",
	"property_owner",
	"request_type",
	"description",
	"technician",
	"resolution",
	"materials",
)


class NoTechnicianError(frappe.ValidationError):
	pass


class NoResolutionError(frappe.ValidationError):
	pass


class ServiceRequest(Document):
	def onload(self):
		show_technician_limits(self, TECHNICIAN_FIELDS)

	def before_insert(self):
		take_in(self)  # mail to the office's address (mail.py)
		check_resident_input(self, RESIDENT_FIELDS)

	def validate(self):
		fill_requester(self)
		keep_system_fields(self, ("special_service",))  # set by bill_repair
		mark_first_response(self)
		lock_when(self, (CLOSED, CANCELLED), CONTENT_FIELDS)
		limit_technician_edits(self, TECHNICIAN_FIELDS)
		self.validate_dispatch()
		self.validate_completion()
		stamp(self)
		check_order(self, "dispatched_on", "completed_on")

	def on_update(self):
		if entered(self, DISPATCHED):
			assign(self, [self.technician], _("Service request {0} at {1}").format(self.name, place(self)))
		if entered(self, COMPLETED):
			ensure_callback(self)

	def validate_dispatch(self):
		if self.status != DISPATCHED or not entered(self, DISPATCHED):
			return
		if not self.technician:
			frappe.throw(_("Choose a technician before dispatching."), NoTechnicianError)
		if "Maintenance Technician" not in frappe.get_roles(self.technician):
			frappe.throw(_("{0} is not a maintenance technician.").format(self.technician), NoTechnicianError)

	def validate_completion(self):
		if entered(self, COMPLETED) and not (self.resolution or "").strip():
			frappe.throw(_("Record what was done before completing the request."), NoResolutionError)
