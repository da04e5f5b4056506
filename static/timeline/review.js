/* The review queue's keys. Each key presses a button or follows a link that is on the page and
   works without this script; htmx then swaps in the next event. Keys are ignored while the
   editor types in a field: Esc leaves the field, Enter in the headline or date confirms. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  const TEXT_TYPES = ["text", "search", "number", "date", "email", "url", "tel", "password"];

  function typing(target) {
    if (target.isContentEditable || target.closest(".select2-container")) return true;
    if (target.matches("textarea, select")) return true;
    return target.matches("input") && TEXT_TYPES.includes(target.type);
  }

  function review() {
    return document.getElementById("review");
  }

  function press(element) {
    if (element && !element.disabled) element.click();
  }

  function focusField(selector) {
    const field = review().querySelector(selector);
    if (field) {
      field.focus();
      field.select();
    }
  }

  function openReject(panel) {
    panel.open = true;
    const first = panel.querySelector("input[type=radio]");
    if (first) first.focus();
  }

  function rejectWith(panel, number) {
    const choice = panel.querySelector(`input[data-reason="${number}"]`);
    if (!choice) return false;
    choice.checked = true;
    panel.querySelector("form").requestSubmit();
    return true;
  }

  function onKey(event) {
    const root = review();
    if (!root || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (typing(event.target)) event.target.blur();
      root.querySelectorAll("details[open]").forEach((panel) => { panel.open = false; });
      const heading = root.querySelector("#event-heading");
      if (heading) heading.focus();
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && event.target.matches("#review-form textarea")) {
      // The headline box is a textarea to show it whole; Enter still confirms, as in a field.
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (typing(event.target)) return;
    const panel = root.querySelector("#reject-panel");
    let handled = true;
    if (panel && panel.open && /^[1-9]$/.test(event.key)) {
      handled = rejectWith(panel, event.key);
    } else if (event.key === "?") {
      const help = root.querySelector("#keys-help");
      if (help) help.open = !help.open;
    } else if (event.key === "e") {
      focusField("#id_title");
    } else if (event.key === "d") {
      focusField("#id_date");
    } else if (event.key === "r" && panel) {
      openReject(panel);
    } else {
      const target = root.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
      handled = Boolean(target);
      press(target);
    }
    if (handled) event.preventDefault();
  }

  function showCurrentNeighbour() {
    // The article's list scrolls on its own: keep the event under review in sight in it.
    const list = document.querySelector(".review-neighbours");
    const current = list && list.querySelector(".current");
    if (current) list.scrollTop = current.offsetTop - list.offsetTop - list.clientHeight / 3;
  }

  function afterSettle(event) {
    if (!event.detail.target || event.detail.target.id !== "review") return;
    const root = review();
    // Select2 widgets of the new event (the admin's autocomplete.js only sees the first page's).
    if (window.django && window.django.jQuery && window.django.jQuery.fn.djangoAdminSelect2) {
      window.django.jQuery(root).find(".admin-autocomplete").djangoAdminSelect2();
    }
    showCurrentNeighbour();
    const heading = root.querySelector("#event-heading") || root.querySelector("h2, h1");
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("DOMContentLoaded", showCurrentNeighbour);
  // After settling: htmx puts the old elements' attributes back on same-id elements until then.
  document.addEventListener("htmx:afterSettle", afterSettle);
})();
