// Special Service list: "Bill Completed" for accountants, which bills every completed booking of a
// period in one action (the states' colours are the DocType's Document States).

frappe.listview_settings["Special Service"] = {
	add_fields: ["status", "sales_invoice"],
	onload(listview) {
		if (!frappe.model.can_create("Sales Invoice")) return;
		listview.page.add_inner_button(__("Bill Completed"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Bill Completed Bookings"),
				fields: [
					{
						fieldname: "from_date",
						label: __("From Date"),
						fieldtype: "Date",
						reqd: 1,
						default: frappe.datetime.month_start(),
					},
					{
						fieldname: "to_date",
						label: __("To Date"),
						fieldtype: "Date",
						reqd: 1,
						default: frappe.datetime.month_end(),
					},
					{
						fieldname: "community",
						label: __("Community"),
						fieldtype: "Link",
						options: "Community",
					},
				],
				primary_action_label: __("Create Invoices"),
				primary_action(values) {
					dialog.hide();
					frappe
						.xcall("property_service.api.billing.bill_special_services", values)
						.then((result) => {
							const failed = Object.entries(result.failed);
							let message = __("{0} invoices created.", [result.invoices.length]);
							if (failed.length) {
								message +=
									"<br>" +
									__("Not billed:") +
									"<ul>" +
									failed
										.map(
											([name, why]) =>
												`<li>${frappe.utils.escape_html(
													name
												)}: ${frappe.utils.escape_html(why)}</li>`
										)
										.join("") +
									"</ul>";
							}
							frappe.msgprint(message, __("Billing"));
							listview.refresh();
						});
				},
			});
			dialog.show();
		});
	},
};
