// Loaded on every desk page, after Frappe's own bundles (hooks.app_include_js).

// A Datetime field's description: Frappe's control appends the user's time zone to it
// ("...<br>Asia/Shanghai") before the base control translates it, so the sentence no longer
// matches its translation and shows in English (Frappe 15 and 16). Translated first here; the
// time zone is then appended to the translation, and a second call finds it there.
(() => {
	const Datetime = frappe.ui.form.ControlDatetime;
	const set_description = Datetime.prototype.set_description;
	Datetime.prototype.set_description = function () {
		if (this.df.description) this.df.description = __(this.df.description);
		return set_description.call(this);
	};
})();
