"""What users typed is printed as text (issue 22).

Frappe prints Data, Small Text, Text and Long Text values as they are stored — its Standard
format only turns newlines into <br> — and the sanitizer it runs on a save keeps forms, inputs,
styles and inline styles: a resident's description could put a password form in the
supervisor's print view, or hide it. Frappe has no formatting hook, so before any print of one
of our records, or of the Payment Entries and Dunnings the app makes (the Standard format or ours; /printview, PDF, get_html_and_style all call
`before_print`), each text value of the record and its rows is replaced by its escaped form with
its line breaks kept, as Markup: a template that escapes does not escape it twice. A Text Editor
value (the office's rich text: plans, reports, summaries — no resident writes one) keeps basic
formatting and no attributes; any other tag shows as text. Our print formats escape the rest of
what they print themselves (`{% autoescape true %}`).
"""

import bleach
import frappe
from markupsafe import Markup, escape

APP = "property_service"
# ERPNext's documents the app makes — the counter's Payment Entries (a cashier types the payer and
# the slip's reference), the collection job's Dunnings (the letter renders the payer's name as
# stored) — printed by accountants in our formats and in ERPNext's Standard one
MADE_BY_THE_APP = {"Payment Entry", "Dunning"}
PLAIN_TYPES = ("Data", "Small Text", "Text", "Long Text", "Read Only")
RICH_TAGS = {
	"p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "h1", "h2", "h3", "h4",
	"blockquote", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def plain(value: str) -> Markup:
	"""Text as HTML: escaped, each line on its own line."""
	return Markup(str(escape(value)).replace("\r\n", "\n").replace("\n", "<br>"))


def rich(value: str) -> Markup:
	"""Rich text with basic formatting only: other tags are escaped, attributes dropped (links
	keep an http, https or mailto address)."""
	return Markup(
		bleach.clean(
			value,
			tags=RICH_TAGS,
			attributes={"a": ["href"]},
			protocols={"http", "https", "mailto"},
			strip_comments=True,
		)
	)


def escape_typed_text(doc, method=None, *args, **kwargs) -> None:
	"""doc_events `before_print` of every DocType: for ours and those the app makes, the record's
	text as text."""
	if doc.doctype not in MADE_BY_THE_APP and frappe.get_doctype_app(doc.doctype) != APP:
		return
	for row in (doc, *doc.get_all_children()):
		for df in row.meta.fields:
			value = row.get(df.fieldname)
			if not isinstance(value, str) or isinstance(value, Markup):
				continue
			if df.fieldtype in PLAIN_TYPES:
				row.set(df.fieldname, plain(value))
			elif df.fieldtype == "Text Editor":
				row.set(df.fieldname, rich(value))
