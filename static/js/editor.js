// The author's post editor: a list of blocks (paragraph, heading, quote, image, video, product card)
// that can be added, reordered and removed, serialised into a reviewdesk.post/1 document on submit.
(function () {
  "use strict";
  var form = document.getElementById("post-editor");
  if (!form) return;
  var list = document.getElementById("blocks");
  var initial = JSON.parse(document.getElementById("initial-document").textContent);
  var imageUrls = JSON.parse(document.getElementById("image-urls").textContent);
  var LABELS = {paragraph: "段落", heading: "小标题", quote: "引用", image: "图片", video: "视频", product: "商品卡片"};
  var seq = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function field(label, input) { return el("label", {class: "bf"}, [el("span", {text: label}), input]); }
  function input(name, value, attrs) {
    var i = el("input", Object.assign({type: "text", "data-k": name}, attrs || {}));
    if (value !== undefined && value !== null) i.value = value;
    return i;
  }
  function textarea(name, value, rows) {
    var t = el("textarea", {"data-k": name, rows: rows || 4});
    t.value = value || "";
    return t;
  }
  function imagePicker(key, ref) {
    // An image is either kept from the previous version (data-ref) or a new upload (file input).
    var wrap = el("div", {class: "img-pick", "data-k": key, "data-ref": ref || ""});
    if (ref && imageUrls[ref]) wrap.appendChild(el("img", {src: imageUrls[ref], class: "thumb", alt: ref}));
    var file = el("input", {type: "file", accept: "image/jpeg,image/png,image/webp,image/gif"});
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var ext = (file.files[0].name.match(/\.(jpe?g|png|webp|gif)$/i) || [".jpg"])[0].toLowerCase();
      var newRef = "upload/" + Date.now().toString(36) + "-" + (seq++) + ext;
      file.name = "file:" + newRef;
      wrap.setAttribute("data-ref", newRef);
      var old = wrap.querySelector("img"); if (old) old.remove();
      var img = el("img", {class: "thumb", alt: ""}); img.src = URL.createObjectURL(file.files[0]);
      wrap.insertBefore(img, file);
    });
    wrap.appendChild(file);
    return wrap;
  }
  function controls(card) {
    function move(d) {
      var sib = d < 0 ? card.previousElementSibling : card.nextElementSibling;
      if (!sib) return;
      if (d < 0) list.insertBefore(card, sib); else list.insertBefore(sib, card);
    }
    var up = el("button", {type: "button", class: "mini", title: "上移", text: "↑"});
    var down = el("button", {type: "button", class: "mini", title: "下移", text: "↓"});
    var del = el("button", {type: "button", class: "mini danger-text", title: "删除", text: "✕"});
    up.onclick = function () { move(-1); }; down.onclick = function () { move(1); };
    del.onclick = function () { card.remove(); };
    return el("span", {class: "block-controls"}, [up, down, del]);
  }
  function addBlock(b, before) {
    var card = el("div", {class: "block-card", "data-type": b.type});
    card.appendChild(el("div", {class: "block-head"}, [el("b", {text: LABELS[b.type]}), controls(card)]));
    if (b.type === "paragraph") card.appendChild(textarea("text", b.text, 5));
    if (b.type === "heading") card.appendChild(input("text", b.text, {placeholder: "小标题"}));
    if (b.type === "quote") { card.appendChild(textarea("text", b.text, 3)); card.appendChild(field("出处", input("source", b.source))); }
    if (b.type === "image") { card.appendChild(imagePicker("src", b.src)); card.appendChild(field("图注", input("caption", b.caption))); }
    if (b.type === "video") { card.appendChild(field("视频地址", input("src", b.src))); card.appendChild(field("时长（秒）", input("duration_s", b.duration_s, {type: "number", min: 0}))); }
    if (b.type === "product") {
      var display = el("select", {"data-k": "display"}, [el("option", {value: "small", text: "小图模式"}), el("option", {value: "large", text: "大图模式"})]);
      display.value = b.display || "small";
      var onShelf = el("input", {type: "checkbox", "data-k": "on_shelf"}); onShelf.checked = b.on_shelf !== false;
      card.appendChild(el("div", {class: "product-grid"}, [
        field("SKU", input("sku", b.sku)), field("商品名称", input("name", b.name)),
        field("品牌", input("brand", b.brand)), field("品类", input("category", b.category)),
        field("价格（元）", input("price", b.price, {type: "number", min: 0, step: "0.01"})),
        field("展示", display), field("在售", onShelf)]));
      card.appendChild(field("商品图", imagePicker("image", b.image)));
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
      blocks: Array.prototype.map.call(list.children, readBlock)
    };
  }

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
    addBlock({type: "heading", text: "导语"});
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

  form.addEventListener("submit", function (e) {
    form.querySelector("[name=document]").value = JSON.stringify(documentFromForm());
    var action = e.submitter ? e.submitter.value : "submit";
    if (action !== "selfcheck") return;
    e.preventDefault();
    var data = new FormData(form); data.set("action", "selfcheck");
    var out = document.getElementById("selfcheck-result");
    out.innerHTML = "<p class='muted'>正在自检…</p>";
    fetch(form.dataset.selfcheck, {method: "POST", body: data, headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { return r.text(); })
      .then(function (html) { out.innerHTML = html; out.scrollIntoView({block: "start", behavior: "smooth"}); })
      .catch(function () { out.innerHTML = "<p class='error'>自检失败，请稍后再试。</p>"; });
  });
})();
