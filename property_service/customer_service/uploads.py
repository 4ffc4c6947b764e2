"""Photos and documents attached to requests and complaints are private, of a few kinds, and of
a bounded size (residents upload them from phones)."""

import os

import frappe
from frappe import _

PRIVATE_FOR = ("Service Request", "Complaint", "Callback Record")
ALLOWED_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "heic", "pdf"}
MAX_BYTES = 10 * 1024 * 1024


class AttachmentNotAllowedError(frappe.ValidationError):
	pass


def keep_private(doc, method=None) -> None:
	"""File before_insert hook. Frappe's own before_insert has written the content by now: a file
	refused here is removed from disk, and one uploaded as public is moved to private files."""
	if doc.attached_to_doctype not in PRIVATE_FOR or doc.is_folder:
		return
	extension = (doc.file_name or doc.file_url or "").rsplit(".", 1)[-1].lower()
	if extension not in ALLOWED_EXTENSIONS:
		refuse(doc, _("Attach a photo or a PDF ({0}).").format(", ".join(sorted(ALLOWED_EXTENSIONS))))
	if (doc.file_size or len(doc.content or b"")) > MAX_BYTES:
		refuse(doc, _("Attachments are limited to {0} MB.").format(MAX_BYTES // (1024 * 1024)))
	if not doc.is_private:
		doc.is_private = 1
		doc.handle_is_private_changed()


def refuse(doc, message: str) -> None:
	if doc.file_url and not doc.is_remote_file:
		path = doc.get_full_path()
		if os.path.exists(path) and not frappe.db.exists("File", {"file_url": doc.file_url}):
			os.remove(path)
	frappe.throw(message, AttachmentNotAllowedError, title=_("Attachment not allowed"))
