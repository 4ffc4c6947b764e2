from property_service.vocabulary import RESIDENT

app_name = "property_service"
app_title = "Property Service"
app_publisher = "Property Service Developers"
app_description = "Customer service for residential property management, beside ERPNext"
app_email = "dev@property-service.invalid"
app_license = "mit"

required_apps = ["frappe/erpnext", "frappe/payments"]  # payments: Payment Gateway for Payment Request

export_python_type_annotations = True
require_type_annotated_api_methods = True

boot_session = "property_service.core.desk.boot_session"
app_include_js = ["/assets/property_service/js/desk_fixes.js"]  # a Datetime description translated
jinja = {"methods": ["property_service.billing.payments.amount_in_chinese"]}  # the 收据's 大写
doctype_js = {
	**{
		doctype: "public/js/service_desk_form.js"
		for doctype in ("Service Request", "Complaint", "Special Service")
	},
	"Property Unit": "public/js/counter.js",  # the cashier's counter (fees/counter.py)
	"Payment Entry": "public/js/payment_entry.js",  # Refund (fees/refunds.py)
}
doctype_list_js = {
	"Service Request": "public/js/service_desk_list.js",
	"Complaint": "public/js/service_desk_list.js",
	"Special Service": "public/js/special_service_list.js",
}

# --- the doors Frappe opens beside the app's (property_service.security; README "Security") ----
auth_hooks = ["property_service.security.gate.guard"]
# Frappe 16 only (15 ignores it): see core/uploads.py NamedFilesRefused
extend_doctype_class = {"File": ["property_service.core.uploads.NamedFilesRefused"]}
override_whitelisted_methods = {
	"frappe.client.get_count": "property_service.security.queries.get_count",
	"frappe.desk.listview.get_group_by_count": "property_service.security.queries.get_group_by_count",
	"frappe.desk.like.toggle_like": "property_service.security.queries.toggle_like",
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": "property_service.security.desk.get_chart",
	"frappe.desk.form.document_follow.follow_document": "property_service.security.desk.follow_document",
	"frappe.desk.form.document_follow.update_follow": "property_service.security.desk.update_follow",
	"frappe.desk.search.get_link_title": "property_service.security.desk.get_link_title",
	"frappe.utils.global_search.search": "property_service.security.desk.search",
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": "property_service.security.desk.get_workflow_state_count",
	"frappe.desk.form.utils.get_next": "property_service.security.desk.get_next",
	"frappe.core.doctype.prepared_report.prepared_report.make_prepared_report": "property_service.security.desk.make_prepared_report",
}
override_doctype_class = {
	"Assignment Rule": "property_service.core.assignments.RuleAssignments",
	"File": "property_service.security.files.OfficeFile",
	"Notification": "property_service.core.notifications.CommunityNotification",
}

doc_events = {
	# our records' text printed as text, whatever the print format (issue 22)
	"*": {"before_print": "property_service.printing.escape_typed_text"},
	"File": {
		"before_insert": "property_service.core.uploads.keep_private",
		"validate": "property_service.security.files.check_file_url",
	},
	**{
		doctype: {
			"on_update": "property_service.security.clear_caches",
			"on_trash": "property_service.security.clear_caches",
		}
		for doctype in ("Custom DocPerm", "Custom Field", "DocType")
	},
	"ToDo": {
		"validate": "property_service.core.assignments.check_todo",
		"after_insert": "property_service.core.assignments.record_rule_assignee",
	},
	"User": {
		"on_update": "property_service.customer_service.assignment_rules.sync_rule_users",
		"after_delete": "property_service.customer_service.assignment_rules.sync_rule_users",
	},
	**{
		doctype: {
			"on_update": "property_service.core.assignments.unshare_previous_assignee",
			# nothing closes before its callback (customer_service/callbacks.py)
			"validate": "property_service.customer_service.callbacks.check_close",
		}
		for doctype in ("Service Request", "Complaint", "Special Service")
	},
	"Callback Record": {
		"on_update": [
			"property_service.core.assignments.unshare_previous_assignee",
			"property_service.engagement.routine_callbacks.on_callback_update",
		]
	},
	# a resident's household, looked up once per request, changes (core/permissions.py)
	**{
		doctype: {"on_update": "property_service.core.permissions.forget_households"}
		for doctype in ("Property Owner", "Property Unit")
	},
	"Communication": {"on_update": "property_service.customer_service.mail.fill_description"},
	"Email Queue": {"before_insert": "property_service.customer_service.mail.add_thread_headers"},
	"Sales Invoice": {
		"on_submit": "property_service.operations.renovation.draft_refund_payment",
		"on_cancel": [
			"property_service.billing.invoices.release_key",
			"property_service.special_services.billing.back_to_billing",
			"property_service.operations.renovation.deposit_invoice_cancelled",
		],
	},
	"Property Service Settings": {"validate": "property_service.fees.dunning.check_thresholds"},
	"Dunning": {
		"validate": "property_service.fees.dunning.validate",
		"on_submit": "property_service.fees.dunning.tell_residents",
	},
	"Payment Entry": {
		"before_validate": "property_service.fees.refunds.before_validate",
		"validate": [
			"property_service.fees.counter.keep_receipt_no",
			"property_service.fees.refunds.validate",
		],
		"before_submit": "property_service.fees.refunds.before_submit",
		"on_submit": "property_service.fees.refunds.on_submit",
		"before_cancel": "property_service.fees.refunds.before_cancel",
		"on_cancel": "property_service.fees.refunds.on_cancel",
	},
}


