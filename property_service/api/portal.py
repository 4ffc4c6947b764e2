"""Endpoints of the resident portal. Each runs with the caller's permissions: the permission
hooks narrow residents to their current units (property_service.permissions)."""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import cint

from property_service.core.limits import per_user
from property_service.core.permissions import resident_owner
from property_service.core.uploads import private_for
from property_service.engagement.activities import SIGNED_UP, WITHDRAWN
from property_service.special_services.catalog import GROUPS, PRICE_LIST
from property_service.vocabulary import CLOSED, RATINGS, REJECTED, TO_DO

KINDS = {"Service Request": "request_type", "Complaint": "complaint_category"}


class PortalInputError(frappe.ValidationError):
	pass


@frappe.whitelist(methods=["POST"])
def file_request(kind: str, unit: str, description: str, category: str | None = None) -> str:
	"""Files a service request or a complaint for one of the caller's units; returns its name."""
	if kind not in KINDS:
		frappe.throw(_("Choose a repair request or a complaint."), PortalInputError)
	if not (description or "").strip():
		frappe.throw(_("Describe the problem."), PortalInputError)
	doc = frappe.get_doc({"doctype": kind, "unit": unit, "description": description.strip()})
	if category:
		doc.set(KINDS[kind], category)
	return doc.insert().name


@frappe.whitelist(methods=["POST"])
@per_user(limit=60, seconds=3600)
def upload_photo(doctype: str, name: str) -> str:
	"""Attaches the posted file (`file`) to a record the caller filed; returns the file's URL.
	Frappe's own upload needs write permission, which residents do not have on records."""
	if doctype not in private_for():
		raise frappe.PermissionError
	doc = frappe.get_doc(doctype, name)
	if doc.owner != frappe.session.user or not doc.has_permission("read"):
		raise frappe.PermissionError(_("You can add photos only to what you filed."))
	return attach_upload(doctype, name)


def attach_upload(doctype: str, name: str) -> str:
	"""The posted file (`file`) as a private File of the record (uploads.keep_private checks its
	kind and size); returns its URL."""
	upload = frappe.request.files.get("file")
	if not upload:
		frappe.throw(_("Choose a photo."), PortalInputError)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": upload.filename,
			"attached_to_doctype": doctype,
			"attached_to_name": name,
			"is_private": 1,
			"content": upload.stream.read(),
		}
	).insert(ignore_permissions=True)
	return file.file_url


@frappe.whitelist(methods=["POST"])
def rate_callback(callback: str, satisfaction: str, comment: str | None = None) -> str | None:
	"""The resident's A/B/C rating of the work, on the callback about what was filed for them;
	returns the rated record's status. Residents have no write right on callbacks: this action
	checks what it allows (read access, the resident it is about, not yet rated) and saves it."""
	if satisfaction not in RATINGS:
		frappe.throw(_("Choose A, B or C."), PortalInputError)
	if not frappe.db.exists("Callback Record", callback):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_("Callback Record"), callback))
	doc = frappe.get_doc("Callback Record", callback, for_update=True)
	doc.check_permission("read")
	if not doc.property_owner or doc.property_owner != resident_owner(frappe.session.user):
		raise frappe.PermissionError(_("Only the resident the work was done for rates it."))
	if doc.status != TO_DO:
		frappe.throw(_("This callback has been answered already."), PortalInputError)
	doc.satisfaction = satisfaction
	doc.callback_method = "Other"
	doc.content_and_result = (comment or "").strip() or None
	doc.save(ignore_permissions=True)
	if doc.reference_doctype and frappe.has_permission(doc.reference_doctype, "read", doc.reference_name):
		return frappe.db.get_value(doc.reference_doctype, doc.reference_name, "status")
	return None


