// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.query_reports["Training Record"] = {
	filters: [
		{ fieldname: "staff", label: __("Staff Member"), fieldtype: "Link", options: "User", reqd: 1 },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
};