def _forget_homes(events: dict) -> None:
	"""The resident home, kept rendered per resident, is built again when what it shows changes
	(portal/home_cache.py): on_change follows every save, submit, cancel and db_set."""
	sources = (
		"Service Request",
		"Complaint",
		"Special Service",
		"Callback Record",
		"Survey Response",
		"Activity Signup",
		"Sales Invoice",
		"Dunning",
		"Payment Entry",  # a unit's prepaid balance
		"Property Unit",
		"Property Owner",
		"Renovation Application",
		"Notice",
		"Community Activity",
		"Opinion Survey",
		"User",
	)
	for doctype in sources:
		for event in ("on_change", "on_trash"):
			handlers = events.setdefault(doctype, {}).get(event) or []
			handlers = [handlers] if isinstance(handlers, str) else handlers
			events[doctype][event] = [*handlers, "property_service.portal.home_cache.forget"]
	for doctype in ("Custom DocPerm", "Custom Field", "DocType"):  # permissions decide what it lists
		events[doctype]["on_update"] = [
			events[doctype]["on_update"],
			"property_service.portal.home_cache.forget_all",
		]


_forget_homes(doc_events)
page_renderer = ["property_service.portal.home_cache.ResidentHomePage"]
clear_cache = "property_service.portal.home_cache.forget_all"
website_clear_cache = "property_service.portal.home_cache.forget_all"

# Installation
# ------------

before_install = "property_service.setup.install.before_install"
after_install = ["property_service.setup.install.after_install", "property_service.security.after_migrate"]
after_migrate = ["property_service.setup.install.after_migrate", "property_service.security.after_migrate"]
before_uninstall = "property_service.setup.install.before_uninstall"
setup_wizard_complete = "property_service.setup.install.after_erpnext_setup"

# What the core knows of each feature module's DocTypes (core/registry.py)
property_service_records = [
	"property_service.customer_service.records.RECORDS",
	"property_service.special_services.records.RECORDS",
	"property_service.operations.records.RECORDS",
	"property_service.engagement.records.RECORDS",
	"property_service.office.records.RECORDS",
]

# Who is told what: each module's Notification records (core/notifications.py)
property_service_notifications = [
	"property_service.customer_service.notifications.specs",
	"property_service.safety.notifications.specs",
	"property_service.engagement.notifications.specs",
]

# Permissions: residents see their own units' records (core/permissions.py)
# ------------

_resident_scoped = ("Property Owner", "Property Unit", "Building", "Community")
permission_query_conditions = {
	doctype: "property_service.core.permissions.query_conditions" for doctype in _resident_scoped
}
has_permission = {doctype: "property_service.core.permissions.has_permission" for doctype in _resident_scoped}
for _doctype in ("Service Request", "Complaint", "Callback Record", "Special Service"):
	permission_query_conditions[_doctype] = "property_service.core.permissions.service_query_conditions"
	has_permission[_doctype] = "property_service.core.permissions.service_has_permission"
has_website_permission = {
	doctype: "property_service.core.permissions.website_permission"
	for doctype in ("Service Request", "Complaint", "Special Service", "Notice")
}
for _doctype in ("Survey Response", "Activity Signup", "Renovation Application"):
	permission_query_conditions[_doctype] = "property_service.core.permissions.own_query_conditions"
	has_permission[_doctype] = "property_service.core.permissions.own_has_permission"