@frappe.whitelist(methods=["POST"])
def book_service(
	service_item: str, unit: str, qty: float = 1, preferred_time: str | None = None, notes: str | None = None
) -> str:
	"""Books a special service for one of the caller's units; returns the booking's name."""
	return (
		frappe.get_doc(
			{
				"doctype": "Special Service",
				"service_item": service_item,
				"unit": unit,
				"qty": qty,
				"preferred_time": preferred_time or None,
				"notes": notes,
			}
		)
		.insert()
		.name
	)


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=120, seconds=60)
def catalog() -> list[dict]:
	"""The special-services catalog with prices, for anyone (the /services page shows the same)."""
	return catalog_items()


def catalog_items() -> list[dict]:
	items = frappe.get_all(
		"Item",
		{"item_group": ["in", list(GROUPS.values())], "disabled": 0},
		["item_code", "item_name", "item_group", "is_free_service"],
		order_by="item_group, idx, creation",
	)
	prices = dict(
		frappe.get_all(
			"Item Price",
			{"price_list": PRICE_LIST, "item_code": ["in", [i.item_code for i in items] or [""]]},
			["item_code", "price_list_rate"],
			as_list=True,
		)
	)
	for item in items:
		item.price = prices.get(item.item_code, 0)
		item.group_label = _(item.item_group)
	order = list(GROUPS.values())
	return sorted(items, key=lambda item: order.index(item.item_group))


@frappe.whitelist(methods=["POST"])
def answer_survey(
	opinion_survey: str,
	unit: str,
	ratings: dict | str,
	opinions: dict | str | None = None,
	comments: str | None = None,
) -> str:
	"""A resident's answer to an open opinion survey for one of their units: `ratings` maps each
	item to Satisfied / Fairly Satisfied / Dissatisfied (blank: no answer), `opinions` an item to
	what they suggest. Returns the response's name; a unit answers once."""
	ratings = frappe.parse_json(ratings) or {}
	opinions = frappe.parse_json(opinions) or {}
	if not isinstance(ratings, dict) or not isinstance(opinions, dict):
		frappe.throw(_("Rate each item Satisfied, Fairly Satisfied or Dissatisfied."), PortalInputError)
	rows = [
		{"area": area, "rating": rating or None, "opinion": (opinions.get(area) or "").strip() or None}
		for area, rating in ratings.items()
	]
	return (
		frappe.get_doc(
			{
				"doctype": "Survey Response",
				"opinion_survey": opinion_survey,
				"unit": unit,
				"ratings": rows,
				"comments": (comments or "").strip() or None,
			}
		)
		.insert()
		.name
	)


@frappe.whitelist(methods=["POST"])
def sign_up_for_activity(activity: str, unit: str, people: int = 1, note: str | None = None) -> str:
	"""Signs the caller up for an open community activity, for one of their units; returns the
	sign-up. Signing up again after withdrawing takes the same sign-up back."""
	owner = resident_owner(frappe.session.user)
	existing = owner and frappe.db.get_value(
		"Activity Signup", {"activity": activity, "property_owner": owner}
	)
	if existing:
		doc = frappe.get_doc("Activity Signup", existing, for_update=True)
		doc.check_permission("read")
		if doc.status == SIGNED_UP:
			frappe.throw(_("You have signed up for this activity already."), PortalInputError)
		if doc.unit != unit:
			frappe.throw(
				_("You signed up for this activity from unit {0}.").format(doc.unit), PortalInputError
			)
		doc.update({"status": SIGNED_UP, "people": people, "note": note})
		doc.flags.status_change = True
		doc.save(ignore_permissions=True)  # the resident's own sign-up, checked above
		return doc.name
	return (
		frappe.get_doc(
			{"doctype": "Activity Signup", "activity": activity, "unit": unit, "people": people, "note": note}
		)
		.insert()
		.name
	)


@frappe.whitelist(methods=["POST"])
def withdraw_from_activity(signup: str) -> None:
	"""The caller withdraws their sign-up (the place is freed)."""
	doc = frappe.get_doc("Activity Signup", signup, for_update=True)
	doc.check_permission("read")
	if doc.property_owner != resident_owner(frappe.session.user):
		raise frappe.PermissionError(_("Only the resident who signed up can withdraw."))
	doc.status = WITHDRAWN
	doc.flags.status_change = True
	doc.save(ignore_permissions=True)


