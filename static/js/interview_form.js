// The "Log an interview" form: add/remove person cards, offer people met before, suggest
// the stage. Everything works without it (blank cards, checkboxes); this makes it quicker.
(function () {
  "use strict";
  var form = document.getElementById("interview-form");
  if (!form) { return; }
  var prefix = "people";
  var container = document.getElementById("person-forms");
  var template = document.getElementById("person-template");
  var totalInput = form.querySelector("[name='" + prefix + "-TOTAL_FORMS']");
  var maxInput = form.querySelector("[name='" + prefix + "-MAX_NUM_FORMS']");
  var addButton = document.getElementById("add-person");
  var appSelect = form.querySelector("[name='application']");
  var stageSelect = form.querySelector("[name='stage']");
  var returningBox = document.getElementById("returning-people");
  var returningChoices = document.getElementById("returning-choices");
  var stageTouched = false;
  // Which notes each stage's letters use, and its usual greeting: one table, from the server.
  var noteUse = form.dataset.noteUse ? JSON.parse(form.dataset.noteUse) : { fields: [], stages: {} };

  function field(card, name) {
    return card.querySelector("[name$='-" + name + "']");
  }

  function isBlank(card) {
    return ["name", "title", "email"].concat(noteUse.fields).every(function (name) {
      var input = field(card, name);
      return !input || !input.value.trim();
    });
  }

  function currentStage() {
    return noteUse.stages[stageSelect ? stageSelect.value : ""] || null;
  }

  // A note no letter of this stage uses is not asked for (one already typed stays in view).
  function showNotesForStage() {
    var stage = currentStage();
    if (!stage) { return; }
    noteUse.fields.forEach(function (name) {
      var used = stage.notes.indexOf(name) !== -1;
      form.querySelectorAll("[name='" + name + "'], [name$='-" + name + "']").forEach(function (input) {
        var wrapper = input.closest(".col-md-6") || input.closest("[id^='div_id_']");
        if (wrapper) { wrapper.hidden = !used && !input.value.trim(); }
      });
    });
  }

  // New, untouched cards greet the way people usually do at this stage.
  function defaultGreeting(card) {
    var stage = currentStage();
    if (!stage || card.dataset.returning || card.dataset.greetingTouched || !isBlank(card)) { return; }
    var radio = card.querySelector("[name$='-greeting'][value='" + stage.greeting + "']");
    if (radio) { radio.checked = true; }
  }

  function watchGreeting(card) {
    card.querySelectorAll("[name$='-greeting']").forEach(function (radio) {
      radio.addEventListener("change", function () { card.dataset.greetingTouched = "1"; });
    });
  }

  function visibleCards() {
    return Array.prototype.filter.call(container.querySelectorAll("[data-person-form]"), function (card) {
      return !card.hidden;
    });
  }

  // Removing a card ticks its DELETE box and hides it: the server ignores it, nothing is renumbered.
  function enhanceCard(card) {
    var wrapper = card.querySelector("[data-delete-wrapper]");
    var box = wrapper && wrapper.querySelector("input[type=checkbox]");
    if (!wrapper || wrapper.dataset.enhanced) { return; }
    wrapper.dataset.enhanced = "1";
    wrapper.hidden = true;
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "btn btn-sm btn-outline-secondary person-remove";
    remove.textContent = "Remove";
    var title = card.querySelector("[data-person-title]");
    remove.setAttribute("aria-label", "Remove " + (title ? title.textContent.trim() : "this person"));
    remove.addEventListener("click", function () { removeCard(card, box); });
    wrapper.parentNode.insertBefore(remove, wrapper);
    var name = field(card, "name");
    if (name && title) {
      name.addEventListener("input", function () {
        title.textContent = name.value.trim() || title.dataset.placeholder || title.textContent;
        remove.setAttribute("aria-label", "Remove " + (name.value.trim() || "this person"));
      });
      title.dataset.placeholder = title.textContent;
    }
  }

  function removeCard(card, box) {
    if (box) { box.checked = true; }
    card.hidden = true;
    var id = card.dataset.returning;
    if (id) {
      var tick = returningChoices.querySelector("input[value='" + id + "']");
      if (tick) { tick.checked = false; }
    }
    var next = visibleCards()[0];
    if (next) { field(next, "name").focus(); } else if (addButton) { addButton.focus(); }
  }

  function addCard() {
    var index = parseInt(totalInput.value, 10);
    if (maxInput && index >= parseInt(maxInput.value, 10)) { return null; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html;  // our own server-rendered template, no user text
    var card = holder.querySelector("[data-person-form]");
    container.appendChild(card);
    totalInput.value = String(index + 1);
    var title = card.querySelector("[data-person-title]");
    if (title) { title.textContent = "Person " + (visibleCards().length); }
    enhanceCard(card);
    watchGreeting(card);
    defaultGreeting(card);
    showNotesForStage();
    return card;
  }

  function fillCard(card, person) {
    field(card, "name").value = person.name || "";
    field(card, "title").value = person.title || "";
    field(card, "email").value = person.email || "";
    var coordinator = field(card, "is_coordinator");
    if (coordinator) { coordinator.checked = !!person.coordinator; }
    var greeting = card.querySelector("[name$='-greeting'][value='" + (person.greeting || "formal") + "']");
    if (greeting) { greeting.checked = true; }
    var title = card.querySelector("[data-person-title]");
    if (title) { title.textContent = person.name; }
    card.dataset.returning = person.id;
  }

  function onReturningChange(event) {
    var tick = event.target;
    if (!tick.matches("input[type=checkbox]")) { return; }
    var id = tick.value;
    var existing = container.querySelector("[data-returning='" + id + "']");
    if (tick.checked) {
      if (existing && !existing.hidden) { return; }
      var card = visibleCards().filter(function (c) { return isBlank(c) && !c.dataset.returning; })[0] || addCard();
      if (!card) { return; }
      fillCard(card, {
        id: id, name: tick.dataset.name, title: tick.dataset.title,
        email: tick.dataset.email, coordinator: tick.dataset.coordinator === "1",
        greeting: tick.dataset.greeting
      });
      var detail = field(card, "specific_detail");
      if (detail) { detail.focus(); }
    } else if (existing) {
      removeCard(existing, existing.querySelector("[data-delete-wrapper] input[type=checkbox]"));
    }
  }

  function renderReturning(data) {
    while (returningChoices.firstChild) { returningChoices.removeChild(returningChoices.firstChild); }
    (data.people || []).forEach(function (person, i) {
      var wrap = document.createElement("div");
      wrap.className = "form-check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.className = "form-check-input";
      input.name = "returning";
      input.value = String(person.id);
      input.id = "id_returning_" + i;
      input.dataset.name = person.name;
      input.dataset.title = person.title;
      input.dataset.email = person.email;
      input.dataset.coordinator = person.is_coordinator ? "1" : "";
      input.dataset.greeting = person.greeting || "formal";
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = person.title ? person.name + ", " + person.title : person.name;
      wrap.appendChild(input);
      wrap.appendChild(label);
      returningChoices.appendChild(wrap);
    });
    var title = document.getElementById("returning-title");
    if (title && data.company) { title.textContent = "People you met at " + data.company + " before"; }
    returningBox.hidden = !(data.people && data.people.length);
  }

  function onApplicationChange() {
    var newFields = form.querySelector("[data-new-application]");
    var chosen = appSelect.value;
    if (newFields) {
      newFields.hidden = !!chosen;
      newFields.querySelectorAll("input").forEach(function (input) { input.disabled = !!chosen; });
    }
    if (!chosen) {
      renderReturning({ people: [] });
      if (!stageTouched && stageSelect) { stageSelect.value = "first"; onStageChange(); }
      return;
    }
    var url = form.dataset.peopleUrl.replace("999999999", encodeURIComponent(chosen));
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || appSelect.value !== chosen) { return; }
        renderReturning(data);
        if (!stageTouched && stageSelect && data.stage) { stageSelect.value = data.stage; onStageChange(); }
      })
      .catch(function () { /* the form still works: typed names are matched on save */ });
  }

  function onStatusChange() {
    var checked = form.querySelector("[name='status']:checked");
    var scheduled = checked && checked.value === "scheduled";
    var endsLabel = form.querySelector("label[for='id_ends_at']");
    if (endsLabel && endsLabel.firstChild) {
      endsLabel.firstChild.textContent = (scheduled ? form.dataset.scheduledLabel : form.dataset.doneLabel);
    }
    var save = document.getElementById("save-button");
    if (save) { save.textContent = scheduled ? save.dataset.scheduledText : save.dataset.doneText; }
  }

  container.querySelectorAll("[data-person-form]").forEach(function (card) {
    enhanceCard(card);
    watchGreeting(card);
    defaultGreeting(card);
  });
  showNotesForStage();
  if (addButton) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var card = addCard();
      if (card) { field(card, "name").focus(); }
    });
  }
  if (returningChoices) { returningChoices.addEventListener("change", onReturningChange); }
  function onStageChange() {
    showNotesForStage();
    visibleCards().forEach(defaultGreeting);
  }
  if (stageSelect) {
    stageSelect.addEventListener("change", function () { stageTouched = true; onStageChange(); });
  }
  if (appSelect) {
    appSelect.addEventListener("change", onApplicationChange);
    if (appSelect.value) {
      var newFields = form.querySelector("[data-new-application]");
      var typed = newFields && Array.prototype.some.call(newFields.querySelectorAll("input"), function (i) { return i.value; });
      if (newFields && !typed) { newFields.hidden = true; newFields.querySelectorAll("input").forEach(function (i) { i.disabled = true; }); }
    }
  }
  form.querySelectorAll("[name='status']").forEach(function (radio) {
    radio.addEventListener("change", onStatusChange);
  });
  onStatusChange();
})();
