// Review screen: outline image findings, link findings to their spans, the decision panel, keyboard shortcuts.
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

  // The decision panel (issue 11): keys and clicks choose, only the confirmation submits.
  var form = document.getElementById("decision-form");
  var panel = document.getElementById("decision-panel");
  var confirmBtn = document.getElementById("btn-confirm");
  var consequence = document.getElementById("consequence");
  var errorBox = document.getElementById("decision-error");
  var overrideBox = document.getElementById("id_override");
  var liveBlock = document.querySelectorAll(".finding.sev-block:not(.dismissed)").length;
  var PLACEHOLDER = /\{[^{}\s]{1,20}\}/g;
  var texts = (document.getElementById("panel-text") || {}).dataset || {};  // the panel's words, in the UI language
  function outcome() { var r = form && form.querySelector("input[name=outcome]:checked"); return r ? r.value : ""; }
  function reasonBoxes() { return form ? Array.prototype.slice.call(form.querySelectorAll("input[name=reasons]")) : []; }
  function chosenReasons() { return reasonBoxes().filter(function (b) { return b.checked; }).map(function (b) { return b.value; }); }
  function showError(text, field) {
    errorBox.textContent = text; errorBox.hidden = !text;
    if (text && field) field.focus();
  }
  var previewSeq = 0;
  function refreshPreview() {
    if (!form || !consequence) return;
    var o = outcome();
    if (!o) { consequence.textContent = consequence.dataset.empty || consequence.textContent; return; }
    var q = new URLSearchParams({outcome: o});
    chosenReasons().forEach(function (r) { q.append("reasons", r); });
    var serious = document.getElementById("id_serious");
    if (serious && serious.checked) q.set("serious", "1");
    var seq = ++previewSeq;
    fetch(form.dataset.previewUrl + "?" + q.toString(), {headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) { if (seq === previewSeq) consequence.textContent = data.sentence; })
      .catch(function () {});
  }
  function refreshPanel() {
    if (!form) return;
    var o = outcome();
    form.dataset.outcome = o;
    var approve = o === "approve";
    reasonBoxes().forEach(function (b) { b.disabled = approve; if (approve) b.checked = false; });
    var wrap = form.querySelector(".needs-override");
    if (wrap) wrap.hidden = !(approve && liveBlock > 0);
    if (confirmBtn) confirmBtn.disabled = !o;
    showError("");
    refreshPreview();
  }
  function validate() {
    var o = outcome(), msg = document.getElementById("id_message");
    if (!o) return [texts.choose, panel];
    if (o === "approve") {
      if (liveBlock > 0 && !(overrideBox && overrideBox.value.trim()))
        return [texts.override, overrideBox];
      return null;
    }
    if (!chosenReasons().length) return [texts.reasons, reasonBoxes()[0]];
    if ((o === "return" || o === "reject") && !msg.value.trim()) return [texts.message, msg];
    var left = msg.value.match(PLACEHOLDER);
    if (left) return [texts.placeholders + " " + left.join(", "), msg];
    return null;
  }
  if (form) {
    consequence.dataset.empty = consequence.textContent;
    form.addEventListener("change", function (e) {
      if (e.target.name === "outcome") refreshPanel();
      else if (e.target.name === "reasons" || e.target.name === "serious") refreshPreview();
    });
    form.addEventListener("submit", function (e) {
      var problem = validate();
      if (problem) { e.preventDefault(); showError(problem[0], problem[1]); }
    });
    // Enter anywhere in the panel (outside the text boxes) is the explicit confirmation.
    panel.addEventListener("keydown", function (e) {
      var tag = (e.target.tagName || "").toLowerCase();
      if (e.key !== "Enter" || tag === "textarea" || tag === "select" || tag === "button") return;
      e.preventDefault();
      if (!confirmBtn.disabled) form.requestSubmit(confirmBtn);
    });
    refreshPanel();
  }
  function chooseOutcome(id) {
    var radio = document.getElementById(id);
    if (!radio) return;
    radio.checked = true;
    refreshPanel();
    panel.scrollIntoView({block: "nearest"});
    panel.focus();
  }
  function useAsReason(rule) {
    var box = form && form.querySelector('input[name=reasons][value="' + rule + '"]');
    if (!box) return;
    if (outcome() === "approve" || !outcome()) chooseOutcome("btn-return");
    box.checked = true;
    var group = box.closest("details"); if (group) group.open = true;
    box.closest("label").classList.add("used");
    refreshPreview();
  }
  document.querySelectorAll(".use-reason").forEach(function (btn) {
    btn.addEventListener("click", function (e) { e.stopPropagation(); useAsReason(btn.dataset.rule); });
  });

  // Dismiss a finding as a false alarm without leaving the page (the panel keeps what was chosen).
  document.querySelectorAll(".dismiss-form").forEach(function (f) {
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      fetch(f.action, {method: "POST", body: new FormData(f), headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) {
          var li = f.closest(".finding");
          if (!data.dismissed || !li) { window.location.reload(); return; }
          li.classList.add("dismissed");
          f.hidden = true;
          var use = li.querySelector(".use-reason"); if (use) use.hidden = true;
          li.querySelector(".f-target").append(" · " + (texts.dismissed || "已标记为误报"));
          liveBlock = document.querySelectorAll(".finding.sev-block:not(.dismissed)").length;
          var rule = li.dataset.rule, stillLive = document.querySelector('.finding.sev-block:not(.dismissed)[data-rule="' + rule + '"]');
          var box = form && form.querySelector('input[name=reasons][value="' + rule + '"]');
          if (box && !stillLive) { var tag = box.closest("label").querySelector(".proposed-tag"); if (tag) tag.remove(); }
          refreshPanel();
        })
        .catch(function () { f.submit(); });
    });
  });
  var tpl = document.getElementById("message-template");
  if (tpl) tpl.addEventListener("change", function () {
    var box = document.getElementById("id_message");
    if (!tpl.value) return;
    var text = tpl.value.split("{标题}").join(form.dataset.title || "");
    box.value = (box.value ? box.value + "\n" : "") + text;
    tpl.value = "";
    box.focus();
    var m = PLACEHOLDER.exec(box.value); PLACEHOLDER.lastIndex = 0;
    if (m) box.setSelectionRange(m.index, m.index + m[0].length);  // the first blank to fill
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
    else if (e.key === "a") chooseOutcome("btn-approve");  // chooses; Enter or the button confirms
    else if (e.key === "r") chooseOutcome("btn-return");
    else if (e.key === "x") chooseOutcome("btn-reject");
    else if (e.key === "u" && current >= 0) { var u = items[current].querySelector(".use-reason"); if (u) u.click(); }
    else if (e.key === "f" && current >= 0) { var d = items[current].querySelector(".dismiss-btn"); if (d) d.click(); }
    else if (e.key === "n") click("next-post");
    else if (e.key === "?") { var h = document.getElementById("help"); if (h) h.hidden = !h.hidden; }
    else return;
    e.preventDefault();
  });
})();
