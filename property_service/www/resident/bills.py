import frappe
from frappe import _
from frappe.utils import flt

from property_service.billing.invoices import household_invoices
from property_service.portal.resident import require_login

no_cache = 1


def get_context(context):
	user = require_login("resident/bills")
	invoices = household_invoices(user, limit=100)
	context.unpaid = [row for row in invoices if flt(row.outstanding_amount) > 0]
	context.paid = [row for row in invoices if flt(row.outstanding_amount) <= 0][:12]
	context.total = sum(flt(row.outstanding_amount) for row in context.unpaid)
	# back from Alipay's or WeChat Pay's H5 cashier (the way back names the order): that bill waits for its payment
	context.returning = returning(frappe.form_dict.get("out_trade_no"))
	context.title = _("My Bills")
	context.show_sidebar = False


def returning(request) -> dict:
	"""{invoice: request} for the request named by the return URL, when it is the household's
	(the page then lists that invoice: another's is never on it)."""
	if not isinstance(request, str):
		return {}
	invoice = frappe.db.get_value("Payment Request", request, "reference_name")
	return {invoice: request} if invoice else {}
