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

// Date fields: a Chinese month calendar beside the text input (星期一 first). Typing still works, and so does
// the field without JavaScript; the calendar only writes an ISO date into the input.
(function () {
  "use strict";
  var WEEK = ["一", "二", "三", "四", "五", "六", "日"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function parse(value) {
    var m = /^(\d{4})\D(\d{1,2})\D(\d{1,2})/.exec(value || "");
    return m ? new Date(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function button(text, label, cls) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    return b;
  }
  function render(box, input, month) {
    box.textContent = "";
    var head = document.createElement("div"); head.className = "datepick-head";
    var prev = button("‹", "上个月", "datepick-nav"), next = button("›", "下个月", "datepick-nav");
    var title = document.createElement("span");
    title.textContent = month.getFullYear() + "年" + (month.getMonth() + 1) + "月";
    title.setAttribute("aria-live", "polite");
    prev.addEventListener("click", function () { render(box, input, new Date(month.getFullYear(), month.getMonth() - 1, 1)); });
    next.addEventListener("click", function () { render(box, input, new Date(month.getFullYear(), month.getMonth() + 1, 1)); });
    head.appendChild(prev); head.appendChild(title); head.appendChild(next);
    box.appendChild(head);
    var grid = document.createElement("div"); grid.className = "datepick-grid"; grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", title.textContent);
    WEEK.forEach(function (w) { var s = document.createElement("span"); s.className = "datepick-week"; s.textContent = w; grid.appendChild(s); });
    var first = new Date(month.getFullYear(), month.getMonth(), 1);
    for (var i = 0; i < (first.getDay() + 6) % 7; i++) grid.appendChild(document.createElement("span"));
    var chosen = input.value, today = iso(new Date());
    for (var d = first; d.getMonth() === month.getMonth(); d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)) {
      var value = iso(d);
      var day = button(String(d.getDate()), d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日",
        "datepick-day" + (value === chosen ? " is-chosen" : "") + (value === today ? " is-today" : ""));
      day.dataset.value = value;
      grid.appendChild(day);
    }
    box.appendChild(grid);
  }
  function attach(input) {
    var wrap = document.createElement("span"); wrap.className = "datepick";
    input.parentNode.insertBefore(wrap, input); wrap.appendChild(input);
    var open = button("选日期", null, "button datepick-open");
    open.setAttribute("aria-expanded", "false");
    var box = document.createElement("div"); box.className = "datepick-box"; box.hidden = true;
    box.setAttribute("role", "dialog"); box.setAttribute("aria-label", "日历");
    wrap.appendChild(open); wrap.appendChild(box);
    function close() { box.hidden = true; open.setAttribute("aria-expanded", "false"); }
    open.addEventListener("click", function () {
      if (!box.hidden) { close(); return; }
      var d = parse(input.value) || new Date();
      render(box, input, new Date(d.getFullYear(), d.getMonth(), 1));
      box.hidden = false; open.setAttribute("aria-expanded", "true");
      var target = box.querySelector(".is-chosen") || box.querySelector(".is-today") || box.querySelector(".datepick-day");
      if (target) target.focus();
    });
    box.addEventListener("click", function (event) {
      var day = event.target.closest(".datepick-day");
      if (!day) return;
      input.value = day.dataset.value;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      close(); input.focus();
    });
    wrap.addEventListener("keydown", function (event) { if (event.key === "Escape" && !box.hidden) { close(); open.focus(); } });
    // composedPath, not contains(): the month buttons are replaced while their click is still travelling
    document.addEventListener("click", function (event) { if (event.composedPath().indexOf(wrap) === -1) close(); });
  }
  function start() { Array.prototype.forEach.call(document.querySelectorAll("input.date-input[data-date]"), attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
