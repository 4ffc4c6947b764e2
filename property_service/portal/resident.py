"""What the resident portal shows: a resident's units, household, requests, complaints,
bookings, callbacks to rate, invoices and notices.

Every list is read in one query with a limit, so a page costs the same number of queries
however many records the site or the household has. Residents read their current units' records
only (property_service.permissions); these functions filter by those units themselves.
"""

import html

import frappe
from frappe import _
from frappe.utils import cint, today
from frappe.utils.html_utils import sanitize_html

from property_service.billing.invoices import household_invoices
from property_service.billing.payments import prepaid_balances
from property_service.core.permissions import resident_owner, resident_units
from property_service.core.registry import record as declared
from property_service.fees.dunning import notices_of
from property_service.property.occupancy import current_links
from property_service.vocabulary import TO_DO

# route segment -> DocType of the records a resident follows
RECORD_ROUTES = {"requests": "Service Request", "complaints": "Complaint", "bookings": "Special Service"}
ROUTE_OF = {doctype: route for route, doctype in RECORD_ROUTES.items()}
PAGE_SIZE = 20


def require_login(route: str) -> str:
	"""The user of a resident page; guests are sent to log in first."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{route}"
		raise frappe.Redirect
	return frappe.session.user


def record_url(doctype: str, name: str) -> str:
	return f"/resident/{ROUTE_OF[doctype]}/{name}"


def units_of(user: str) -> list[dict]:
	units = resident_units(user)
	if not units:
		return []
	return frappe.get_all(
		"Property Unit",
		{"name": ["in", units]},
		["name", "community", "building", "unit_number", "unit_type", "area", "status", "payer_name"],
		order_by="name",
	)


def household(units: list[str]) -> list[dict]:
	"""The people living in or linked to the units now (two queries)."""
	links = current_links(units)
	names = dict(
		frappe.get_all(
			"Property Owner",
			{"name": ["in", [link.property_owner for link in links] or [""]]},
			["name", "owner_name"],
			as_list=True,
		)
	)
	return [
		{"unit": link.unit, "name": names.get(link.property_owner), "relation": link.relation}
		for link in links
	]


def records(doctype: str, units: list[str], limit: int = PAGE_SIZE, start: int = 0) -> list[dict]:
	if not units:
		return []
	fields = ["name", "unit", "status", "creation", "modified", "owner_name"]
	fields.append("service_name" if doctype == "Special Service" else "description")
	# get_list: a resident reads the household's records from their own move-in on
	rows = frappe.get_list(
		doctype,
		{"unit": ["in", units]},
		fields,
		order_by="creation desc",
		limit_start=start,
		limit_page_length=limit,
	)
	done = declared(doctype).done
	for row in rows:
		row.doctype = doctype
		row.done = row.status in done
		row.url = record_url(doctype, row.name)
		row.summary = row.get("service_name") or plain(row.get("description"))[:80]
	return rows


def callbacks_to_rate(user: str, units: list[str]) -> list[dict]:
	"""Callbacks waiting for this resident's rating of what they asked for."""
	owner = resident_owner(user)
	if not owner or not units:
		return []
	# about what they filed: a routine callback (no source) is the office's call, not theirs to rate
	rows = frappe.get_all(
		"Callback Record",
		{
			"unit": ["in", units],
			"status": TO_DO,
			"property_owner": owner,
			"reference_doctype": ["in", list(ROUTE_OF)],
		},
		["name", "reference_doctype", "reference_name", "due_date"],
		order_by="creation desc",
		limit_page_length=PAGE_SIZE,
	)
	for row in rows:
		row.url = record_url(row.reference_doctype, row.reference_name)
	return rows


def notices(limit: int = 10) -> list[dict]:
	"""Published notices the user may read (the permission hook narrows them to their communities)."""
	rows = frappe.get_list(
		"Notice",
		filters={"published": 1, "publish_from": ["<=", today()]},
		or_filters=[["publish_until", ">=", today()], ["publish_until", "is", "not set"]],
		fields=["name", "title", "body", "community", "publish_from"],
		order_by="publish_from desc",
		limit_page_length=limit,
	)
	for row in rows:
		row.body = sanitize_html(row.body or "")
	return rows


def dunned(invoices: list[dict]) -> list[dict]:
	"""The invoices, each with the last dunning notice sent for it (催缴), if any."""
	sent = notices_of([invoice.name for invoice in invoices])
	for invoice in invoices:
		invoice.dunning = sent.get(invoice.name)
	return invoices


def home(user: str) -> dict:
	units = units_of(user)
	names = [unit.name for unit in units]
	return {
		"units": units,
		"household": household(names),
		"requests": records("Service Request", names, limit=5),
		"complaints": records("Complaint", names, limit=5),
		"bookings": records("Special Service", names, limit=5),
		"callbacks": callbacks_to_rate(user, names),
		"invoices": dunned(household_invoices(user, limit=10)),
		"prepaid": {unit: amount for unit, amount in prepaid_balances(names).items() if amount},
		"notices": notices(),
	}


def record(doctype: str, name: str, user: str) -> dict:
	"""One request, complaint or booking the user may read, with its timeline and callback."""
	if doctype not in ROUTE_OF or not frappe.db.exists(doctype, name):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_(doctype), name))
	doc = frappe.get_doc(doctype, name)
	if not frappe.has_permission(doctype, "read", doc, user=user):
		raise frappe.PermissionError(_("You cannot see {0}.").format(name))
	timeline = [{"label": _("Filed"), "on": doc.creation}]
	timeline += [
		{"label": _(state), "on": doc.get(field)}
		for state, field in declared(doctype).timeline.items()
		if doc.get(field)
	]
	callback = None
	if doc.get("callback_record"):
		# only the callback about this record (the link is set by the app, never by a resident)
		callback = frappe.db.get_value(
			"Callback Record",
			{"name": doc.callback_record, "reference_doctype": doctype, "reference_name": name},
			["name", "status", "satisfaction", "content_and_result", "property_owner"],
			as_dict=True,
		)
	if callback:
		callback.can_rate = callback.status == TO_DO and callback.property_owner == resident_owner(user)
	photos = frappe.get_all(
		"File",
		{"attached_to_doctype": doctype, "attached_to_name": name, "is_folder": 0},
		["file_url", "file_name"],
		order_by="creation",
	)
	text = plain(doc.get("description") or doc.get("notes"))
	return {"doc": doc, "text": text, "timeline": timeline, "callback": callback, "photos": photos}


def plain(text: str | None) -> str:
	"""What the resident typed: Frappe stores text fields HTML-escaped; pages escape it again."""
	return html.unescape(text or "")


def page_number() -> int:
	return max(cint(frappe.form_dict.get("page") or 1), 1)
