// Back-office enhancements; every screen works without them. Loaded as a file (the CSP forbids inline scripts).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // File pickers: the Chinese "选择文件" button is a label; list the chosen names beside it.
  function showNames(input) {
    var out = input.parentNode.querySelector("[data-file-names]");
    if (!out) return;
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    out.textContent = names.length ? "已选择：" + names.join("、") : "未选择文件";
  }
  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches(".file-picker input[type=file]")) showNames(t);
  });
})();

// A link to #domain-… (or any id inside a closed <details>) opens that details first.
(function () {
  "use strict";
  function openTarget() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openTarget);
  else openTarget();
})();
