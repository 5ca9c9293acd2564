// mizan review page: renders the embedded review, lets a translator
// correct and approve links, and exports the corrections for `mizan apply`.
// Plain DOM, no library, no network.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("mizan-data").textContent);
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const kid of kids) if (kid != null) e.append(kid);
    return e;
  };
  // Anchors per document, keyed by segment ids, so that they follow the
  // segments through merges and splits.
  for (const doc of data.docs) {
    doc.allAnchors = [];
    for (const l of doc.links) for (const a of l.anchors || []) doc.allAnchors.push(a);
  }
  const threshold = () => parseFloat($("#threshold").value) || 0;
  const isUnit = (l) => l.src.length > 0 && l.tgt.length > 0;
  const doubtful = (l) => isUnit(l) && !l.reviewed && (l.score < threshold() || (l.checks || []).length > 0);

  // Text with the anchors' surfaces marked (built as DOM nodes: the text
  // is never parsed as HTML).
  function marked(text, surfaces) {
    const span = el("span");
    let pos = 0;
    const found = [];
    for (const s of surfaces) {
      if (!s) continue;
      const at = text.indexOf(s);
      if (at >= 0) found.push([at, at + s.length]);
    }
    found.sort((a, b) => a[0] - b[0]);
    for (const [a, b] of found) {
      if (a < pos) continue;
      span.append(text.slice(pos, a), el("mark", { text: text.slice(a, b) }));
      pos = b;
    }
    span.append(text.slice(pos));
    return span;
  }

  function sideCell(doc, link, side) {
    const ids = link[side];
    const texts = side === "src" ? doc.src : doc.tgt;
    const td = el("td", { class: side });
    if (side === "src") { td.setAttribute("dir", "rtl"); td.setAttribute("lang", data.src_lang); }
    else { td.setAttribute("dir", data.tgt_lang === "ar" ? "rtl" : "ltr"); td.setAttribute("lang", data.tgt_lang); }
    for (const i of ids) {
      const surfaces = doc.allAnchors
        .filter((a) => (side === "src" ? a[0] === i && link.tgt.includes(a[2]) : a[2] === i && link.src.includes(a[0])))
        .map((a) => (side === "src" ? a[1] : a[3]));
      td.append(el("span", { class: "seg", "data-seg": String(i) }, el("span", { class: "id", text: String(i + 1) }), marked(texts[i], surfaces)));
    }
    return td;
  }

  function touch(l) { l.reviewed = true; l.score = 1; l.checks = []; }

  const edits = {
    approve(doc, k) { touch(doc.links[k]); },
    merge(doc, k) {
      const a = doc.links[k], b = doc.links[k + 1];
      if (!b) return;
      const m = { src: a.src.concat(b.src), tgt: a.tgt.concat(b.tgt), anchors: [] };
      touch(m);
      doc.links.splice(k, 2, m);
    },
    skip(doc, k) {
      const l = doc.links[k];
      const parts = l.src.map((i) => ({ src: [i], tgt: [] })).concat(l.tgt.map((j) => ({ src: [], tgt: [j] })));
      parts.forEach(touch);
      doc.links.splice(k, 1, ...parts);
    },
    split(doc, k, ns, nt) {
      const l = doc.links[k];
      const a = { src: l.src.slice(0, ns), tgt: l.tgt.slice(0, nt) };
      const b = { src: l.src.slice(ns), tgt: l.tgt.slice(nt) };
      const parts = [a, b].filter((p) => p.src.length + p.tgt.length > 0);
      if (parts.length < 2) return;
      parts.forEach(touch);
      doc.links.splice(k, 1, ...parts);
    },
    // Moves the boundary with the next link by one segment of one side:
    // "grow" takes the next link's first segment, "shrink" gives this
    // link's last one to the next link (a new link when there is none).
    move(doc, k, side, grow) {
      const l = doc.links[k];
      let n = doc.links[k + 1];
      if (grow) {
        if (!n || n[side].length === 0) return;
        l[side].push(n[side].shift());
      } else {
        if (l[side].length === 0) return;
        if (!n) { n = { src: [], tgt: [] }; doc.links.push(n); }
        n[side].unshift(l[side].pop());
      }
      touch(l); touch(n);
      doc.links = doc.links.filter((x) => x.src.length + x.tgt.length > 0);
    },
  };

  function actionButtons(doc, d, k) {
    const l = doc.links[k];
    const td = el("td", { class: "act" });
    const act = (name, label, title, fn) =>
      td.append(el("button", { type: "button", class: name, title, text: label, onclick: () => { fn(); render(); } }));
    act("approve", "✓ approve", "the link is right", () => edits.approve(doc, k));
    if (k + 1 < doc.links.length) act("merge", "⤓ merge", "merge with the next link", () => edits.merge(doc, k));
    if (l.src.length + l.tgt.length > 2 || (l.src.length > 1 || l.tgt.length > 1)) {
      td.append(el("button", { type: "button", class: "split", title: "split at a segment boundary", text: "✂ split", onclick: () => splitForm(td, doc, k) }));
    }
    if (isUnit(l)) act("skip", "⊘ no counterpart", "these segments have no counterpart", () => edits.skip(doc, k));
    act("src-grow", "src+", "take the next link's first source segment", () => edits.move(doc, k, "src", true));
    act("src-shrink", "src−", "give the last source segment to the next link", () => edits.move(doc, k, "src", false));
    act("tgt-grow", "tgt+", "take the next link's first target segment", () => edits.move(doc, k, "tgt", true));
    act("tgt-shrink", "tgt−", "give the last target segment to the next link", () => edits.move(doc, k, "tgt", false));
    return td;
  }

  function splitForm(td, doc, k) {
    if (td.querySelector(".splitform")) return;
    const l = doc.links[k];
    const pick = (cls, n) => {
      const s = el("select", { class: cls });
      for (let i = 0; i <= n; i++) s.append(el("option", { value: String(i), text: String(i) }));
      s.value = String(Math.min(1, n));
      return s;
    };
    const ns = pick("split-src", l.src.length), nt = pick("split-tgt", l.tgt.length);
    td.append(el("div", { class: "splitform" }, "first part: source ", ns, " target ", nt, " ",
      el("button", { type: "button", class: "split-ok", text: "OK", onclick: () => { edits.split(doc, k, +ns.value, +nt.value); render(); } })));
  }

  function overview(doc) {
    const n = Math.max(doc.src.length, 1), m = Math.max(doc.tgt.length, 1);
    const W = 240, H = Math.max(60, Math.min(240, Math.round((240 * m) / n)));
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "overview");
    svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "alignment path: source segments across, target segments down");
    const x = (i) => (i / n) * (W - 4) + 2, y = (j) => (j / m) * (H - 4) + 2;
    let i = 0, j = 0;
    for (const l of doc.links) {
      const r = document.createElementNS(ns, "rect");
      const w = Math.max(l.src.length, 0.4), h = Math.max(l.tgt.length, 0.4);
      r.setAttribute("x", x(i)); r.setAttribute("y", y(j));
      r.setAttribute("width", Math.max(1.5, (w / n) * (W - 4)));
      r.setAttribute("height", Math.max(1.5, (h / m) * (H - 4)));
      const colour = !isUnit(l) ? "#d93025" : l.reviewed ? "#2e7d32" : doubtful(l) ? "#e0a800"
        : l.src.length + l.tgt.length > 2 ? "#7b61c9" : "#3b6fb6";
      r.setAttribute("fill", colour);
      svg.append(r);
      i += l.src.length; j += l.tgt.length;
    }
    return svg;
  }

  function render() {
    const main = $("#docs");
    main.textContent = "";
    const only = $("#only-doubtful").checked;
    let total = 0, doubt = 0, reviewed = 0;
    data.docs.forEach((doc, d) => {
      const section = el("section", { class: "doc", id: `doc-${d}` });
      const nDoubt = doc.links.filter(doubtful).length;
      section.append(el("h2", {}, el("span", { text: doc.name }), el("span", { text: `${doc.links.filter(isUnit).length} units, ${nDoubt} to review` })));
      section.append(overview(doc));
      const table = el("table", { class: "links" },
        el("colgroup", {}, el("col", { class: "num" }), el("col", { class: "meta" }), el("col"), el("col"), el("col", { class: "act" })),
        el("thead", {}, el("tr", {}, el("th", { text: "#" }), el("th", { text: "link" }),
          el("th", { text: data.src_lang }), el("th", { text: data.tgt_lang }), el("th", { text: "correct" }))));
      const body = el("tbody");
      doc.links.forEach((l, k) => {
        const classes = ["link"];
        if (!isUnit(l)) classes.push("skip");
        if (isUnit(l) && l.score < threshold() && !l.reviewed) classes.push("low");
        if ((l.checks || []).length) classes.push("flagged");
        if (l.reviewed) classes.push("reviewed");
        if (only && !doubtful(l)) classes.push("hidden");
        total += isUnit(l) ? 1 : 0;
        doubt += doubtful(l) ? 1 : 0;
        reviewed += l.reviewed ? 1 : 0;
        const meta = el("td", { class: "meta" },
          el("span", { class: "shape", text: `${l.src.length}-${l.tgt.length} ` }),
          el("span", { class: "score", text: isUnit(l) ? Number(l.score).toFixed(4) : "—" }),
          el("br"));
        for (const c of l.checks || []) meta.append(el("span", { class: "flag", text: c }));
        if (l.reviewed) meta.append(el("span", { class: "flag", text: "reviewed" }));
        body.append(el("tr", { class: classes.join(" "), "data-doc": String(d), "data-link": String(k), id: `d${d}l${k}` },
          el("td", { class: "num", text: String(k + 1) }), meta,
          sideCell(doc, l, "src"), sideCell(doc, l, "tgt"), actionButtons(doc, d, k)));
      });
      table.append(body);
      section.append(table);
      main.append(section);
    });
    $("#counts").textContent = `${total} units · ${doubt} to review · ${reviewed} reviewed`;
  }

  function nextDoubtful() {
    const rows = Array.from(document.querySelectorAll("tr.link"));
    const cur = document.querySelector("tr.current");
    const start = cur ? rows.indexOf(cur) + 1 : 0;
    for (let n = 0; n < rows.length; n++) {
      const r = rows[(start + n) % rows.length];
      const doc = data.docs[+r.dataset.doc];
      if (doubtful(doc.links[+r.dataset.link])) {
        if (cur) cur.classList.remove("current");
        r.classList.add("current");
        r.scrollIntoView({ block: "center" });
        return;
      }
    }
  }

  function exportReview() {
    const out = { format: data.format, version: data.version, src_lang: data.src_lang, tgt_lang: data.tgt_lang,
      source: data.source,
      docs: data.docs.map((doc) => ({ name: doc.name, src_file: doc.src_file, tgt_file: doc.tgt_file,
        src_hash: doc.src_hash, tgt_hash: doc.tgt_hash, src: doc.src, tgt: doc.tgt,
        links: doc.links.map((l) => ({ src: l.src, tgt: l.tgt, score: l.score, checks: l.checks || [], reviewed: !!l.reviewed })) })) };
    const text = JSON.stringify(out, null, 1);
    const area = $("#export-json");
    area.value = text;
    area.style.display = "block";
    const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/json" })), download: "review-corrections.json" });
    document.body.append(a);
    a.click();
    a.remove();
  }

  const nav = $("#doc-nav");
  data.docs.forEach((doc, d) => nav.append(el("option", { value: `doc-${d}`, text: doc.name })));
  nav.addEventListener("change", () => document.getElementById(nav.value).scrollIntoView());
  if (data.docs.length < 2) nav.style.display = "none";
  $("#only-doubtful").addEventListener("change", render);
  $("#threshold").addEventListener("change", render);
  $("#next-doubtful").addEventListener("click", nextDoubtful);
  $("#export").addEventListener("click", exportReview);
  render();
})();
