// Cashier Takings (收银日报): the counter's payments per day, cashier and mode, against the 交班.

frappe.query_reports["Cashier Takings"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today(), reqd: 1 },
		{ fieldname: "cashier", label: __("Cashier"), fieldtype: "Link", options: "User" },
	],
};
