/* Autosave on the self-assessment pages: what the status next to each answer says, retries,
   and the choice when another tab changed the same answer.

   The page never claims a save that did not happen: "Saving…" while a request is out, "Saved"
   only from a 2xx answer of the server (it sends that text), and on a network error, a time-out
   or a 5xx "Not saved — retrying" with retries at growing intervals, then "Not saved — check
   your connection; your answer is kept on this page". A 422 shows the server's message; a 409
   (changed in another tab) shows both values and lets the person choose.

   Elements with data-autosave carry hx-post and hx-trigger="…, autosave-retry"; the server's
   answers carry data-saved (the values now stored, for the page's "initial-…" fields) or
   data-conflict ({"fields": …, "initial": …}). No inline script: the CSP forbids it. */
(function () {
  "use strict";

  var RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000, 30000]; // then every 30 s
  var FAILURES_BEFORE_WARNING = 3;
  var RETRYING = "Not saved — retrying";
  var OFFLINE = "Not saved — check your connection; your answer is kept on this page";

  var failures = new WeakMap(); // autosave element → failed attempts in a row
  var timers = new WeakMap(); // autosave element → pending retry
  var sources = new WeakMap(); // status element showing a conflict → its autosave element
  var notSaved = new Set(); // autosave elements whose latest attempt did not save
  var submitting = false;

  htmx.config.timeout = 20000; // a request that hangs counts as failed and is retried

  // The element that asked for the save (htmx:beforeSwap is fired on the target instead).
  function autosaveElement(event) {
    var detail = event.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return elt && elt.hasAttribute && elt.hasAttribute("data-autosave") ? elt : null;
  }

  function show(status, text, isError) {
    if (!status) return;
    status.textContent = "";
    var span = document.createElement("span");
    if (isError) span.className = "error-text";
    span.textContent = text;
    status.appendChild(span);
  }

  function setFormValues(form, values) {
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      var controls = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
      controls.forEach(function (control) {
        if (control.type === "radio" || control.type === "checkbox") {
          control.checked = control.value === value;
        } else {
          control.value = value;
        }
      });
    });
  }

  function readJSON(elt, attribute) {
    try {
      return JSON.parse(elt.getAttribute(attribute) || "{}");
    } catch (e) {
      return {};
    }
  }

  function clearRetry(elt) {
    var timer = timers.get(elt);
    if (timer) window.clearTimeout(timer);
    timers.delete(elt);
  }

  function retryLater(elt, status) {
    var count = (failures.get(elt) || 0) + 1;
    failures.set(elt, count);
    notSaved.add(elt);
    show(status, count > FAILURES_BEFORE_WARNING ? OFFLINE : RETRYING, true);
    clearRetry(elt);
    var delay = RETRY_DELAYS[Math.min(count - 1, RETRY_DELAYS.length - 1)];
    timers.set(
      elt,
      window.setTimeout(function () {
        timers.delete(elt);
        if (document.body.contains(elt)) htmx.trigger(elt, "autosave-retry");
      }, delay)
    );
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = autosaveElement(event);
    if (!elt) return;
    clearRetry(elt);
    if (!failures.get(elt)) show(event.detail.target, "Saving…", false);
  });

  // A 409 is an answer to show (both values and a choice), not an error to hide.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = autosaveElement(event);
    if (elt && event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = autosaveElement(event);
    if (!elt || !event.detail.xhr) return;
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if (status >= 200 && status < 300) {
      failures.delete(elt);
      notSaved.delete(elt);
      var saved = target && target.querySelector("[data-saved]");
      if (saved) setFormValues(elt.closest("form"), readJSON(saved, "data-saved"));
    } else if (status === 409) {
      failures.delete(elt);
      notSaved.add(elt);
      sources.set(target, elt);
    } else if (status === 422) {
      failures.delete(elt); // the server's message is shown; retrying would not help
      notSaved.add(elt);
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var elt = autosaveElement(event);
    if (!elt) return;
    var status = event.detail.xhr.status;
    if (status >= 500 || status === 408 || status === 429) {
      retryLater(elt, event.detail.target);
    } else {
      notSaved.add(elt);
      show(
        event.detail.target,
        "Not saved (error " + status + "). Your answer is kept on this page: copy it, then reload the page.",
        true
      );
    }
  });

  function networkFailure(event) {
    var elt = autosaveElement(event);
    if (elt) retryLater(elt, event.detail.target);
  }
  document.addEventListener("htmx:sendError", networkFailure);
  document.addEventListener("htmx:timeout", networkFailure);

  // When the browser says the connection is back, retry what is waiting at once.
  window.addEventListener("online", function () {
    notSaved.forEach(function (elt) {
      if (!failures.get(elt) || !document.body.contains(elt)) return;
      clearRetry(elt);
      htmx.trigger(elt, "autosave-retry");
    });
  });

  // "Keep yours" saves this tab's value over the other; "Use the other tab's" shows it here.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-autosave-keep]");
    if (!button) return;
    var status = button.closest(".save-status");
    var conflict = button.closest("[data-conflict]");
    var elt = status && sources.get(status);
    if (!conflict || !elt) return;
    var data = readJSON(conflict, "data-conflict");
    var form = elt.closest("form");
    setFormValues(form, data.initial || {});
    if (button.getAttribute("data-autosave-keep") === "mine") {
      htmx.trigger(elt, "autosave-retry");
    } else {
      setFormValues(form, data.fields || {});
      notSaved.delete(elt);
      show(status, "Showing the answer saved in the other tab.", false);
    }
  });

  // Leaving with an answer that is not saved asks first; the page's own buttons save everything.
  document.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (notSaved.size && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