for _doctype in ("Owner Visit", "Owner Visit Summary", "Work Diary"):
	permission_query_conditions[_doctype] = "property_service.core.permissions.private_query_conditions"
	has_permission[_doctype] = "property_service.core.permissions.private_has_permission"
permission_query_conditions["Owner Data Update"] = (
	"property_service.core.permissions.company_query_conditions"
)
has_permission["Owner Data Update"] = "property_service.core.permissions.company_has_permission"
# child rows only of parents the user may read, for every child DocType of every app
permission_query_conditions["*"] = "property_service.security.queries.child_rows"
permission_query_conditions["Notice"] = (
	"property_service.customer_service.notice_board.notice_query_conditions"
)
has_permission["Notice"] = "property_service.customer_service.notice_board.notice_has_permission"

# reads of a stopped replica go to the primary (core/replica.py)
before_request = ["property_service.core.replica.read_primary_when_replica_down"]
before_job = ["property_service.core.replica.read_primary_when_replica_down"]

# Scheduled jobs
# --------------

scheduler_events = {
	"hourly": [
		"property_service.customer_service.escalation.escalate_overdue",
	],
	"daily": [
		"property_service.property.occupancy.refresh_units_changing_today",
		"property_service.property.customers.sync_people_moving_today",
		"property_service.customer_service.callbacks.make_due_callbacks",
		"property_service.engagement.surveys.close_ended_surveys",
		"property_service.engagement.visits.draft_summaries",
		"property_service.operations.findings.report_overdue",
		"property_service.safety.plans.remind_reviews",
		"property_service.billing.masters.refresh_month_sales",
	],
	# the month's visit plans, vacant-unit inspections, last month's owner-data update and filing: made on
	# the 1st (monthly_long) and looked for daily (a site set up mid-month, a missed run, a unit
	# fallen vacant); making them twice makes nothing
	"daily_long": [
		# one job per community on the long queue (office/month.py)
		"property_service.office.month.enqueue_month",
		"property_service.safety.evaluations.make_evaluations",
		# drafts for the office to review and open: a survey each half year, a callback round
		# each quarter (once per community and period)
		"property_service.engagement.calendar.draft_half_year_surveys",
		"property_service.engagement.calendar.draft_quarter_rounds",
		# a draft 催缴通知书 per fee invoice and level reached (fees/dunning.py)
		"property_service.fees.dunning.daily_dunnings",
	],
	"monthly_long": [
		"property_service.office.month.enqueue_month",
		"property_service.safety.evaluations.make_evaluations",
	],
	"monthly": [
		"property_service.fees.fee_run.monthly_runs",
		"property_service.office.summaries.draft_monthly",
	],
	# the information summary of the week just ended, for the supervisors to write (seed 12.1.1):
	# Monday 06:00, when the week is over (Frappe's "weekly" fires at Sunday 00:00, a day early)
	"cron": {
		"0 6 * * 1": ["property_service.office.summaries.draft_weekly"],
		# a fee run that lost a worker is reported to whoever ran it (it can be run again): a
		# killed worker's job stops beating within two minutes (core/jobs.py)
		"*/5 * * * *": ["property_service.fees.fee_run.report_stalled_runs"],
		# WeChat Pay and Alipay orders left unpaid: asked about (a lost notification's payment is recorded), closed;
		# WeChat Pay refunds still processing: asked about (a lost refund notification)
		"*/10 * * * *": [
			"property_service.fees.wechat_pay.close_unpaid_orders",
			"property_service.fees.alipay.close_unpaid_orders",
			"property_service.fees.wechat_pay.check_refunds",
		],
	},
}

# --- resident portal ------------------------------------------------------------------------------
website_route_rules = [
	{"from_route": f"/resident/{kind}/<name>", "to_route": "resident/record", "defaults": {"kind": kind}}
	for kind in ("requests", "complaints", "bookings")
] + [{"from_route": "/resident/surveys/<name>", "to_route": "resident/survey"}]
role_home_page = {RESIDENT: "resident"}
portal_menu_items = [
	{"title": "Resident Home", "route": "/resident", "role": RESIDENT},
	{"title": "Special Services", "route": "/services"},
]
