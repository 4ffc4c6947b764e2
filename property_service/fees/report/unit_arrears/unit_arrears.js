// Unit Arrears: what each unit owes, aged, from ERPNext's receivables.

frappe.query_reports["Unit Arrears"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			reqd: 1,
			default: frappe.defaults.get_user_default("Company"),
		},
		{ fieldname: "community", label: __("Community"), fieldtype: "Link", options: "Community" },
		{
			fieldname: "building",
			label: __("Building"),
			fieldtype: "Link",
			options: "Building",
			get_query: () => {
				const community = frappe.query_report.get_filter_value("community");
				return community ? { filters: { community } } : {};
			},
		},
		{
			fieldname: "report_date",
			label: __("As On Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
	],
};
