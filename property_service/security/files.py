"""Files: a File that names a private file already stored is accepted only from someone who may
read a record (any DocType) that file belongs to; and the kinds of file the office takes.

Frappe serves `/private/files/<x>` to whoever may read any File with that URL, and a File may be
made (upload_file with `file_url`, or REST) or edited to name any URL: without this, a household's
drawing is one POST away from every user. An upload that carries its bytes may end up with
another File's URL (Frappe stores equal bytes once): that is allowed when the stored bytes are
those bytes (their content hash), since the uploader has them already.
"""

import posixpath

import frappe
from frappe import _
from frappe.core.doctype.file.file import File

# what an office and its residents upload: photos, scans and office documents, never active content
# (HTML, SVG, JavaScript) that a browser would run on the site's origin
ALLOWED_EXTENSIONS = ("JPG JPEG PNG GIF WEBP HEIC HEIF PDF DOC DOCX XLS XLSX CSV TXT ODT ODS").split()


class PrivateFileError(frappe.PermissionError):
	pass


class OfficeFile(File):
	"""Frappe's File (override_doctype_class), remembering whether the caller sent the bytes."""

	def before_insert(self):
		self.flags.bytes_from_caller = bool(self.content)  # File.__init__ took them from the caller
		super().before_insert()


def check_file_url(doc, method=None) -> None:
	"""File validate hook (insert and save)."""
	url = doc.file_url or ""
	if doc.is_folder or not url.startswith("/private/"):
		return
	if not doc.is_new() and not doc.has_value_changed("file_url"):
		return
	if posixpath.normpath(url) != url or "%" in url:
		refuse()  # a second spelling of a stored file's path
	others = frappe.get_all(
		"File", {"file_url": url, "name": ["!=", doc.name or ""]}, ["name", "content_hash"]
	)
	if not others or frappe.session.user == "Administrator":
		return
	if doc.flags.bytes_from_caller and all(other.content_hash == doc.content_hash for other in others):
		return  # the caller sent these very bytes; Frappe keeps one copy
	if any(frappe.has_permission("File", "read", doc=other.name) for other in others):
		return
	refuse()


def refuse() -> None:
	frappe.throw(
		_("This file belongs to a record you may not open. Upload the file itself."),
		PrivateFileError,
		title=_("File not allowed"),
	)


def set_allowed_extensions() -> None:
	"""System Settings -> Allowed File Extensions, when the site has none (install and migrate)."""
	if frappe.db.get_single_value("System Settings", "allowed_file_extensions"):
		return
	frappe.db.set_single_value("System Settings", "allowed_file_extensions", "\n".join(ALLOWED_EXTENSIONS))
	frappe.clear_cache(doctype="System Settings")
