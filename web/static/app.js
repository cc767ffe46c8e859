// Overlap web view: the only script, loaded from this server (the CSP allows
// no other). It tells the server the browser's time zone, shows a loading
// state while a page is on its way, and copies subscription links.
(function () {
  "use strict";

  // The browser's zone becomes the default zone of every page (a cookie the
  // server reads); a page drawn in UTC for want of it is reloaded once.
  function rememberZone() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) { return; }
    document.cookie = "overlap_tz=" + encodeURIComponent(zone) + "; path=/; SameSite=Lax; max-age=31536000";
    var page = document.getElementById("team-page");
    if (page && page.dataset.tzSource === "default" && zone !== "UTC" && !sessionStorage.getItem("overlap-tz-reloaded")) {
      sessionStorage.setItem("overlap-tz-reloaded", "1");
      window.location.reload();
    }
  }

  function loadingState() {
    var bar = document.getElementById("loading");
    function busy() {
      document.body.classList.add("loading");
      if (bar) { bar.setAttribute("aria-busy", "true"); bar.textContent = ""; }
    }
    document.addEventListener("submit", busy);
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href]");
      if (a && a.origin === window.location.origin && a.getAttribute("href").charAt(0) !== "#" && !ev.ctrlKey && !ev.metaKey) { busy(); }
    });
    window.addEventListener("pageshow", function () { document.body.classList.remove("loading"); });
  }

  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var input = document.getElementById(btn.dataset.copy);
        if (!input) { return; }
        input.select();
        var done = function () { btn.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { btn.textContent = "Select and copy"; });
        } else {
          btn.textContent = "Selected: press Ctrl+C";
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    rememberZone();
    loadingState();
    copyButtons();
  });
})();
