/* The rater's form: once a section's questions are all answered and saved, open the next section
   that still has a question, so a rater on a phone moves on without hunting for it. Focus stays
   where it is (nothing moves under the person's finger), and the answered section stays open until
   they fold it. Without JavaScript the sections open and close by themselves (<details>). */
(function () {
  "use strict";

  function answered(section) {
    var fieldsets = section.querySelectorAll("fieldset");
    for (var i = 0; i < fieldsets.length; i++) {
      if (!fieldsets[i].querySelector("input[type=radio]:checked")) return false;
    }
    return true;
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    if (!elt || !elt.closest || !detail.xhr || detail.xhr.status < 200 || detail.xhr.status >= 300) return;
    var section = elt.closest("details.rater-section");
    if (!section || !answered(section)) return;
    var sections = Array.prototype.slice.call(document.querySelectorAll("details.rater-section"));
    var next = sections.slice(sections.indexOf(section) + 1).find(function (s) {
      return !answered(s);
    });
    if (next) next.open = true;
  });
})();
