// Review screen: outline image findings, link findings to their spans, keyboard shortcuts.
(function () {
  "use strict";
  function placeBoxes() {
    document.querySelectorAll(".img-wrap").forEach(function (wrap) {
      var img = wrap.querySelector("img");
      var w = +wrap.dataset.w, h = +wrap.dataset.h;
      if (!img || !w || !h) return;
      var sx = img.clientWidth / w, sy = img.clientHeight / h;
      wrap.querySelectorAll(".box").forEach(function (box) {
        var b = box.dataset.box.split(",").map(Number);
        box.style.left = img.offsetLeft + b[0] * sx + "px";
        box.style.top = img.offsetTop + b[1] * sy + "px";
        box.style.width = b[2] * sx + "px";
        box.style.height = b[3] * sy + "px";
      });
    });
  }
  window.addEventListener("load", placeBoxes);
  window.addEventListener("resize", placeBoxes);

  var items = Array.prototype.slice.call(document.querySelectorAll(".finding[data-finding]"));
  var current = -1;
  function spotFor(li) {
    var id = li.dataset.finding;
    return document.querySelector('.reader [data-findings~="' + id + '"]') ||
      document.querySelector('.reader [data-finding="' + id + '"]') ||
      document.querySelector('.reader [data-target="' + li.dataset.target + '"]');
  }
  function focusFinding(i) {
    if (!items.length) return;
    current = (i + items.length) % items.length;
    items.forEach(function (li) { li.classList.remove("current"); });
    var li = items[current];
    li.classList.add("current");
    li.scrollIntoView({block: "nearest"});
    var spot = spotFor(li);
    if (spot) {
      spot.scrollIntoView({block: "center", behavior: "smooth"});
      spot.classList.remove("pulse"); void spot.offsetWidth; spot.classList.add("pulse");
    }
  }
  items.forEach(function (li, i) { li.addEventListener("click", function () { focusFinding(i); }); });

  // Dismiss a finding as a false alarm without leaving the page.
  document.querySelectorAll(".dismiss-form").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      fetch(form.action, {method: "POST", body: new FormData(form), headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function () { window.location.reload(); })
        .catch(function () { form.submit(); });
    });
  });
  var tpl = document.getElementById("message-template");
  if (tpl) tpl.addEventListener("change", function () {
    var box = document.getElementById("id_message");
    if (tpl.value) box.value = (box.value ? box.value + "\n" : "") + tpl.value;
    tpl.value = "";
  });
  var helpToggle = document.getElementById("help-toggle");
  if (helpToggle) helpToggle.addEventListener("click", function () {
    var h = document.getElementById("help"); h.hidden = !h.hidden;
  });
  // Leaving the review screen without deciding releases the claim (a decision releases it anyway).
  var releaseUrl = document.getElementById("release-url");
  var leavingByForm = false;
  document.querySelectorAll("form").forEach(function (f) { f.addEventListener("submit", function () { leavingByForm = true; }); });
  if (releaseUrl && navigator.sendBeacon) window.addEventListener("pagehide", function () {
    if (leavingByForm) return;
    var form = document.getElementById("release-form");
    navigator.sendBeacon(JSON.parse(releaseUrl.textContent), new FormData(form));
  });

  function click(id) { var el = document.getElementById(id); if (el) el.click(); }
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "input" || tag === "select" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") focusFinding(current + 1);
    else if (e.key === "k") focusFinding(current - 1);
    else if (e.key === "a") click("btn-approve");
    else if (e.key === "r") click("btn-return");
    else if (e.key === "x") click("btn-reject");
    else if (e.key === "n") click("next-post");
    else if (e.key === "?") { var h = document.getElementById("help"); if (h) h.hidden = !h.hidden; }
    else return;
    e.preventDefault();
  });
})();
