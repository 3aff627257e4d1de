// The escalation map, density view (after map_common.js): events counted per site and period.
// An event counts in the period its window starts in; the slider steps period by period and
// shows the periods that have ended (cumulative) or the last few of them (sliding window).
  var R = D.regions, F = D.flows, SO = D.side_order, N = D.bins;
  var t0 = D.t0, step = D.step;
  var moments = [];
  for (var b = 0; b < N; b++) moments.push(t0 + (b + 1) * step);
  var first = moments.length ? moments[0] : t0, last = moments.length ? moments[N - 1] : t0;
  var maxSite = 1, maxRegion = 1, maxFlow = 1;
  S.forEach(function (s) { maxSite = Math.max(maxSite, s.total); });
  R.forEach(function (r) { maxRegion = Math.max(maxRegion, r.total); });
  F.forEach(function (f) { maxFlow = Math.max(maxFlow, f.total); });

  function timeToX(t) { return N ? Math.max(0, Math.min(1000, (t - t0) / (N * step) * 1000)) : 0; }
  function xToTime(x) {
    // the end of the period the slider is in: whole periods only
    var b = Math.min(N - 1, Math.max(0, Math.floor(x / 1000 * N)));
    return moments.length ? moments[b] : t0;
  }
  function range() {
    // [lo, hi): the periods in view at st.t
    var hi = Math.max(0, Math.min(N, Math.floor((st.t - t0) / step + 1e-9)));
    var lo = 0;
    if (st.mode === "window") lo = Math.max(0, Math.floor((st.t - st.width - t0) / step + 1e-9));
    return [lo, Math.max(lo, hi)];
  }
  function sum3(flat, lo, hi, bySide) {
    // flat: [period, side, n, ...]; the total in [lo, hi), and per side into bySide
    var n = 0;
    for (var i = 0; i < flat.length; i += 3) {
      if (flat[i] < lo || flat[i] >= hi) continue;
      n += flat[i + 2];
      if (bySide) bySide[flat[i + 1]] = (bySide[flat[i + 1]] || 0) + flat[i + 2];
    }
    return n;
  }
  function sum2(flat, lo, hi) {
    var n = 0;
    for (var i = 0; i < flat.length; i += 2) if (flat[i] >= lo && flat[i] < hi) n += flat[i + 1];
    return n;
  }
  function periodLabel(bi) {
    var a = utc(t0 + bi * step).slice(0, 10);
    return step === 86400000 ? a : a + " \u2013 " + utc(t0 + (bi + 1) * step - 1).slice(0, 10);
  }
  function sidesText(bySide) {
    return Object.keys(bySide).sort(function (a, b) { return bySide[b] - bySide[a]; })
      .map(function (k) { return side(SO[k]).label + " " + bySide[k]; }).join(", ");
  }

  // --- provinces, arrows, site markers ---------------------------------------------------
  var flowHead = el("marker", { id: "ah-flow", viewBox: "0 0 10 10", refX: 8, refY: 5,
    markerWidth: 4, markerHeight: 4, orient: "auto-start-reverse" }, g.defs);
  el("path", { d: "M0 0L10 5L0 10z", fill: "#333" }, flowHead);
  var regionNodes = R.map(function (r, i) {
    var p = el("path", { d: D.base.areas[r.area].d, "class": "density", "fill-rule": "evenodd" }, g.areas);
    p.addEventListener("mousemove", function (ev) { showTip(ev, regionTip(i)); });
    p.addEventListener("mouseleave", hideTip);
    p.addEventListener("click", function () { selectRegion(i); });
    return p;
  });
  var flowNodes = F.map(function (f, i) {
    var grp = el("g", { "data-flow": i }, g.arrows);
    el("path", { d: f.d, "class": "halo" }, grp);
    var inferredOnly = Object.keys(f.basis).length === 1 && f.basis.inferred;
    var p = el("path", { d: f.d, "class": "arrow" + (inferredOnly ? " inferred" : ""), stroke: "#333",
      "marker-end": "url(#ah-flow)" }, grp);
    p.addEventListener("mousemove", function (ev) { showTip(ev, flowTip(i)); });
    p.addEventListener("mouseleave", hideTip);
    p.addEventListener("click", function () { selectSite(f.to); });
    return grp;
  });
  var siteNodes = S.map(function (s, i) {
    var grp = el("g", { "class": "marker", "data-site": s.id }, g.sites);
    var pie = el("g", {}, grp);
    var label = el("text", { x: s.x, y: s.y }, g.sites);
    label.textContent = s.name;
    grp.addEventListener("mousemove", function (ev) { showTip(ev, siteTip(i)); });
    grp.addEventListener("mouseleave", hideTip);
    grp.addEventListener("click", function () { selectSite(i); });
    return { g: grp, pie: pie, label: label };
  });

  // --- rendering -------------------------------------------------------------------------
  var inViewTotal = 0, siteCounts = [];
  function render() {
    var rg = range(), lo = rg[0], hi = rg[1], k = Math.pow(zoomK(), 0.85);
    svg.style.setProperty("--k", zoomK().toFixed(4));
    var markers = 0, labels = [];
    siteCounts = S.map(function (s, si) {
      var bySide = {}, n = sum3(s.c, lo, hi, bySide), node = siteNodes[si];
      while (node.pie.firstChild) node.pie.removeChild(node.pie.firstChild);
      node.g.style.display = n ? "" : "none";
      node.label.style.display = n ? "" : "none";
      node.g.classList.toggle("sel", st.sel === "s" + si);
      if (!n) return { n: 0, bySide: bySide };
      markers++;
      var r = (3 + 22 * Math.sqrt(n / maxSite)) * k, a = 0;
      labels.push({ si: si, n: n, r: r });
      Object.keys(bySide).sort().forEach(function (sd) {
        var b2 = a + 2 * Math.PI * bySide[sd] / n;
        el("path", { d: sliceD(s.x, s.y, r, a, b2), fill: side(SO[sd]).colour }, node.pie);
        a = b2;
      });
      return { n: n, bySide: bySide };
    });
    var regions = 0;
    R.forEach(function (r, i) {
      var n = sum3(r.c, lo, hi, null), node = regionNodes[i];
      node.style.display = n ? "" : "none";
      node.style.fillOpacity = String(0.06 + 0.5 * Math.sqrt(n / maxRegion));
      node.classList.toggle("sel", st.sel === "r" + i);
      if (n) regions++;
    });
    var arrows = 0;
    F.forEach(function (f, i) {
      var n = sum2(f.c, lo, hi), node = flowNodes[i];
      node.style.display = n ? "" : "none";
      node.style.setProperty("--w", (0.8 + 5 * Math.sqrt(n / maxFlow)).toFixed(2));
      if (n) arrows++;
    });
    placeLabels(labels, siteNodes.map(function (n) { return n.label; }));
    inViewTotal = 0;
    for (var b = lo; b < hi; b++) SO.forEach(function (s, si) { inViewTotal += D.strip[si][b]; });
    renderStrip(lo, hi);
    renderList();
    var label = hi ? "up to " + utc(t0 + hi * step).slice(0, 10) + " (" + (hi - lo) + " " + (hi - lo === 1 ? D.period : D.periods) + " in view)" : "before the first " + D.period;
    clock.textContent = label + ": " + inViewTotal.toLocaleString("en") + " of " +
      D.total.toLocaleString("en") + " events";
    slider.value = timeToX(st.t);
    svg.dataset.markers = String(markers);
    svg.dataset.arrows = String(arrows);
    svg.dataset.regions = String(regions);
  }

  // --- the time strip: events per period, stacked by side ---------------------------------
  var strip = document.getElementById("strip"), cursor = null, win = null, barNodes = [];
  (function buildStrip() {
    if (!N) return;
    var H = 90, top = 16, w = 1000 / N, peak = 1;
    for (var b = 0; b < N; b++) {
      var tot = 0;
      SO.forEach(function (s, si) { tot += D.strip[si][b]; });
      peak = Math.max(peak, tot);
    }
    strip.setAttribute("viewBox", "-4 0 1008 " + H);
    el("rect", { x: -4, y: 0, width: 1008, height: H, fill: "#fafafa" }, strip);
    var every = Math.max(1, Math.ceil(N / 8));
    for (var t = 0; t < N && t * w < 860; t += every) {
      el("line", { x1: t * w, x2: t * w, y1: top - 2, y2: H, "class": "tick" }, strip);
      el("text", { x: t * w + 2, y: 10 }, strip).textContent = utc(t0 + t * step).slice(0, 10);
    }
    el("text", { x: 1000, y: 10, "text-anchor": "end" }, strip).textContent =
      "events per " + D.period + " (peak " + peak + ")";
    win = el("rect", { x: 0, y: top - 2, width: 0, height: H - top + 2, "class": "win" }, strip);
    for (var bi = 0; bi < N; bi++) {
      var y = H - 2, grp = el("g", { "class": "bar", "data-period": bi }, strip);
      SO.forEach(function (s, si) {
        var n = D.strip[si][bi];
        if (!n) return;
        var hgt = (H - top - 4) * n / peak;
        y -= hgt;
        el("rect", { x: bi * w, y: y, width: Math.max(w - 0.3, 0.5), height: hgt, fill: side(s).colour }, grp);
      });
      (function (i) {
        grp.addEventListener("mousemove", function (ev) {
          var out = [[periodLabel(i), true]], tot = 0;
          SO.forEach(function (s, si) {
            var n = D.strip[si][i];
            tot += n;
            if (n) out.push([side(s).label + ": " + n]);
          });
          out.splice(1, 0, [tot + " event(s) started in this " + D.period]);
          showTip(ev, out);
        });
        grp.addEventListener("mouseleave", hideTip);
      })(bi);
      barNodes.push(grp);
    }
    cursor = el("line", { x1: 0, x2: 0, y1: 0, y2: H, "class": "cursor" }, strip);
    strip.addEventListener("click", function (ev) {
      var p = strip.createSVGPoint();
      p.x = ev.clientX; p.y = ev.clientY;
      var q = p.matrixTransform(strip.getScreenCTM().inverse());
      stop();
      setTime(xToTime(q.x));
    });
  })();
  function renderStrip(lo, hi) {
    if (!cursor) return;
    var w = 1000 / N;
    barNodes.forEach(function (b, i) { b.classList.toggle("out", i < lo || i >= hi); });
    cursor.setAttribute("x1", hi * w); cursor.setAttribute("x2", hi * w);
    win.setAttribute("x", lo * w); win.setAttribute("width", Math.max(0, (hi - lo) * w));
  }

  // --- the busiest sites in view ---------------------------------------------------------
  var tbody = document.querySelector("#list tbody"), LIST_ROWS = 30;
  function renderList() {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    var order = [];
    siteCounts.forEach(function (c, si) { if (c.n) order.push(si); });
    order.sort(function (a, b) { return siteCounts[b].n - siteCounts[a].n || a - b; });
    order.slice(0, LIST_ROWS).forEach(function (si) {
      var s = S[si], c = siteCounts[si];
      var tr = h("tr", null, st.sel === "s" + si ? "sel" : "", tbody);
      tr.dataset.site = s.id;
      [s.name, s.admin1 || "", c.n, sidesText(c.bySide)].forEach(function (v) { h("td", v, null, tr); });
      h("td", Object.keys(s.kinds).map(function (k) { return k + " " + s.kinds[k]; }).join(", "), null, tr);
      tr.addEventListener("click", function () { selectSite(si); });
    });
    document.getElementById("listhead").textContent = "Busiest sites in view (" +
      Math.min(order.length, LIST_ROWS) + " of " + order.length + " with events in view)";
  }

  // --- details of a site or a province ---------------------------------------------------
  var details = document.getElementById("details");
  function clearDetails() { while (details.firstChild) details.removeChild(details.firstChild); }
  function hintCommand(text) {
    h("h3", "Each event, its claims and its chain", null, details);
    h("p", "This is a count. For one entry per event, draw a smaller selection:", null, details);
    h("code", text, null, details);
  }
  function selectSite(si) {
    st.sel = "s" + si;
    clearDetails();
    var s = S[si], rg = range(), bySide = {}, all = {};
    var n = sum3(s.c, rg[0], rg[1], bySide);
    sum3(s.c, 0, N, all);
    h("h2", s.name, null, details);
    var dl = h("dl", null, null, details);
    [["province", s.admin1 || "\u2014"], ["in view", n + " event(s): " + (sidesText(bySide) || "none")],
      ["all periods", s.total + " event(s): " + sidesText(all)],
      ["near only", s.near ? s.near + " of them are only known to be near it (within " + D.near_km + " km)" : "none"],
      ["kinds", Object.keys(s.kinds).map(function (k) { return k + " " + s.kinds[k]; }).join(", ") || "\u2014"],
      ["id", s.id]].forEach(function (r) { h("dt", r[0], null, dl); h("dd", r[1], null, dl); });
    var busiest = [];
    for (var i = 0; i < s.c.length; i += 3) busiest.push([s.c[i], s.c[i + 2]]);
    var per = {};
    busiest.forEach(function (p) { per[p[0]] = (per[p[0]] || 0) + p[1]; });
    var top = Object.keys(per).sort(function (a, b) { return per[b] - per[a] || a - b; }).slice(0, 5);
    if (top.length) {
      h("h3", "Busiest " + D.periods + " here", null, details);
      var ol = h("ol", null, "chain", details);
      top.forEach(function (bi) { h("li", periodLabel(+bi) + ": " + per[bi], null, ol); });
    }
    var links = [];
    F.forEach(function (f) { if (f.from === si || f.to === si) links.push(f); });
    if (links.length) {
      h("h3", "Responses from and to here (all periods)", null, details);
      var ul = h("ol", null, "chain", details);
      links.slice(0, 10).forEach(function (f) {
        h("li", f.total + " \u00d7 " + S[f.from].name + " \u2192 " + S[f.to].name + " (median lag " + f.lag + ")", null, ul);
      });
    }
    hintCommand("tatgraph viz map --site " + s.id + " -o " + s.id + ".html");
    render();
  }
  function selectRegion(i) {
    st.sel = "r" + i;
    clearDetails();
    var r = R[i], rg = range(), bySide = {}, all = {};
    var n = sum3(r.c, rg[0], rg[1], bySide);
    sum3(r.c, 0, N, all);
    h("h2", r.name + " (" + r.country + ")", null, details);
    h("p", "Events known only to have happened somewhere in this province: the shading stands for them, not a point.", null, details);
    var dl = h("dl", null, null, details);
    [["in view", n + " event(s): " + (sidesText(bySide) || "none")], ["all periods", r.total + " event(s): " + sidesText(all)]]
      .forEach(function (x) { h("dt", x[0], null, dl); h("dd", x[1], null, dl); });
    hintCommand("tatgraph viz map --from YYYY-MM-DD --to YYYY-MM-DD -o " + "period.html");
    render();
  }

  // --- tooltips --------------------------------------------------------------------------
  function siteTip(si) {
    var s = S[si], c = siteCounts[si] || { n: 0, bySide: {} };
    var out = [[s.name, true], [c.n + " event(s) in view, " + s.total + " in all"]];
    if (s.admin1) out.push([s.admin1]);
    Object.keys(c.bySide).sort().forEach(function (k) { out.push([c.bySide[k] + " by " + side(SO[k]).label]); });
    if (s.near) out.push([s.near + " of all only near the site (within " + D.near_km + " km)"]);
    out.push(["click for details"]);
    return out;
  }
  function regionTip(i) {
    var r = R[i], rg = range(), bySide = {}, n = sum3(r.c, rg[0], rg[1], bySide);
    var out = [[r.name + " (" + r.country + ")", true], [n + " event(s) in view known only to this province"]];
    Object.keys(bySide).sort().forEach(function (k) { out.push([bySide[k] + " by " + side(SO[k]).label]); });
    return out;
  }
  function flowTip(i) {
    var f = F[i], rg = range(), n = sum2(f.c, rg[0], rg[1]);
    var bases = Object.keys(f.basis).map(function (k) { return f.basis[k] + " " + k; }).join(", ");
    return [[S[f.to].name + " answers " + S[f.from].name, true],
      [n + " response link(s) in view, " + f.total + " in all (" + bases + ")"],
      ["median lag " + f.lag + " (between window midpoints)"],
      ["mean confidence: " + (f.confidence === null ? "?" : f.confidence.toFixed(2))]];
  }

  // --- the sliding window counts periods -------------------------------------------------
  (function periodsWindow() {
    var sel = document.getElementById("width");
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    [1, 4, 12, 26].forEach(function (k, i) {
      var o = h("option", k + " " + (k === 1 ? D.period : D.periods), null, sel);
      o.value = String(k * step);
      if (i === 1) o.selected = true;
    });
    st.width = 4 * step;
  })();

  // --- legend ----------------------------------------------------------------------------
  (function legend() {
    var box = document.getElementById("legend");
    h("b", "Perpetrator side:", null, box);
    SO.forEach(function (s) {
      var span = h("span", null, null, box);
      var sw = h("span", null, "sw", span);
      sw.style.background = side(s).colour;
      span.appendChild(document.createTextNode(side(s).label));
    });
    h("span", "marker: a site, area by its events in view (at it or within " + D.near_km + " km), slices by side", null, box);
    var reg = h("span", null, null, box); h("span", null, "ar region", reg);
    reg.appendChild(document.createTextNode("shaded province: events known only to it"));
    var ln = h("span", null, null, box); h("span", null, "ln", ln);
    ln.appendChild(document.createTextNode("responses between two sites, width by how many"));
    var inf = h("span", null, null, box); h("span", null, "ln inferred", inf);
    inf.appendChild(document.createTextNode("all inferred (scored)"));
  })();

  // --- what tests and notebooks can drive ------------------------------------------------
  window.tatmap = {
    setTime: function (t) { stop(); setTime(typeof t === "number" ? t : Date.parse(t)); },
    setMode: function (m, width) { st.mode = m; if (width) st.width = width; render(); },
    select: function (id) { for (var i = 0; i < S.length; i++) if (S[i].id === id) return selectSite(i); },
    play: play, stop: stop,
    counts: function () {
      var out = {};
      siteCounts.forEach(function (c, si) { if (c.n) out[S[si].id] = c.n; });
      return out;
    },
    state: function () {
      return { t: st.t, mode: st.mode, markers: parseInt(svg.dataset.markers, 10),
               arrows: parseInt(svg.dataset.arrows, 10), regions: parseInt(svg.dataset.regions, 10),
               events: inViewTotal, periods: range() };
    },
    first: first, last: last
  };
  st.t = last;
  fit();
  document.body.dataset.ready = "1";
