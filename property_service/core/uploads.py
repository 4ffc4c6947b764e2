"""Photos and documents attached to requests and complaints are private, of a few kinds, and of
a bounded size (residents upload them from phones).

The hook refuses; it never removes or moves a file. Frappe has written the bytes by the time a
doc-event runs, and a URL given by the caller may name a file that other records use (a second
spelling of its path, a public file, another record's file): such a URL is refused, and so is an
upload of the wrong kind or size. The failed request is rolled back, and Frappe's own rollback
removes what that request wrote, only if no other File shares it."""

import posixpath

import frappe
from frappe import _

from property_service.core.registry import records

ALLOWED_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp", "heic", "pdf"}
MAX_BYTES = 10 * 1024 * 1024


class AttachmentNotAllowedError(frappe.ValidationError):
	pass


def keep_private(doc, method=None) -> None:
	"""File before_insert hook: attachments of the records declared `private_uploads` are private
	photos or PDFs."""
	if doc.attached_to_doctype not in private_for() or doc.is_folder:
		return
	if not is_own_private_file(doc.file_url):
		refuse_link()
	extension = (doc.file_name or doc.file_url or "").rsplit(".", 1)[-1].lower()
	if extension not in ALLOWED_EXTENSIONS:
		refuse(_("Attach a photo or a PDF ({0}).").format(", ".join(sorted(ALLOWED_EXTENSIONS))))
	if (doc.file_size or len(doc.content or b"")) > MAX_BYTES:
		refuse(_("Attachments are limited to {0} MB.").format(MAX_BYTES // (1024 * 1024)))


class NamedFilesRefused:
	"""Mixed into File on Frappe 16 (hooks.extend_doctype_class; Frappe 15 has no such hook and
	does not need it). Frappe 16's File reads the file a new File's URL names and writes its bytes,
	decoded as text where any encoding takes them, under a new name, before the doc-event hook
	sees the File: `/private/files/./other.png` became a copy of another record's private file.
	A URL with no content of its own names a file that is there already: refused first."""

	def before_insert(self):
		if (
			self.attached_to_doctype in private_for()
			and not self.is_folder
			and self.file_url
			and not self.get("content")
		):
			refuse_link()
		super().before_insert()


def private_for() -> tuple[str, ...]:
	return tuple(name for name, r in records().items() if r.private_uploads)


def is_own_private_file(file_url: str | None) -> bool:
	"""A private file this insert stores: its URL in Frappe's own spelling and no other record's
	(a second spelling such as `//` or `/./`, a public URL, or a file another File names is not)."""
	url = file_url or ""
	return (
		url.startswith("/private/files/")
		and posixpath.normpath(url) == url
		and "%" not in url
		and not frappe.db.exists("File", {"file_url": url})
	)


def refuse_link() -> None:
	refuse(
		_(
			"Upload the photo or document itself, as a private file; a link to another file cannot be attached."
		)
	)


def refuse(message: str) -> None:
	frappe.throw(message, AttachmentNotAllowedError, title=_("Attachment not allowed"))
