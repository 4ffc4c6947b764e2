// Forms of the service desk (Service Request, Complaint, Special Service), loaded for each through
// doctype_js in hooks.py; the handlers are registered once.
//
// - A technician records the work; the rest of the record is the office's. The server sends the
//   office's fields in __onload (lifecycle.show_technician_limits) and refuses changes to them;
//   the form shows them read-only, the description first and the next workflow steps as buttons.
// - ERPNext's SLA banner is literal English ("Time to Respond: Fulfilled", erpnext/public/js/
//   utils.js); when ERPNext draws it on our forms, the same facts are drawn in the user's language.
if (!window.property_service_desk_form) {
	window.property_service_desk_form = true;

	const HOUR = 3600 * 1000;

	const clock = (label, due, done_on) => {
		let text, colour;
		if (done_on) {
			const met = moment(done_on).isSameOrBefore(moment(due));
			[text, colour] = met ? [__("met"), "green"] : [__("missed"), "red"];
		} else {
			const left = moment(due).diff(frappe.datetime.system_datetime(true));
			if (left <= 0) {
				[text, colour] = [__("overdue"), "red"];
			} else if (left < HOUR) {
				[text, colour] = [__("{0} min left", [Math.ceil(left / 60000)]), "orange"];
			} else {
				[text, colour] = [__("{0} h left", [Math.round(left / HOUR)]), "green"];
			}
		}
		return `<div class="col-xs-12 col-sm-6"><span class="indicator whitespace-nowrap ${colour}">
			<span>${__("{0}: {1}", [label, text])}</span></span></div>`;
	};

	const sla_headline = (doc) => {
		if (!doc.response_by) {
			const met = doc.agreement_status === "Fulfilled";
			return `<div class="row"><div class="col-xs-12"><span class="indicator ${met ? "green" : "red"}">
				<span>${met ? __("Service level met") : __("Service level missed")}</span></span></div></div>`;
		}
		let html = clock(__("Response Time"), doc.response_by, doc.first_responded_on);
		if (doc.sla_resolution_by) {
			html += clock(__("Resolution Time"), doc.sla_resolution_by, doc.sla_resolution_date);
		}
		return `<div class="row">${html}</div>`;
	};

	const ERPNEXT_SLA = /Time to Respond|Service Level Agreement (has been fulfilled|Failed)/;

	// installed before ERPNext's onload and refresh handlers get their answer from the server
	const translate_sla_banner = (frm) => {
		const dashboard = frm.dashboard;
		if (!dashboard || dashboard.__property_service_sla) return;
		dashboard.__property_service_sla = true;
		const set_headline_alert = dashboard.set_headline_alert.bind(dashboard);
		dashboard.set_headline_alert = (html, ...rest) =>
			set_headline_alert(ERPNEXT_SLA.test(html || "") ? sla_headline(frm.doc) : html, ...rest);
	};

	// a technician's job: what to do first, and the next step as a button, not in a menu
	const show_the_work_first = (frm) => {
		const description = frm.fields_dict.description;
		if (!description) return;
		const section = $(description.wrapper).closest(".form-section");
		section.prependTo(section.closest(".form-page"));
		section.siblings(".ps-next-steps").remove();
		frappe.xcall("frappe.model.workflow.get_transitions", { doc: frm.doc }).then((transitions) => {
			if (!transitions.length) return;
			const steps = $('<div class="ps-next-steps form-section card-section">').insertAfter(section);
			const row = $('<div class="section-body" style="gap: 8px; padding: 12px 20px">').appendTo(steps);
			for (const { action } of transitions) {
				$('<button class="btn btn-primary btn-sm">')
					.text(__(action))
					.attr("data-action", action)
					.on("click", () =>
						frappe
							.xcall("frappe.model.workflow.apply_workflow", { doc: frm.doc, action })
							.then(() => frm.reload_doc())
					)
					.appendTo(row);
			}
		});
	};

	// a completed repair inside a unit with a chargeable repair service becomes a booking
	const offer_repair_billing = (frm) => {
		const doc = frm.doc;
		const done = (frappe.boot.property_service?.done[frm.doctype] || []).includes(doc.status);
		if (frm.doctype !== "Service Request" || !done || !doc.unit || !doc.repair_service) return;
		if (doc.special_service || !frm.perm[1]?.write || !frappe.model.can_create("Special Service")) {
			return;
		}
		frm.add_custom_button(__("Bill Repair"), () =>
			frappe
				.xcall("property_service.api.service_desk.bill_repair", { service_request: doc.name })
				.then((booking) => frappe.set_route("Form", "Special Service", booking))
		);
	};

	for (const doctype of ["Service Request", "Complaint", "Special Service"]) {
		frappe.ui.form.on(doctype, {
			setup(frm) {
				translate_sla_banner(frm);
				// a record about a whole building names one of its community's
				if (frm.fields_dict.repair_service) {
					frm.set_query("repair_service", () => ({ filters: { item_group: "Repair Services" } }));
				}
				if (frm.fields_dict.building) {
					frm.set_query("building", () => ({
						filters: frm.doc.community ? { community: frm.doc.community } : {},
					}));
				}
			},
			onload: translate_sla_banner,
			refresh(frm) {
				translate_sla_banner(frm);
				offer_repair_billing(frm);
				const office_fields = frm.doc.__onload?.office_fields;
				if (office_fields) {
					for (const fieldname of office_fields) {
						frm.set_df_property(fieldname, "read_only", 1);
					}
					show_the_work_first(frm);
				}
			},
		});
	}
}
