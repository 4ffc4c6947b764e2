// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.query_reports["Incomplete Archive Files"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_end(),
			reqd: 1,
		},
		{ fieldname: "community", label: __("Community"), fieldtype: "Link", options: "Community" },
		{ fieldname: "show_complete", label: __("Show Complete Files Too"), fieldtype: "Check" },
	],
};
