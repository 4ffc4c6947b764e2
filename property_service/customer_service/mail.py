"""Email as a channel: mail to the office's address becomes a Service Request, through Frappe's
own Email Account (incoming and outgoing, Append To = Service Request; README "Email").

Frappe makes the request as the user pulling the mail (the scheduler: Administrator) with only the
subject and the sender, mandatory checks off, then links the mail to it as a Communication, and
threads later mail by In-Reply-To (or "(#name)" in the subject, or the same subject and sender).
Here:
- `take_in` (the request's before_insert): the channel is Email; the sender is matched to exactly
  one Property Owner by email (and to their unit when they have exactly one); otherwise the
  request waits for an agent to say where (requesters.TRIAGE_CHANNELS);
- `fill_description` (Communication on_update: Frappe saves the mail's text in a second save):
  the first mail's text is the description;
- `add_thread_headers` (Email Queue before_insert): a reply from the form carries In-Reply-To and
  References naming the resident's last mail, so it threads in their mail client too (Frappe's
  composer sets neither).
"""

import frappe
from frappe.utils import strip_html

from property_service.property.occupancy import current_links

MAIL_DOCTYPES = ("Service Request",)
CHANNEL = "Email"


def is_from_mail(doc) -> bool:
	"""Frappe's mail intake inserts with mandatory checks off and the sender set; nothing a user
	sends can switch the mandatory checks off."""
	return bool(doc.is_new() and doc.flags.ignore_mandatory and doc.get("raised_by"))


def take_in(doc) -> None:
	if not is_from_mail(doc):
		return
	doc.channel = CHANNEL
	doc.description = doc.description or placeholder(doc)
	owners = frappe.get_all("Property Owner", filters={"email": doc.raised_by}, pluck="name", limit=2)
	if len(owners) != 1:
		return  # unknown or ambiguous: an agent triages it
	units = {link.unit for link in current_links(owner=owners[0])}
	if len(units) == 1:
		doc.unit, doc.property_owner = units.pop(), owners[0]


def placeholder(doc) -> str:
	"""The description of a mailed-in request until its mail's text arrives."""
	return doc.get("subject") or doc.get("raised_by")


def fill_description(communication, method=None) -> None:
	"""The text of the mail that made a request is its description."""
	if (
		communication.reference_doctype not in MAIL_DOCTYPES
		or communication.sent_or_received != "Received"
		or not communication.reference_name
	):
		return
	doctype, name = communication.reference_doctype, communication.reference_name
	record = frappe.db.get_value(
		doctype, name, ["description", "subject", "raised_by", "channel"], as_dict=True
	)
	if record.channel != CHANNEL or record.description not in (None, "", placeholder(record)):
		return  # a later mail in the thread: the timeline shows it
	text = strip_html(communication.content or "").strip()
	if text:
		frappe.db.set_value(doctype, name, "description", text, update_modified=False)


def add_thread_headers(queue, method=None) -> None:
	"""A reply about a mailed-in record answers the resident's last mail."""
	if queue.reference_doctype not in MAIL_DOCTYPES or not queue.reference_name or not queue.message:
		return
	last = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": queue.reference_doctype,
			"reference_name": queue.reference_name,
			"sent_or_received": "Received",
			"message_id": ["is", "set"],
		},
		pluck="message_id",
		order_by="creation desc",
		limit=1,
	)
	head = queue.message.split("\n\n", 1)[0]
	if not last or "\nIn-Reply-To:" in f"\n{head}":
		return
	message_id = f"<{last[0].strip('<>')}>"
	queue.message = f"In-Reply-To: {message_id}\nReferences: {message_id}\n{queue.message}"
