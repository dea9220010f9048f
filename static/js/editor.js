// The author's post editor: a list of blocks (paragraph, heading, quote, image, video, product card)
// that can be added, reordered and removed, serialised into a reviewdesk.post/1 document on submit.
(function () {
  "use strict";
  var form = document.getElementById("post-editor");
  if (!form) return;
  var list = document.getElementById("blocks");
  var initial = JSON.parse(document.getElementById("initial-document").textContent);
  var imageUrls = JSON.parse(document.getElementById("image-urls").textContent);
  var staged = JSON.parse(document.getElementById("staged-images").textContent);
  var T = JSON.parse(document.getElementById("editor-strings").textContent);
  var LABELS = T.labels;
  var seq = 0;
  var sentCards = [];  // the block cards in the order the last serialised document listed them

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function field(label, input) { return el("label", {class: "bf"}, [el("span", {text: label}), input]); }
  function sizeText(n) { return (n / 1048576).toFixed(1) + " MB"; }
  // The server's limits and words (moderation.checks.uploads), checked before anything is uploaded.
  function refusal(f) {
    var ext = (f.name.split(".").pop() || "").toLowerCase().replace("jpg", "jpeg");
    var typeOk = T.formats.indexOf(ext) >= 0 || T.formats.indexOf((f.type || "").replace("image/", "")) >= 0;
    if (!typeOk || (f.type && f.type.indexOf("image/") !== 0)) return T.bad_format.replace("{name}", f.name);
    if (f.size > T.max_bytes) return T.too_large.replace("{name}", f.name).replace("{size}", sizeText(f.size));
    return "";
  }
  function input(name, value, attrs) {
    var i = el("input", Object.assign({type: "text", "data-k": name}, attrs || {}));
    if (value !== undefined && value !== null) i.value = value;
    return i;
  }
  function textarea(name, value, rows, label) {
    var t = el("textarea", {"data-k": name, rows: rows || 4, "aria-label": label || name});
    t.value = value || "";
    return t;
  }
  function imagePicker(key, ref) {
    // An image is either kept from the previous version (data-ref) or a new upload (file input).
    var wrap = el("div", {class: "img-pick", "data-k": key, "data-ref": ref || ""});
    if (ref && imageUrls[ref]) wrap.appendChild(el("img", {src: imageUrls[ref], class: "thumb", alt: ref}));
    var keep = null;
    if (ref && staged[ref]) {
      // kept from a failed submit: sent again by its key, not re-uploaded
      keep = el("input", {type: "hidden", name: "staged:" + ref, value: staged[ref]});
      wrap.appendChild(keep);
      wrap.appendChild(el("span", {class: "small kept", text: T.kept}));
    }
    var file = el("input", {type: "file", accept: "image/jpeg,image/png,image/webp,image/gif", "aria-label": T.image_file});
    var problem = el("p", {class: "error", role: "alert", hidden: "hidden"});
    function refuse(why) { problem.textContent = why; problem.hidden = !why; if (why) file.value = ""; return !why; }
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var chosen = file.files[0];
      if (!refuse(refusal(chosen))) return;
      // The name can lie (a renamed .txt): read the first bytes, as the server will.
      chosen.slice(0, 12).arrayBuffer().then(function (buf) {
        var b = new Uint8Array(buf), ascii = String.fromCharCode.apply(null, b);
        var ok = (b[0] === 0xff && b[1] === 0xd8) || ascii.indexOf("\x89PNG") === 0 || ascii.indexOf("GIF8") === 0 ||
          (ascii.indexOf("RIFF") === 0 && ascii.slice(8, 12) === "WEBP");
        if (file.files[0] === chosen && !ok) { refuse(T.bad_format.replace("{name}", chosen.name)); dropPreview(); }
      });
      if (keep) { keep.remove(); keep = null; var note = wrap.querySelector(".kept"); if (note) note.remove(); }
      var ext = (file.files[0].name.match(/\.(jpe?g|png|webp|gif)$/i) || [".jpg"])[0].toLowerCase();
      var newRef = "upload/" + Date.now().toString(36) + "-" + (seq++) + ext;
      file.name = "file:" + newRef;
      wrap.setAttribute("data-ref", newRef);
      var old = wrap.querySelector("img"); if (old) old.remove();
      var img = el("img", {class: "thumb", alt: ""}); img.src = URL.createObjectURL(file.files[0]);
      wrap.insertBefore(img, file);
    });
    function dropPreview() {
      var shown = wrap.querySelector("img"); if (shown) shown.remove();
      wrap.setAttribute("data-ref", "");
      file.removeAttribute("name");
    }
    wrap.appendChild(file);
    wrap.appendChild(problem);
    return wrap;
  }
  function controls(card) {
    function move(d) {
      var sib = d < 0 ? card.previousElementSibling : card.nextElementSibling;
      if (!sib) return;
      if (d < 0) list.insertBefore(card, sib); else list.insertBefore(sib, card);
    }
    var up = el("button", {type: "button", class: "mini", title: T.up, "aria-label": T.up, text: "↑"});
    var down = el("button", {type: "button", class: "mini", title: T.down, "aria-label": T.down, text: "↓"});
    var del = el("button", {type: "button", class: "mini danger-text", title: T.remove, "aria-label": T.remove, text: "✕"});
    up.onclick = function () { move(-1); }; down.onclick = function () { move(1); };
    del.onclick = function () { card.remove(); };
    return el("span", {class: "block-controls"}, [up, down, del]);
  }
  function addBlock(b, before) {
    var card = el("div", {class: "block-card", "data-type": b.type});
    card.appendChild(el("div", {class: "block-head"}, [el("b", {text: LABELS[b.type]}), controls(card)]));
    var name = LABELS[b.type];
    if (b.type === "paragraph") card.appendChild(textarea("text", b.text, 5, name));
    if (b.type === "heading") card.appendChild(input("text", b.text, {placeholder: name, "aria-label": name}));
    if (b.type === "quote") { card.appendChild(textarea("text", b.text, 3, name)); card.appendChild(field(T.source, input("source", b.source))); }
    if (b.type === "image") { card.appendChild(imagePicker("src", b.src)); card.appendChild(field(T.caption, input("caption", b.caption))); }
    if (b.type === "video") { card.appendChild(field(T.video_src, input("src", b.src))); card.appendChild(field(T.duration, input("duration_s", b.duration_s, {type: "number", min: 0}))); }
    if (b.type === "product") {
      var display = el("select", {"data-k": "display"}, [el("option", {value: "small", text: T.small}), el("option", {value: "large", text: T.large})]);
      display.value = b.display || "small";
      var onShelf = el("input", {type: "checkbox", "data-k": "on_shelf"}); onShelf.checked = b.on_shelf !== false;
      card.appendChild(el("div", {class: "product-grid"}, [
        field("SKU", input("sku", b.sku)), field(T.name, input("name", b.name)),
        field(T.brand, input("brand", b.brand)), field(T.category, input("category", b.category)),
        field(T.price, input("price", b.price, {type: "number", min: 0, step: "0.01"})),
        field(T.display, display), field(T.on_shelf, onShelf)]));
      var pick = imagePicker("image", b.image);
      card.appendChild(el("div", {class: "bf"}, [el("span", {text: T.product_image}), pick]));
    }
    list.insertBefore(card, before || null);
    return card;
  }
  function readBlock(card) {
    var b = {type: card.dataset.type};
    card.querySelectorAll("[data-k]").forEach(function (node) {
      var k = node.dataset.k, v;
      if (node.classList.contains("img-pick")) v = node.dataset.ref || "";
      else if (node.type === "checkbox") v = node.checked;
      else v = node.value;
      if (k === "price") v = v === "" ? null : Number(v);
      if (k === "duration_s") { if (v === "") return; v = Number(v); }
      if (v === "" && ["source", "caption", "brand", "category"].indexOf(k) >= 0) return;
      b[k] = v;
    });
    return b;
  }
  function documentFromForm() {
    return {
      format: "reviewdesk.post/1", author: {username: "-"},
      kind: form.querySelector("[name=kind]").value,
      title: form.querySelector("[name=title]").value,
      cover: form.querySelector("#cover-pick").dataset.ref || "",
      tags: form.querySelector("[name=tags]").value.split(/[,，]/).map(function (t) { return t.trim(); }).filter(Boolean),
      blocks: blocksToSend()
    };
  }
  // An empty text block (the starter paragraph left blank) is left out, not refused.
  function blocksToSend() {
    sentCards = [];
    var out = [];
    Array.prototype.forEach.call(list.children, function (card) {
      var b = readBlock(card);
      if (["paragraph", "heading", "quote"].indexOf(b.type) >= 0 && !(b.text || "").trim() && !b.source) return;
      sentCards.push(card);
      out.push(b);
    });
    return out;
  }
  // A place named by a finding or an error (title, cover, tags[1], blocks[3], blocks[5].image) → the editor's field.
  function fieldFor(target) {
    var m = /^blocks\[(\d+)\](?:\.(\w+))?$/.exec(target || "");
    if (m) {
      var card = sentCards.length ? sentCards[+m[1]] : list.children[+m[1]];
      if (!card) return null;
      return (m[2] && card.querySelector("[data-k=" + m[2] + "] input, [data-k=" + m[2] + "]")) ||
        card.querySelector("textarea, input, select");
    }
    if (/^tags/.test(target)) return form.querySelector("[name=tags]");
    if (target === "title") return title;
    if (target === "cover") return document.querySelector("#cover-pick input[type=file]");
    if (target === "kind") return form.querySelector("[name=kind]");
    return null;
  }
  function jumpTo(target) {
    var node = fieldFor(target);
    if (!node) return false;
    var card = node.closest(".block-card") || node;
    card.scrollIntoView({block: "center"});
    card.classList.add("flash");
    setTimeout(function () { card.classList.remove("flash"); }, 1600);
    node.focus({preventScroll: true});
    return true;
  }
  function jumpFromEvent(e) {
    var item = e.target.closest("[data-target]");
    if (!item || !item.closest("#selfcheck-result, #checklist, #form-error")) return;
    if (e.type === "keydown" && e.key !== "Enter") return;
    if (item.closest("#checklist") || !item.closest(".reader")) {
      if (jumpTo(item.dataset.target)) e.preventDefault();
    }
  }
  document.addEventListener("click", jumpFromEvent);
  document.addEventListener("keydown", jumpFromEvent);

  // Title width, as the standard counts it: CJK and full-width 1, half-width 0.5, rounded up.
  var title = form.querySelector("[name=title]"), counter = document.getElementById("title-count");
  function countTitle() {
    var w = 0;
    for (var ch of title.value) w += ch.charCodeAt(0) < 0x2000 || (ch >= "\uff61" && ch <= "\uffdc") ? 0.5 : 1;
    w = Math.ceil(w);
    counter.textContent = w + " / 15–27";
    counter.className = "counter " + (w >= 15 && w <= 27 ? "ok" : "bad");
  }
  title.addEventListener("input", countTitle);

  (initial.blocks || []).forEach(function (b) { addBlock(b); });
  var coverSlot = document.getElementById("cover-slot");
  var coverPick = imagePicker("cover", initial.cover); coverPick.id = "cover-pick";
  coverSlot.appendChild(coverPick);
  countTitle();

  document.querySelectorAll("[data-add]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var card = addBlock({type: btn.dataset.add});
      var first = card.querySelector("textarea, input"); if (first) first.focus();
    });
  });
  var helper = document.getElementById("guide-helper");
  if (helper) helper.addEventListener("click", function () {
    // 4.3(4): intro + items of product image → product card → recommendation + conclusion.
    addBlock({type: "heading", text: "导语"});  // post content (the standard's own words), not UI
    addBlock({type: "paragraph", text: ""});
    for (var i = 1; i <= 5; i++) {
      addBlock({type: "heading", text: "推荐" + i});
      addBlock({type: "image"});
      addBlock({type: "product", display: "small"});
      addBlock({type: "paragraph", text: ""});
    }
    addBlock({type: "heading", text: "总结"});
    addBlock({type: "paragraph", text: ""});
  });
  function kindChanged() {
    var isGuide = form.querySelector("[name=kind]").value === "guide";
    if (helper) helper.hidden = !isGuide;
  }
  form.querySelector("[name=kind]").addEventListener("change", kindChanged);
  kindChanged();
  var refused = document.getElementById("form-error");
  if (refused && refused.dataset.target) {
    blocksToSend();
    var bad = fieldFor(refused.dataset.target);
    if (bad) bad.setAttribute("aria-invalid", "true");
  }

  form.addEventListener("submit", function (e) {
    form.querySelector("[name=document]").value = JSON.stringify(documentFromForm());
    var action = e.submitter ? e.submitter.value : "submit";
    if (action !== "selfcheck") return;
    e.preventDefault();
    var data = new FormData(form); data.set("action", "selfcheck");
    var out = document.getElementById("selfcheck-result");
    out.innerHTML = "";
    out.appendChild(el("p", {class: "muted", text: T.checking}));
    fetch(form.dataset.selfcheck, {method: "POST", body: data, headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.text(); })
      .then(function (html) { out.innerHTML = html; out.scrollIntoView({block: "start", behavior: "smooth"}); })
      .catch(function () { out.innerHTML = ""; out.appendChild(el("p", {class: "error", text: T.check_failed})); });
  });
})();
