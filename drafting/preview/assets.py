"""The preview's inline CSS and pagination script (no external file, font or URL).

The script (ES2017, no library) takes the blocks of each ``section.sec`` of
``#dr-source`` and lays them into page boxes of that section's size: the 版心 is a box of
the section's margins (left and right swapped on even pages when the document mirrors
margins), a block that overflows it is split between lines (a paragraph) or rows (a
table, its header rows repeated, marked ``data-repeat``) or moved whole to the next page
(with the headings kept with it by ``keepNext``); ``data-break="page"`` starts a page, a
section of type ``evenPage``/``oddPage`` inserts a blank page when needed, and each page
gets its section's footer (``first``/``even``/``default``) with ``span.pg`` set to the
page number. Tab characters get their width from the paragraph's tab stops. A paragraph
split in two keeps every character: the second part is marked ``data-cont``.
"""

from __future__ import annotations

STYLE = r"""
@font-face{font-family:"dr-xbs";src:local("Noto Serif CJK SC Bold"),local("NotoSerifCJKsc-Bold"),local("Source Han Serif SC Bold");}
html{background:#e9e9e9}
body{margin:0;padding:12px 0}
#dr-pages .page{margin:0 auto 12px}
.paged #dr-source{display:none}
.page{position:relative;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.35);overflow:hidden;contain:strict}
.page>.body{position:absolute}
.page>.ftr{position:absolute}
.page>.float{position:absolute}
.p{margin:0;white-space:pre-wrap;line-break:strict;overflow-wrap:anywhere;text-spacing-trim:space-all;text-autospace:normal;color:#000}
.p::before{content:"\200b"}
.p[data-cont]{text-indent:0!important}
.l{font-family:var(--latin);line-height:0}
.tab{display:inline-block;white-space:pre;overflow:hidden;vertical-align:baseline;line-height:0}
table.t{border-collapse:collapse;table-layout:fixed;border-spacing:0}
table.t td{overflow:hidden;box-sizing:border-box}
.txbx{position:absolute;display:flex;flex-direction:column}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var source = document.getElementById("dr-source");
  var out = document.getElementById("dr-pages");
  if (!source || !out) return;
  var begun = performance.now();
  // Laid out, the source would be re-laid out at each block taken from it: hide it first.
  source.style.display = "none";
  var PX = 96 / 72; // px per pt
  var mirror = source.getAttribute("data-mirror") === "1";
  var physical = 0, number = 0, current = null, restart = null;

  function num(el, name) { return parseFloat(el.getAttribute("data-" + name)) || 0; }

  function newPage(sec, first) {
    physical += 1;
    if (restart !== null) { number = restart; restart = null; } else { number += 1; }
    var w = num(sec, "w"), h = num(sec, "h");
    var left = num(sec, "left"), right = num(sec, "right");
    if (mirror && number % 2 === 0) { var s = left; left = right; right = s; }
    var page = document.createElement("div");
    page.className = "page";
    page.style.width = w + "pt"; page.style.height = h + "pt";
    page.setAttribute("data-number", String(number));
    var body = document.createElement("div");
    body.className = "body";
    body.style.left = left + "pt"; body.style.top = num(sec, "top") + "pt";
    body.style.width = (w - left - right) + "pt";
    body.style.height = (h - num(sec, "top") - num(sec, "bottom")) + "pt";
    page.appendChild(body);
    var kind = first && sec.getAttribute("data-title-page") === "1" ? "first"
      : (number % 2 === 0 && sec.querySelector('template[data-footer="even"]') ? "even" : "default");
    var tpl = sec.querySelector('template[data-footer="' + kind + '"]');
    if (tpl || kind === "first") {
      var ftr = document.createElement("div");
      ftr.className = "ftr";
      ftr.style.left = left + "pt"; ftr.style.width = (w - left - right) + "pt";
      ftr.style.bottom = num(sec, "footer-distance") + "pt";
      if (tpl) ftr.appendChild(tpl.content.cloneNode(true));
      page.appendChild(ftr);
      var floats = ftr.querySelectorAll("table[data-float]");
      for (var i = 0; i < floats.length; i++) {
        var xy = floats[i].getAttribute("data-float").split(",");
        var holder = document.createElement("div");
        holder.className = "float";
        holder.style.left = xy[0]; holder.style.top = xy[1];
        holder.appendChild(floats[i]);
        page.appendChild(holder);
      }
      var pgs = page.querySelectorAll(".pg");
      for (var j = 0; j < pgs.length; j++) pgs[j].textContent = String(number);
    }
    out.appendChild(page);
    current = { page: page, body: body, sec: sec };
    return current;
  }

  function limit() { var r = current.body.getBoundingClientRect(); return r.top + r.height + 0.5; }

  function overflows(el) { return el.getBoundingClientRect().bottom > limit(); }

  function stops(p) {
    var found = [], spec = (p.getAttribute("data-tabs") || "").split(",");
    var dflt = parseFloat(source.getAttribute("data-default-tab")) || 21;
    for (var i = 0; i < spec.length; i++) {
      var kv = spec[i].split(":");
      if (kv.length === 2) found.push({ kind: kv[0], pos: parseFloat(kv[1]) });
    }
    return { list: found, dflt: dflt };
  }

  function layTabs(p) {
    var tabs = p.getElementsByClassName("tab");
    if (!tabs.length) return;
    var info = stops(p);
    var hang = p.hasAttribute("data-hang") ? parseFloat(p.getAttribute("data-hang")) / 20 : null;
    var style = getComputedStyle(p);
    for (var i = 0; i < tabs.length; i++) {
      var tab = tabs[i];
      tab.style.width = "0px";
      var origin = p.getBoundingClientRect().left - parseFloat(style.marginLeft);
      var x = (tab.getBoundingClientRect().left - origin) / PX;
      var stop = null;
      for (var k = 0; k < info.list.length; k++) {
        if (info.list[k].pos > x + 0.5) { stop = info.list[k]; break; }
      }
      if (hang !== null && x + 0.5 < hang && (!stop || hang < stop.pos)) stop = { kind: "left", pos: hang };
      if (!stop) stop = { kind: "left", pos: (Math.floor(x / info.dflt) + 1) * info.dflt };
      var width = stop.pos - x;
      if (stop.kind === "right" || stop.kind === "center") {
        var range = document.createRange();
        range.setStartAfter(tab);
        var next = tabs[i + 1];
        if (next) range.setEndBefore(next); else range.setEndAfter(p.lastChild);
        var textWidth = range.getBoundingClientRect().width / PX;
        width -= stop.kind === "right" ? textWidth : textWidth / 2;
      }
      tab.style.width = Math.max(0, width) + "pt";
    }
  }

  function lineBottom(rect, lineHeight) {
    return rect.top + (rect.height + lineHeight) / 2;
  }

  // Split paragraph p before the first line that does not fit; return the second part,
  // p itself when not even its first line fits, or null when every line fits (only its
  // space after or bottom border passes the 版心, as Word allows).
  function splitParagraph(p) {
    var bottom = limit();
    var lh = parseFloat(getComputedStyle(p).lineHeight);
    var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentElement && n.parentElement.closest(".txbx") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], starts = [], total = 0, node;
    while ((node = walker.nextNode())) {
      if (node.length) { nodes.push(node); starts.push(total); total += node.length; }
    }
    if (!total) return p;
    var range = document.createRange();
    function locate(i) {
      var lo = 0, hi = nodes.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= i) lo = mid; else hi = mid - 1; }
      return [nodes[lo], i - starts[lo]];
    }
    function fits(i) {
      var at = locate(i);
      range.setStart(at[0], at[1]); range.setEnd(at[0], at[1] + 1);
      var rects = range.getClientRects();
      if (!rects.length) return true;
      var r = rects[rects.length - 1];
      return lineBottom(r, isNaN(lh) ? r.height : lh) <= bottom;
    }
    // line bottoms grow with the character index: the first character that does not fit
    var lo = 0, hi = total;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (fits(mid)) lo = mid + 1; else hi = mid; }
    if (lo >= total) return null;
    if (lo === 0) return p;
    var at = locate(lo);
    var cut = document.createRange();
    cut.setStart(at[0], at[1]);
    cut.setEndAfter(p.lastChild);
    var rest = p.cloneNode(false);
    rest.appendChild(cut.extractContents());
    rest.setAttribute("data-cont", "1");
    rest.removeAttribute("data-break");
    p.setAttribute("data-split", "1");
    if (getComputedStyle(p).textAlign === "justify") p.style.textAlignLast = "justify";
    p.parentNode.insertBefore(rest, p.nextSibling);
    return rest;
  }

  function splitTable(t) {
    var body = t.tBodies[0];
    if (!body) return t;
    var bottom = limit(), rows = body.rows, cut = -1;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getBoundingClientRect().bottom > bottom) { cut = i; break; }
    }
    if (cut <= 0) return t;
    var rest = t.cloneNode(false);
    var cols = t.querySelector("colgroup");
    if (cols) rest.appendChild(cols.cloneNode(true));
    if (t.tHead) {
      var head = t.tHead.cloneNode(true);
      head.setAttribute("data-repeat", "1");
      rest.appendChild(head);
    }
    var tb = document.createElement("tbody");
    rest.appendChild(tb);
    while (rows.length > cut) tb.appendChild(rows[cut]);
    rest.setAttribute("data-cont", "1");
    t.parentNode.insertBefore(rest, t.nextSibling);
    return rest;
  }

  // A page break inside a paragraph (w:br w:type="page"): what follows it is a part of
  // its own that starts the next page.
  function splitAtPageBreak(p) {
    var breaks = p.querySelectorAll("br.pb");
    for (var i = 0; i < breaks.length; i++) {
      if (breaks[i].closest(".txbx")) continue;
      var cut = document.createRange();
      cut.setStartAfter(breaks[i]);
      cut.setEndAfter(p.lastChild);
      var rest = p.cloneNode(false);
      rest.appendChild(cut.extractContents());
      rest.setAttribute("data-cont", "1");
      rest.setAttribute("data-break", "page");
      p.parentNode.insertBefore(rest, p.nextSibling);
      return rest;
    }
    return null;
  }

  function place(block, sec) {
    var tail = block.classList.contains("p") ? splitAtPageBreak(block) : null;
    placeOne(block, sec);
    if (tail) place(tail, sec);
  }

  function placeOne(block, sec) {
    if (block.getAttribute("data-break") === "page" && current.body.children.length) newPage(sec, false);
    current.body.appendChild(block);
    if (block.classList.contains("p")) layTabs(block);
    var inner = block.querySelectorAll(".p");
    for (var i = 0; i < inner.length; i++) layTabs(inner[i]);
    if (!overflows(block)) return;
    if (current.body.children.length === 1 && block.tagName !== "TABLE" && !block.classList.contains("p")) return;
    var rest = block.tagName === "TABLE" ? splitTable(block) : splitParagraph(block);
    if (rest === null) return;
    if (rest !== block) { newPage(sec, false); place(rest, sec); return; }
    if (current.body.children.length === 1) return; // taller than a page: left as it is
    var moving = [block], prev = block.previousElementSibling;
    while (prev && prev.getAttribute("data-keep") === "1" && prev.previousElementSibling) {
      moving.unshift(prev); prev = prev.previousElementSibling;
    }
    for (var k = 0; k < moving.length; k++) moving[k].remove();
    newPage(sec, false);
    for (var m = 0; m < moving.length; m++) place(moving[m], sec);
  }

  var sections = source.querySelectorAll("section.sec");
  for (var s = 0; s < sections.length; s++) {
    var sec = sections[s];
    var kind = sec.getAttribute("data-type") || "nextPage";
    if (sec.hasAttribute("data-start")) restart = num(sec, "start");
    var next = restart !== null ? restart : number + 1;
    if (current && ((kind === "evenPage" && next % 2 === 1) || (kind === "oddPage" && next % 2 === 0))) {
      newPage(sec, false).page.setAttribute("data-blank", "1");
    }
    if (!current || kind !== "continuous") newPage(sec, true);
    var flow = sec.querySelector(".flow");
    var blocks = flow ? Array.prototype.slice.call(flow.children) : [];
    for (var b = 0; b < blocks.length; b++) place(blocks[b], sec);
  }
  document.documentElement.classList.add("paged");
  document.documentElement.setAttribute("data-pages", String(physical));
  document.documentElement.setAttribute("data-paged-ms", (performance.now() - begun).toFixed(1));
})();
"""
