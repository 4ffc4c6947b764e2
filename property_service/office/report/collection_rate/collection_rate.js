// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.query_reports["Collection Rate"] = {
	filters: [
		{ fieldname: "community", label: __("Community"), fieldtype: "Link", options: "Community" },
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.month_start(), -11),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.month_end(), reqd: 1 },
	],
};
