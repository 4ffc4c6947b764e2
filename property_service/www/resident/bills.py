import frappe
from frappe import _
from frappe.utils import flt

from property_service.api.portal import MOST_BILLS
from property_service.billing.invoices import household_invoices
from property_service.portal.resident import require_login

no_cache = 1


def get_context(context):
	user = require_login("resident/bills")
	invoices = household_invoices(user, limit=100)
	context.unpaid = [row for row in invoices if flt(row.outstanding_amount) > 0]
	context.paid = [row for row in invoices if flt(row.outstanding_amount) <= 0][:12]
	context.total = sum(flt(row.outstanding_amount) for row in context.unpaid)
	context.pay_all = pay_all_groups(context.unpaid)
	# back from Alipay's or WeChat Pay's H5 cashier (the way back names the order): that bill waits for its payment
	context.returning = returning(frappe.form_dict.get("out_trade_no"))
	context.title = _("My Bills")
	context.show_sidebar = False


def returning(order) -> dict:
	"""{invoice: request} for the requests of the order named by the way back (the page lists
	only the household's invoices: another's is never on it)."""
	if not isinstance(order, str) or not order:
		return {}
	requests = frappe.get_all(
		"Payment Request",
		or_filters={"gateway_order": order, "name": order},
		fields=["name", "reference_name"],
		limit=MOST_BILLS,
	)
	return {request.reference_name: request.name for request in requests}


def pay_all_groups(unpaid: list[dict]) -> list[frappe._dict]:
	"""The bills paid together by 全部缴费: one payment per payer and currency (one order pays one
	Customer's invoices), for a payer with more than one bill."""
	groups = {}
	for row in unpaid:
		groups.setdefault((row.customer, row.currency), []).append(row)
	return [
		frappe._dict(payer=rows[0].customer_name or rows[0].customer, invoices=[row.name for row in rows])
		for rows in groups.values()
		if len(rows) > 1
	]
