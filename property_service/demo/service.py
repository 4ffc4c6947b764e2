"""The demo's service desk: requests and complaints in every state, made through the workflow as
staff make them."""

import random

import frappe
from frappe import _

from property_service.demo.people import demo_technician
from property_service.vocabulary import CONTENT, ESCALATED, OCCUPIED, REPAIR

REQUEST_PATHS = (
	(),
	("Dispatch",),
	("Dispatch", "Start Work"),
	("Dispatch", "Start Work", "Complete"),
	("Dispatch", "Start Work", "Complete", "Call Back"),
)
COMPLAINT_PATHS = ((), ("Assign",), ("Assign", "Start Handling"), ("Assign", "Start Handling", "Resolve"))
CATEGORIES = ("Fees", "Building and Equipment", "Utilities", "Security and Parking", "Cleaning and Greening")


def make_service_records(community: str, count: int, seed: int = 7, commit: bool = True) -> int:
	"""`count` records on the community's occupied units: every fourth a complaint."""
	from property_service.core.workflows import transition

	rng = random.Random(seed)
	units = frappe.get_all(
		"Property Unit", filters={"community": community, "status": OCCUPIED}, pluck="name"
	)
	technician = demo_technician()
	for index in range(count):
		unit = rng.choice(units)
		if index % 4 == 3:
			doc, path = make_complaint(rng, unit)
		else:
			doc, path = make_request(rng, unit, technician)
		for action in path:
			if action == "Call Back":
				call_back(rng, doc)
			else:
				transition(doc, action, _("demo data"))
	if commit:
		# a command-line generator
		frappe.db.commit()  # nosemgrep
	return count


def call_back(rng: random.Random, doc) -> None:
	"""The callback of completed work: mostly rated A or B, which closes it; now and then the
	resident cannot be reached as often as the office allows, which closes it too
	(customer_service/callbacks.py)."""
	from property_service.customer_service.callbacks import attempts_allowed

	callback = frappe.get_doc("Callback Record", doc.callback_record)
	if rng.random() < 0.2:
		for attempt in range(attempts_allowed()):
			outcome = ("No Answer", "Not at Home")[attempt % 2]
			callback.append("attempts", {"callback_method": "Phone", "outcome": outcome})
	else:
		callback.callback_method = rng.choice(("Phone", "Home Visit"))
		callback.satisfaction = rng.choice(CONTENT)
	callback.save(ignore_permissions=True)


def make_complaint(rng: random.Random, unit: str) -> tuple:
	"""A complaint and the actions that take it where the demo leaves it."""
	doc = frappe.get_doc(
		{
			"doctype": "Complaint",
			"unit": unit,
			"channel": rng.choice(("Phone", "Walk-in", "Suggestion Box")),
			"complaint_category": rng.choice(CATEGORIES),
			"severity": "Major" if rng.random() < 0.1 else "General",
			"description": rng.choice(("楼道灯长期不亮", "车位被占用", "垃圾清运不及时", "物业费账单有疑问")),
			"resolution": "已处理并回复业主",
		}
	).insert(ignore_permissions=True)
	path = rng.choice(COMPLAINT_PATHS)
	if doc.status == ESCALATED:  # a major one went up when registered: handled from there
		path = tuple(action for action in path if action != "Assign")
	return doc, path


def make_request(rng: random.Random, unit: str, technician: str | None) -> tuple:
	"""A service request and the actions that take it where the demo leaves it; most completed
	jobs brought their work order slip back signed on paper."""
	path = rng.choice(REQUEST_PATHS) if technician else ()
	doc = frappe.get_doc(
		{
			"doctype": "Service Request",
			"unit": unit,
			"channel": rng.choice(("Phone", "Walk-in", "Portal")),
			"request_type": rng.choice((REPAIR, REPAIR, "Convenience", "Inquiry")),
			"description": rng.choice(
				("厨房水龙头漏水", "卫生间下水不畅", "门锁损坏", "空调不制冷", "代收快递")
			),
			"technician": technician,
			"resolution": "已上门处理",
			"slip_signed": int("Complete" in path and rng.random() < 0.9),
		}
	).insert(ignore_permissions=True)
	return doc, path
