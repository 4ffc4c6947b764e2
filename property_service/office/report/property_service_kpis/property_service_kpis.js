// Copyright (c) 2026, Property Service Developers
// For license information, please see license.txt

frappe.query_reports["Property Service KPIs"] = {
	filters: [
		{ fieldname: "community", label: __("Community"), fieldtype: "Link", options: "Community" },
		{
			fieldname: "rank_communities",
			label: __("Rank Communities"),
			fieldtype: "Check",
			description: __("Without a community: every community you may see, ranked by the standards met"),
		},
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
		{
			fieldname: "trend",
			label: __("Trend of"),
			fieldtype: "Select",
			options: [
				{ value: "registration", label: __("Service registration answered on time") },
				{ value: "callbacks", label: __("Callbacks: home visits") },
				{ value: "completion", label: __("Dispatch and completion within the SLA") },
				{ value: "surveys", label: __("Opinion survey coverage") },
				{ value: "vacant_inspections", label: __("Vacant-unit inspection") },
				{ value: "incidents", label: __("Emergency incidents handled") },
				{ value: "summaries", label: __("Information summary and feedback (weekly)") },
				{ value: "findings", label: __("Quality-patrol findings handled on time") },
				{ value: "training", label: __("Staff training (weekly)") },
				{ value: "evaluations", label: __("Monthly staff evaluation") },
				{ value: "archives", label: __("Archive completeness") },
				{ value: "owner_visits", label: __("Monthly owner visits") },
				{ value: "complaint_results", label: __("Every complaint with a recorded result") },
			],
			default: "registration",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "route" && value) {
			return `<a href="${frappe.utils.escape_html(value)}">${__("View Records")}</a>`;
		}
		const shown = default_formatter(value, row, column, data);
		if (column.fieldname === "result" && data && data.passed !== null && data.passed !== undefined) {
			return `<span class="indicator-pill ${data.passed ? "green" : "red"}">${shown}</span>`;
		}
		return shown;
	},
};
