// The escalation map, detailed view: every event, its claims and its chain (after map_common.js).
  var E = D.events, L = D.links;

  // --- event areas, arrows, site markers -------------------------------------------------
  var areaNodes = E.map(function (e, i) {
    if (!e.area) return null;
    var c = side(e.side).colour;
    var fill = e.area.kind === "region" ? "url(#hatch-" + e.side + ")" : c, p;
    if (e.area.area !== undefined) {  // a governorate / province of the basemap
      p = el("path", { d: D.base.areas[e.area.area].d, "class": e.area.kind, stroke: c,
        "fill-rule": "evenodd", fill: fill }, g.areas);
    } else {  // a circle around the site
      p = el("circle", { cx: e.area.cx, cy: e.area.cy, r: e.area.r, "class": e.area.kind,
        stroke: c, fill: fill }, g.areas);
    }
    p.addEventListener("mousemove", function (ev) { showTip(ev, eventTip(e)); });
    p.addEventListener("mouseleave", hideTip);
    p.addEventListener("click", function () { select(i); });
    return p;
  });
  var arrowNodes = L.map(function (l, i) {
    if (!l.d) return null;
    var to = E[l.to];
    var grp = el("g", { "data-link": i }, g.arrows);
    var w = 1 + 2.2 * (l.confidence === null ? 0.5 : l.confidence);
    grp.style.setProperty("--w", w.toFixed(2));
    el("path", { d: l.d, "class": "halo" }, grp);
    var p = el("path", { d: l.d, "class": "arrow " + l.basis, stroke: side(to.side).colour,
      "marker-end": "url(#ah-" + to.side + ")" }, grp);
    p.addEventListener("mousemove", function (ev) { showTip(ev, linkTip(l)); });
    p.addEventListener("mouseleave", hideTip);
    p.addEventListener("click", function () { select(l.to); });
    return grp;
  });
  var siteNodes = S.map(function (s, i) {
    var grp = el("g", { "class": "marker", "data-site": s.id }, g.sites);
    var pie = el("g", {}, grp);
    var live = el("circle", { cx: s.x, cy: s.y, r: 0, "class": "live" }, grp);
    var label = el("text", { x: s.x, y: s.y }, g.sites);
    label.textContent = s.name;
    grp.addEventListener("mousemove", function (ev) { showTip(ev, siteTip(i)); });
    grp.addEventListener("mouseleave", hideTip);
    grp.addEventListener("click", function () {
      var here = inView().filter(function (j) { return E[j].site === i && E[j].geo !== 2 && E[j].geo !== 3; });
      if (here.length) select(here[here.length - 1]);
    });
    return { g: grp, pie: pie, live: live, label: label };
  });

  // --- time ------------------------------------------------------------------------------
  var moments = [];
  E.forEach(function (e) { moments.push(e.start, e.end); });
  moments = moments.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
  var first = moments.length ? moments[0] : 0, last = moments.length ? moments[moments.length - 1] : 0;
  var segs = D.strip ? D.strip.segments : [];

  function timeToX(t) {
    if (!segs.length) return 0;
    if (t <= segs[0].t0) return segs[0].x0;
    for (var i = 0; i < segs.length; i++) {
      var s = segs[i];
      if (t <= s.t1) {
        if (t < s.t0) return s.x0;
        return s.x0 + (t - s.t0) * (s.x1 - s.x0) / Math.max(1, s.t1 - s.t0);
      }
    }
    return segs[segs.length - 1].x1;
  }
  function xToTime(x) {
    if (!segs.length) return last;
    for (var i = 0; i < segs.length; i++) {
      var s = segs[i];
      if (x <= s.x1) {
        if (x < s.x0) {
          var prev = segs[i - 1];
          return (x - prev.x1) < (s.x0 - x) ? prev.t1 : s.t0;
        }
        return Math.round(s.t0 + (x - s.x0) * (s.t1 - s.t0) / Math.max(1e-9, s.x1 - s.x0));
      }
    }
    return segs[segs.length - 1].t1;
  }
  function visible(e) {
    if (e.start > st.t) return false;
    return st.mode === "cumulative" || e.end > st.t - st.width;
  }
  function inView() {
    var out = [];
    for (var i = 0; i < E.length; i++) if (visible(E[i])) out.push(i);
    return out;
  }

  // --- rendering -------------------------------------------------------------------------
  function chainOf(i) { return i === null ? null : E[i].chain; }
  function render() {
    var shown = inView();
    var on = {};
    shown.forEach(function (i) { on[i] = true; });
    var focus = st.focus && st.sel !== null ? chainOf(st.sel) : null;
    var k = Math.pow(zoomK(), 0.85);
    svg.style.setProperty("--k", zoomK().toFixed(4));
    E.forEach(function (e, i) {
      var n = areaNodes[i];
      if (!n) return;
      n.style.display = on[i] ? "" : "none";
      n.classList.toggle("live", !!on[i] && e.end > st.t);
      n.classList.toggle("dim", focus !== null && e.chain !== focus);
      n.classList.toggle("sel", st.sel === i);
    });
    var arrows = 0;
    L.forEach(function (l, i) {
      var n = arrowNodes[i];
      if (!n) return;
      var show = !!(on[l.from] && on[l.to]);
      if (show) arrows++;
      n.style.display = show ? "" : "none";
      n.classList.toggle("dim", focus !== null && E[l.to].chain !== focus);
    });
    var markers = 0, labels = [];
    S.forEach(function (s, si) {
      var node = siteNodes[si], counts = {}, n = 0, any = false, live = false, dim = true, sel = false;
      shown.forEach(function (i) {
        var e = E[i];
        if (e.site !== si) return;
        any = true;
        if (focus === null || e.chain === focus) dim = false;
        if (e.geo === 2 || e.geo === 3) return;
        n++;
        counts[e.side] = (counts[e.side] || 0) + 1;
        if (e.end > st.t) live = true;
        if (st.sel === i) sel = true;
      });
      while (node.pie.firstChild) node.pie.removeChild(node.pie.firstChild);
      node.g.style.display = n ? "" : "none";
      node.label.style.display = any ? "" : "none";
      if (any) labels.push({ si: si, n: n, r: (n ? 4 + 2.6 * Math.sqrt(n) : 2) * k });
      node.g.classList.toggle("dim", focus !== null && dim);
      node.label.classList.toggle("dim", focus !== null && dim);
      node.g.classList.toggle("sel", sel);
      if (!n) return;
      markers++;
      var r = (4 + 2.6 * Math.sqrt(n)) * k, a = 0;
      Object.keys(counts).sort().forEach(function (sd) {
        var b = a + 2 * Math.PI * counts[sd] / n;
        el("path", { d: sliceD(s.x, s.y, r, a, b), fill: side(sd).colour }, node.pie);
        a = b;
      });
      node.live.setAttribute("r", live ? r + 3 * k : 0);
      node.live.style.display = live ? "" : "none";
    });
    placeLabels(labels, siteNodes.map(function (n) { return n.label; }));
    renderStrip(on, focus);
    renderList(shown, focus);
    var label = utc(st.t);
    if (local) label += " (" + local.format(new Date(st.t)) + " " + D.tz + ")";
    clock.textContent = label;
    slider.value = timeToX(st.t);
    var off = shown.filter(function (i) { return E[i].site === null; }).length;
    document.getElementById("listhead").textContent = "Events in view (" + shown.length + " of " + E.length + ")" +
      (off ? "; " + off + " of them not on the map (no place recorded)" : "");
    svg.dataset.markers = String(markers);
    svg.dataset.arrows = String(arrows);
  }

  // --- the time strip --------------------------------------------------------------------
  var strip = document.getElementById("strip");
  var barNodes = {}, cursor = null, win = null;
  (function buildStrip() {
    if (!D.strip) return;
    var rows = D.strip.rows, bh = rows > 12 ? Math.max(2, 60 / rows) : 5, top = 16;
    var H = top + rows * (bh + 2) + 4;
    strip.setAttribute("viewBox", "-4 0 " + (D.strip.width + 8) + " " + H);
    el("rect", { x: -4, y: 0, width: D.strip.width + 8, height: H, fill: "#fafafa" }, strip);
    D.strip.ticks.forEach(function (t) {
      el("line", { x1: t.x, x2: t.x, y1: top - 2, y2: H, "class": "tick" }, strip);
      el("text", { x: t.x + 2, y: 10 }, strip).textContent = t.label;
    });
    D.strip.breaks.forEach(function (b) {
      el("line", { x1: b.x, x2: b.x, y1: 0, y2: H, "class": "brk" }, strip);
      el("text", { x: b.x + 2, y: H - 2 }, strip).textContent = b.label;
    });
    win = el("rect", { x: 0, y: top - 2, width: 0, height: H - top + 2, "class": "win" }, strip);
    var index = {};
    E.forEach(function (e, i) { index[e.id] = i; });
    D.strip.bars.forEach(function (b) {
      var i = index[b.id], e = E[i];
      var r = el("rect", { x: b.x0, y: top + b.row * (bh + 2), width: b.x1 - b.x0, height: bh,
        fill: side(e.side).colour, "class": "bar", "data-event": e.id }, strip);
      r.addEventListener("mousemove", function (ev) { showTip(ev, eventTip(e)); });
      r.addEventListener("mouseleave", hideTip);
      r.addEventListener("click", function (ev) { ev.stopPropagation(); select(i); });
      barNodes[i] = r;
    });
    cursor = el("line", { x1: 0, x2: 0, y1: 0, y2: H, "class": "cursor" }, strip);
    strip.addEventListener("click", function (ev) {
      var p = strip.createSVGPoint();
      p.x = ev.clientX; p.y = ev.clientY;
      var q = p.matrixTransform(strip.getScreenCTM().inverse());
      stop();
      setTime(xToTime(q.x));
    });
  })();
  function renderStrip(on, focus) {
    if (!cursor) return;
    E.forEach(function (e, i) {
      var b = barNodes[i];
      if (!b) return;
      b.classList.toggle("out", !on[i]);
      b.classList.toggle("dim", focus !== null && e.chain !== focus);
      b.setAttribute("stroke", st.sel === i ? "#000" : "none");
    });
    var x = timeToX(st.t);
    cursor.setAttribute("x1", x); cursor.setAttribute("x2", x);
    if (st.mode === "window") {
      var x0 = timeToX(st.t - st.width);
      win.setAttribute("x", x0); win.setAttribute("width", Math.max(0, x - x0));
    } else {
      win.setAttribute("x", 0); win.setAttribute("width", x);
    }
  }

  // --- the list of events in view --------------------------------------------------------
  var tbody = document.querySelector("#list tbody");
  function renderList(shown, focus) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    shown.forEach(function (i) {
      var e = E[i];
      var tr = h("tr", null, st.sel === i ? "sel" : "", tbody);
      tr.dataset.event = e.id;
      if (focus !== null && e.chain !== focus) tr.classList.add("dim");
      var who = h("td", null, null, null);
      var sw = h("span", null, "sw", who);
      sw.style.background = side(e.side).colour;
      who.appendChild(document.createTextNode(actors(e.perpetrators)));
      [e.when, e.kind, siteName(e) + (e.geo === 2 ? " (near)" : e.geo === 3 ? " (region)" : "")].forEach(function (v) { h("td", v, null, tr); });
      tr.appendChild(who);
      h("td", actors(e.targets), null, tr);
      h("td", e.killed ? fig(e.killed) : "", null, tr);
      h("td", e.injured ? fig(e.injured) : "", null, tr);
      tr.addEventListener("click", function () { select(i); });
    });
  }

  // --- details of the selected event: claims side by side, its chain ---------------------
  var details = document.getElementById("details");
  function where(e) {
    if (e.site === null) return "not on the map: " + e.unplaced;
    var s = S[e.site], text = s.name + (s.name_ar ? " (" + s.name_ar + ")" : "");
    if (e.area) return text + " \u2014 " + e.area.label;
    return text + (s.admin1 ? ", " + s.admin1 : "");
  }
  function select(i) {
    st.sel = i;
    while (details.firstChild) details.removeChild(details.firstChild);
    var e = E[i];
    h("h2", e.kind + " \u2014 " + siteName(e), null, details);
    var dl = h("dl", null, null, details);
    var rows = [["when", e.when + " (" + e.tz + "; " + e.precision + ")"], ["place", where(e)],
      ["by", actors(e.perpetrators) + " \u2014 " + side(e.side).label], ["against", actors(e.targets)],
      ["killed", fig(e.killed)], ["injured", fig(e.injured)]];
    if (Object.keys(e.munitions).length) rows.push(["munitions", mun(e.munitions)]);
    if (e.background) rows.push(["note", "mentioned only as background in the reports"]);
    rows.push(["id", e.id]);
    rows.forEach(function (r) { h("dt", r[0], null, dl); h("dd", r[1], null, dl); });
    if (e.summary) h("p", e.summary, null, details);
    h("h3", e.claims.length + " claim(s), side by side", null, details);
    var grid = h("div", null, "claims", details);
    if (!e.claims.length) h("p", "No claim about this event is recorded.", "none", grid);
    e.claims.forEach(function (c) {
      var card = h("div", null, "claim", grid);
      h("div", c.claimant || "unnamed claimant", "who", card);
      h("div", c.outlet + (c.published ? ", " + c.published : ""), "src", card);
      var figs = [];
      if (c.killed !== null) figs.push("killed " + c.killed);
      if (c.injured !== null) figs.push("injured " + c.injured);
      if (Object.keys(c.munitions).length) figs.push(mun(c.munitions));
      if (c.responsibility) figs.push("responsibility " + c.responsibility + ": " + (c.responsible || "?"));
      h("div", figs.length ? figs.join("; ") : "no figures", "fig", card);
      if (c.hedged) h("span", "hedged", "tag", card);
      if (c.quote) { var q = h("q", c.quote, null, card); q.setAttribute("dir", "auto"); }
      else h("div", "quote not stored (load the reports to attach it)", "none", card);
    });
    var members = [];
    E.forEach(function (x, j) { if (x.chain === e.chain) members.push(j); });
    h("h3", members.length > 1 ? "Its chain: " + members.length + " events" : "Not part of a chain drawn here", null, details);
    if (members.length > 1) {
      var b = h("button", st.focus ? "Show every event" : "Highlight this chain", null, details);
      b.type = "button";
      b.addEventListener("click", function () { st.focus = !st.focus; select(i); });
      var ol = h("ol", null, "chain", details);
      members.forEach(function (j) {
        var x = E[j];
        var li = h("li", x.when + "  " + x.kind + " @ " + siteName(x), j === i ? "me" : "", ol);
        L.forEach(function (l) {
          if (l.to !== j) return;
          var a = E[l.from];
          h("span", "\u21b3 answers " + a.kind + " @ " + siteName(a) + " (" + l.lag + ", " + l.basis +
            (l.cue ? " \u00ab" + l.cue + "\u00bb" : "") + ")", "via", li);
        });
        if (j !== i) li.addEventListener("click", function () { select(j); });
      });
    }
    render();
  }

  function eventTip(e) {
    var out = [[e.kind + " \u2014 " + siteName(e), true], [e.when + " (" + e.tz + ")"],
      [actors(e.perpetrators) + " \u2192 " + actors(e.targets)]];
    if (e.area) out.push([e.area.label]);
    if (e.killed || e.injured) out.push(["killed " + fig(e.killed) + ", injured " + fig(e.injured)]);
    out.push([e.claims.length + " claim(s): click for details"]);
    return out;
  }
  function linkTip(l) {
    var a = E[l.from], b = E[l.to];
    var out = [[b.kind + " @ " + siteName(b) + " answers " + a.kind + " @ " + siteName(a), true],
      ["lag " + l.lag + " (between window midpoints)"], ["basis: " + l.basis],
      ["confidence: " + (l.confidence === null ? "?" : l.confidence.toFixed(2))]];
    if (l.cue) out.push(["cue: \u00ab" + l.cue + "\u00bb"]);
    if (l.source) out.push(["source: " + l.source]);
    return out;
  }
  function siteTip(si) {
    var s = S[si], counts = {};
    inView().forEach(function (i) { if (E[i].site === si) counts[E[i].side] = (counts[E[i].side] || 0) + 1; });
    var out = [[s.name, true]];
    if (s.name_ar) out.push([s.name_ar]);
    out.push([[s.kind, s.admin1, s.country].filter(Boolean).join(", ")]);
    Object.keys(counts).sort().forEach(function (k) { out.push([counts[k] + " event(s) by " + side(k).label]); });
    return out;
  }

  // --- legend ----------------------------------------------------------------------------
  (function legend() {
    var box = document.getElementById("legend");
    h("b", "Perpetrator side:", null, box);
    var used = {};
    E.forEach(function (e) { used[e.side] = true; });
    Object.keys(used).sort().forEach(function (s) {
      var span = h("span", null, null, box);
      var sw = h("span", null, "sw", span);
      sw.style.background = side(s).colour;
      span.appendChild(document.createTextNode(side(s).label));
    });
    h("span", "marker: a site, size by its events in view, slices by side; dashed ring: window still open", null, box);
    var near = h("span", null, null, box); h("span", null, "ar", near);
    near.appendChild(document.createTextNode("near a site (within " + D.near_km + " km)"));
    var reg = h("span", null, null, box); h("span", null, "ar region", reg);
    reg.appendChild(document.createTextNode("only the region is known"));
    [["stated", "stated response"], ["coded", "coded by hand"], ["inferred", "inferred (scored)"]].forEach(function (b) {
      var span = h("span", null, null, box); h("span", null, "ln " + b[0], span);
      span.appendChild(document.createTextNode(b[1]));
    });
    h("span", "arrow: from an event to its answer, coloured by the answering side, width by confidence", null, box);
  })();

  // --- what tests and notebooks can drive ------------------------------------------------
  window.tatmap = {
    setTime: function (t) { stop(); setTime(typeof t === "number" ? t : Date.parse(t)); },
    setMode: function (m, width) { st.mode = m; if (width) st.width = width; render(); },
    select: function (id) { for (var i = 0; i < E.length; i++) if (E[i].id === id) return select(i); },
    play: play, stop: stop,
    visible: function () { return inView().map(function (i) { return E[i].id; }); },
    state: function () {
      return { t: st.t, mode: st.mode, markers: parseInt(svg.dataset.markers, 10),
               arrows: parseInt(svg.dataset.arrows, 10), visible: this.visible() };
    },
    first: first, last: last
  };
  st.t = last;
  fit();
  document.body.dataset.ready = "1";
