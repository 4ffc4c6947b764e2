// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.query_reports["Service Statistics"] = {
	filters: [
		{ fieldname: "community", label: __("Community"), fieldtype: "Link", options: "Community" },
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.month_start(),
			reqd: 1,
		},
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.month_end(), reqd: 1 },
		{
			fieldname: "record",
			label: __("Records"),
			fieldtype: "Select",
			options: [
				{ value: "Service Request", label: __("Service Request") },
				{ value: "Complaint", label: __("Complaint") },
			],
			default: "Service Request",
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "week", label: __("Week") },
				{ value: "month", label: __("Month") },
				{ value: "request_type", label: __("Request Type") },
				{ value: "complaint_category", label: __("Complaint Category") },
				{ value: "channel", label: __("Channel") },
				{ value: "unit", label: __("Property Unit") },
				{ value: "building", label: __("Building") },
				{ value: "technician", label: __("Technician") },
				{ value: "handler", label: __("Handler") },
			],
			default: "week",
		},
	],
};
