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
	context.title = _("My Bills")
	context.show_sidebar = False
