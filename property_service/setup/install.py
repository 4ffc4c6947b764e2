"""Install, migrate and uninstall hooks. Everything here is safe to run twice.

The app needs nothing from ERPNext's setup wizard to install: what depends on ERPNext's masters
(Company, Item Group and Price List roots) is created by the feature that needs it once those
masters exist.
"""

import frappe

from property_service.billing.invoices import CUSTOM_FIELDS as INVOICE_FIELDS
from property_service.billing.invoices import ensure_invoice_fields
from property_service.billing.masters import (
	ensure_currency_fractions,
	ensure_month_sales_daily,
	remove_custom_fields,
)
from property_service.billing.payments import CUSTOM_FIELDS as PAYMENT_FIELDS
from property_service.billing.payments import ensure_modes_of_payment, ensure_payment_fields
from property_service.core.notifications import ensure_notifications, remove_notifications
from property_service.core.workflows import ensure_workflows, remove_workflows
from property_service.customer_service.assignment_rules import CUSTOM_FIELDS as RULE_FIELDS
from property_service.customer_service.assignment_rules import (
	ensure_assignment_rules,
	remove_assignment_rules,
)
from property_service.customer_service.sla import ensure_default_slas
from property_service.fees.counter import ensure_counter_rights, remove_counter_rights
from property_service.fees.dunning import CUSTOM_FIELDS as DUNNING_FIELDS
from property_service.fees.dunning import ensure_dunning_fields
from property_service.fees.fee_items import ensure_fee_items
from property_service.fees.online_payments import CUSTOM_FIELDS as REQUEST_FIELDS
from property_service.fees.online_payments import ensure_request_fields, remove_request_rights
from property_service.fees.refunds import CUSTOM_FIELDS as REFUND_FIELDS
from property_service.fees.refunds import ensure_refund_fields
from property_service.office.indexes import ensure_indexes
from property_service.operations.renovation import ensure_deposit_setup
from property_service.safety.plans import ensure_plans
from property_service.setup.roles import create_roles, remove_unreferenced_roles
from property_service.special_services.catalog import CUSTOM_FIELDS as ITEM_FIELDS
from property_service.special_services.catalog import ensure_catalog


def before_install() -> None:
	# before the DocTypes sync: their permission rows would otherwise create the roles with
	# desk access, and the website-only Property Resident role would make residents desk users
	create_roles()


def after_install() -> None:
	ensure_app_records()


def after_migrate() -> None:
	ensure_app_records()


def ensure_app_records() -> None:
	"""What the app adds to a site beside its DocTypes; each step makes only what is missing."""
	create_roles()
	ensure_settings_defaults()
	ensure_workflows()
	ensure_notifications()
	ensure_assignment_rules()
	ensure_default_slas()
	ensure_invoice_fields()  # before the catalog's invoice field, which follows the unit's
	ensure_request_fields()
	ensure_dunning_fields()
	ensure_month_sales_daily()
	ensure_currency_fractions()
	ensure_payment_fields()
	ensure_refund_fields()
	ensure_counter_rights()
	ensure_modes_of_payment()
	ensure_catalog()
	ensure_fee_items()
	ensure_deposit_setup()
	ensure_plans()
	ensure_indexes()


def ensure_settings_defaults(doctype: str = "Property Service Settings") -> None:
	"""A setting added in an upgrade gets its default on sites that have the settings already
	(Frappe fills a Single's defaults only when it is first made); a stored value is kept."""
	singles = frappe.qb.Table("tabSingles")
	stored = set(
		frappe.qb.from_(singles).select(singles.field).where(singles.doctype == doctype).run(pluck=True)
	)
	for field in frappe.get_meta(doctype).fields:
		if field.default and field.fieldname not in stored:
			frappe.db.set_single_value(doctype, field.fieldname, field.default)


def after_erpnext_setup(wizard_answers: dict | None = None) -> None:
	"""setup_wizard_complete: ERPNext's masters exist now."""
	ensure_default_slas()
	ensure_invoice_fields()  # before the catalog's invoice field, which follows the unit's
	ensure_dunning_fields()
	ensure_month_sales_daily()
	ensure_currency_fractions()
	ensure_modes_of_payment()
	ensure_catalog()
	ensure_fee_items()
	ensure_deposit_setup()
	ensure_indexes()


def before_uninstall() -> None:
	remove_workflows()
	remove_notifications()
	remove_assignment_rules()
	remove_custom_fields(ITEM_FIELDS)
	remove_custom_fields(INVOICE_FIELDS)
	remove_custom_fields(REQUEST_FIELDS)
	remove_custom_fields(DUNNING_FIELDS)
	remove_custom_fields(REFUND_FIELDS)
	remove_custom_fields(PAYMENT_FIELDS)
	remove_counter_rights()
	remove_request_rights()
	remove_custom_fields(RULE_FIELDS)
	remove_unreferenced_roles()
