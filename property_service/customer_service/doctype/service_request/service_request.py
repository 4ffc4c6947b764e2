# Copyright (c) 2026, Property Service Developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from property_service.core.assignments import assign
from property_service.core.lifecycle import (
	check_order,
	entered,
	keep_system_fields,
	limit_technician_edits,
	lock_when,
	show_technician_limits,
	stamp,
)
from property_service.core.requesters import check_resident_input, fill_requester, place
from property_service.customer_service.callbacks import ensure_callback
from property_service.customer_service.mail import take_in
from property_service.customer_service.sla import mark_first_response
from property_service.vocabulary import CANCELLED, CLOSED, COMPLETED, DISPATCHED, TECHNICIAN

# the work order slip (派工单/回单): signed by the technician and, on the job, the resident
SLIP_FIELDS = ("technician_signature", "resident_signature", "slip_signed")
TECHNICIAN_FIELDS = ("status", "resolution", "materials", *SLIP_FIELDS)
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
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from property_service.customer_service.doctype.service_request_material.service_request_material import (
			ServiceRequestMaterial,
		)

		building: DF.Link | None
		callback_record: DF.Link | None
		channel: DF.Literal[
			"Phone",
			"Walk-in",
			"Portal",
			"Email",
			"Suggestion Box",
			"Staff",
			"Survey",
			"Government",
			"Media",
			"Other",
		]
		closed_on: DF.Datetime | None
		community: DF.Link | None
		completed_on: DF.Datetime | None
		contact_phone: DF.Data | None
		description: DF.Text
		dispatched_on: DF.Datetime | None
		escalated_to: DF.Link | None
		escalation_level: DF.Int
		materials: DF.Table[ServiceRequestMaterial]
		owner_name: DF.Data | None
		property_owner: DF.Link | None
		raised_by: DF.Data | None
		repair_service: DF.Link | None
		request_type: DF.Literal["Repair", "Convenience", "Inquiry", "Suggestion", "Other"]
		resident_signature: DF.Signature | None
		resolution: DF.Text | None
		satisfaction: DF.Data | None
		slip_returned_on: DF.Datetime | None
		slip_signed: DF.Check
		special_service: DF.Link | None
		started_on: DF.Datetime | None
		status: DF.Literal["Logged", "Dispatched", "In Progress", "Completed", "Closed", "Cancelled"]
		subject: DF.Data | None
		technician: DF.Link | None
		technician_signature: DF.Signature | None
		unit: DF.Link | None

	# end: auto-generated types
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
		self.stamp_slip_return()
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
		if TECHNICIAN not in frappe.get_roles(self.technician):
			frappe.throw(_("{0} is not a maintenance technician.").format(self.technician), NoTechnicianError)

	def stamp_slip_return(self):
		"""The slip is back when the resident's signature (drawn or on paper) is first recorded:
		stamped by the server then, kept after."""
		keep_system_fields(self, ("slip_returned_on",))
		if not self.slip_returned_on and (self.resident_signature or self.slip_signed):
			self.slip_returned_on = now_datetime()

	def validate_completion(self):
		if entered(self, COMPLETED) and not (self.resolution or "").strip():
			frappe.throw(_("Record what was done before completing the request."), NoResolutionError)
