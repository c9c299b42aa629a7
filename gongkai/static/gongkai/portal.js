// Small enhancements of the public portal; every page works without them.
(function () {
  "use strict";

  // The request form: show only the chosen applicant's section at once (the server does the same
  // when the choice button is pressed without JavaScript).
  function applicantSections(form) {
    var radios = form.querySelectorAll('input[name="applicant_type"]');
    if (!radios.length) return;
    var person = form.querySelector('[data-applicant="person"]');
    var organisation = form.querySelector('[data-applicant="organisation"]');
    var chooser = form.querySelector("[data-choose-type]");
    if (chooser) chooser.hidden = true;
    function update() {
      var chosen = form.querySelector('input[name="applicant_type"]:checked');
      var isPerson = !chosen || chosen.value === "natural_person";
      if (person) person.hidden = !isPerson;
      if (organisation) organisation.hidden = isPerson;
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  // The tracking code: copy and print buttons.
  function trackingButtons() {
    var copy = document.querySelector("[data-copy]");
    var done = document.querySelector("[data-copy-done]");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var text = document.getElementById(copy.getAttribute("data-copy")).textContent.trim();
        navigator.clipboard.writeText(text).then(function () {
          if (done) done.textContent = "已复制查询码 " + text;
        }, function () {
          if (done) done.textContent = "复制失败，请手工抄写查询码。";
        });
      });
    }
    var print = document.querySelector("[data-print]");
    if (print) {
      print.hidden = false;
      print.addEventListener("click", function () { window.print(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.portal-request-form").forEach(applicantSections);
    trackingButtons();
  });
})();
