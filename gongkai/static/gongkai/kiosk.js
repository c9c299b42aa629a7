// Kiosk mode of a service hall's touch terminal (/kiosk/<code>/): after the idle time without a touch,
// a key or a scroll, go back to the terminal's home page; wire the print buttons. Pages work without it.
(function () {
  "use strict";
  var marker = document.getElementById("gk-kiosk");
  if (!marker) return;
  var home = marker.getAttribute("data-home") || "/";
  var idle = parseInt(marker.getAttribute("data-idle"), 10);
  if (!(idle > 0)) idle = 120;
  var timer = null;

  function goHome() {
    var here = window.location.pathname + window.location.search;
    if (here === home && window.scrollY === 0) { restart(); return; }
    window.location.assign(home);
  }
  function restart() {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(goHome, idle * 1000);
  }
  ["pointerdown", "keydown", "scroll", "touchstart", "input"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true });
  });
  restart();

  document.querySelectorAll("[data-kiosk-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