@frappe.whitelist(methods=["POST"])
def apply_for_renovation(
	unit: str,
	start_date: str,
	end_date: str,
	scope: str,
	contractor: str | None = None,
	contractor_phone: str | None = None,
	fire_system_change: int = 0,
) -> str:
	"""A renovation application for one of the caller's units; returns its name. Drawings and the
	fire department's approval follow with upload_renovation_file."""
	if not (scope or "").strip():
		frappe.throw(_("Describe the works."), PortalInputError)
	return (
		frappe.get_doc(
			{
				"doctype": "Renovation Application",
				"unit": unit,
				"start_date": start_date,
				"end_date": end_date,
				"scope": scope.strip(),
				"contractor": (contractor or "").strip() or None,
				"contractor_phone": (contractor_phone or "").strip() or None,
				"fire_system_change": 1 if frappe.utils.cint(fire_system_change) else 0,
			}
		)
		.insert()
		.name
	)


@frappe.whitelist(methods=["POST"])
@per_user(limit=60, seconds=3600)
def upload_renovation_file(application: str, kind: str = "drawing") -> str:
	"""Adds the posted file to the caller's own application, while it is not finished: a drawing
	(a new row: changed drawings are submitted again) or the fire department's approval."""
	if kind not in ("drawing", "fire_approval"):
		frappe.throw(_("Upload a drawing or the fire department's approval."), PortalInputError)
	doc = frappe.get_doc("Renovation Application", application, for_update=True)
	doc.check_permission("read")
	if doc.applicant != resident_owner(frappe.session.user):
		raise frappe.PermissionError(_("Only the applicant adds drawings."))
	if doc.status in (CLOSED, REJECTED):
		frappe.throw(_("This application is finished."), PortalInputError)
	url = attach_upload(doc.doctype, doc.name)
	if kind == "drawing":
		doc.append("drawings", {"drawing": url, "description": frappe.request.files["file"].filename})
	else:
		doc.fire_approval = url
	doc.save(ignore_permissions=True)  # the applicant's own application, checked above
	return url


MOST_BILLS = 100  # as many as the bills page lists
PAY_LIMIT = 30  # orders a resident may start in an hour (each may call the gateway)


@frappe.whitelist(methods=["POST"])
@per_user(limit=PAY_LIMIT, seconds=3600)
def pay_invoice(invoice: str | None = None, method: str = "wechat", phone: int = 0, invoices=None) -> dict:
	"""Pays an invoice of one of the resident's units online — or several, `invoices` (a list,
	or its JSON), in one order. WeChat Pay: the order's payment code (a `weixin://` URL, and its
	QR code image) for the payer's WeChat to scan, or on a `phone` the address of WeChat Pay's H5
	cashier. Alipay: the address of Alipay's cashier to go to (the phone's, which opens the
	Alipay app, when `phone`). `requests`: the Payment Requests the page waits on."""
	from property_service.fees import alipay, wechat_pay

	chosen = frappe.parse_json(invoices) if invoices else [invoice]
	if not isinstance(chosen, list) or not all(isinstance(name, str) and name for name in chosen):
		frappe.throw(_("Choose the bills to pay."))
	if len(chosen) > MOST_BILLS:
		frappe.throw(_("Pay at most {0} bills at once.").format(MOST_BILLS))
	if method == "alipay":
		return alipay.pay_invoices(chosen, phone=bool(cint(phone)))
	if method == "wechat":
		return wechat_pay.pay_invoices(chosen, phone=bool(cint(phone)))
	frappe.throw(_("Choose WeChat Pay or Alipay."))


@frappe.whitelist(methods=["GET"])
def payment_status(request: str) -> dict:
	"""Whether the resident's own payment has arrived (the bills page asks while it waits, beside
	the realtime message)."""
	from property_service.fees.online_payments import is_paid

	return {"paid": is_paid(request)}
