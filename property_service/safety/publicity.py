"""Safety publicity (安全宣传, seed 12.1.5 (8)): display boards, forums and drill viewings per
community, recorded with their attendance and published to the residents as portal notices."""

import frappe
from frappe import _
from frappe.utils import add_days, formatdate, getdate, today

from property_service.core.notices import site_language
from property_service.customer_service.notice_board import post_notice, withdraw_notice

# a notice stays up until the board comes down, or a week past the day (or today)
SHOWN_DAYS = 7


def publish(doc) -> None:
	"""Posts or updates the record's notice; withdraws it when unticked."""
	if not doc.publish_to_residents:
		withdraw_notice(doc.notice)
		return
	lang = site_language()
	day = formatdate(doc.held_on)
	head = frappe.utils.escape_html(
		_("{0} at {1}", lang=lang).format(day, doc.location) if doc.location else day
	)
	body = f"<p>{head}</p>{doc.content or ''}"
	title = _("Safety publicity ({0}): {1}", lang=lang).format(_(doc.activity_type, lang=lang), doc.topic)
	until = doc.until or max(
		add_days(getdate(doc.held_on), SHOWN_DAYS), add_days(getdate(today()), SHOWN_DAYS)
	)
	notice = post_notice(doc.community, title, body, until, doc.notice)
	if notice != doc.notice:
		doc.db_set("notice", notice, update_modified=False)
