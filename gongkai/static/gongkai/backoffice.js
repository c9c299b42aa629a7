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
