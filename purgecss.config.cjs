// `make css`: Bootstrap with only the selectors the pages use, committed as
// static/css/bootstrap.used.css (the app needs no Node to run).
// Content is every place a class name can come from: templates (ours, crispy's, Django's
// widget templates), our scripts and the Python that sets widget classes. Bootstrap's own
// script adds a few state classes at run time (collapse, alert dismissal): kept by name.
module.exports = {
  css: ["static/vendor/bootstrap/bootstrap.min.css"],
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "static/js/**/*.js",
    "static/insights/**/*.js",
    "{accounts,applications,exports,followup,insights,jobtrack,letters,overview,reminders,trash}/**/*.py",
    ".venv/lib/python3.11/site-packages/crispy_bootstrap5/templates/**/*.html",
    ".venv/lib/python3.11/site-packages/crispy_forms/templates/**/*.html",
    ".venv/lib/python3.11/site-packages/django/forms/templates/**/*.html",
  ],
  safelist: {
    standard: ["show", "showing", "hiding", "collapsing", "fade", "was-validated"],
    // Messages pick their alert colour from the message level.
    deep: [/^alert-(success|info|warning|danger)$/],
    greedy: [/^is-(in)?valid$/, /data-bs-theme/],
  },
  variables: false,
  keyframes: true,
  fontFace: true,
};
