// The escalation map (tatgraph), the part both views share: helpers, the basemap, zoom and
// pan, tooltips, playback. Plain SVG and DOM, no library, nothing loaded from the web. All
// report text reaches the page through textContent / createTextNode, never as HTML.
// map.py wraps this and the view's own script (map_detail.js or map_density.js) in one
// function scope; the view defines render(), fit targets (S), moments, first, last,
// timeToX() and xToTime().
  var D = JSON.parse(document.getElementById("map-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var S = D.sites;
  var svg = document.getElementById("map");
  var g = {
    defs: document.getElementById("defs"), land: document.getElementById("land"),
    borders: document.getElementById("borders"), labels: document.getElementById("labels"),
    areas: document.getElementById("areas"), arrows: document.getElementById("arrows"),
    sites: document.getElementById("sites")
  };
  var tip = document.getElementById("tip");
  var slider = document.getElementById("slider");
  var clock = document.getElementById("clock");
  var st = { t: 0, mode: "cumulative", width: 604800000, sel: null, focus: false, timer: null,
             speed: 1, vb: null };

  // --- small helpers ---------------------------------------------------------------------
  function el(tag, attrs, parent) {
    var n = document.createElementNS(NS, tag);
    for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) n.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(n);
    return n;
  }
  function h(tag, text, cls, parent) {
    var n = document.createElement(tag);
    if (text !== null && text !== undefined) n.textContent = String(text);
    if (cls) n.className = cls;
    if (parent) parent.appendChild(n);
    return n;
  }
  function side(s) { return D.sides[s] || { label: s, colour: "#999999" }; }
  function fig(f) {
    if (!f) return "unknown";
    return f[0] === f[2] ? String(f[1]) : f[1] + " (" + f[0] + "\u2013" + f[2] + ")";
  }
  function actors(list) {
    return list.length ? list.map(function (a) { return a[0]; }).join(", ") : "not named";
  }
  function mun(m) {
    var k = Object.keys(m || {}).sort();
    return k.map(function (x) { return x.replace(/_/g, " ") + ": " + m[x]; }).join(", ");
  }
  function siteName(e) { return e.site === null ? e.unplaced || "no site" : S[e.site].name; }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function utc(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) +
      " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + " UTC";
  }
  var local = null;
  try {
    local = new Intl.DateTimeFormat("en-GB", { timeZone: D.tz, year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  } catch (err) { local = null; }

  // --- the basemap -----------------------------------------------------------------------
  D.base.areas.forEach(function (a) {
    var p = el("path", { d: a.d, "class": a.focus ? "focus" : "other", "fill-rule": "evenodd" }, g.land);
    p.addEventListener("mousemove", function (ev) {
      showTip(ev, [[a.name, true], [a.name_ar || ""], [a.country]]);
    });
    p.addEventListener("mouseleave", hideTip);
  });
  Object.keys(D.base.lines).forEach(function (k) {
    el("path", { d: D.base.lines[k], "class": k }, g.borders);
  });
  D.base.countries.forEach(function (c) {
    var t = el("text", { x: c.x, y: c.y, "class": c.focus ? "focus" : "" }, g.labels);
    t.textContent = c.name;
  });
  Object.keys(D.sides).forEach(function (s) {
    var m = el("marker", { id: "ah-" + s, viewBox: "0 0 10 10", refX: 8, refY: 5,
      markerWidth: 4.5, markerHeight: 4.5, orient: "auto-start-reverse" }, g.defs);
    el("path", { d: "M0 0L10 5L0 10z", fill: side(s).colour }, m);
    var pat = el("pattern", { id: "hatch-" + s, patternUnits: "userSpaceOnUse", width: 6, height: 6,
      patternTransform: "rotate(45)" }, g.defs);
    el("rect", { width: 6, height: 6, fill: side(s).colour, "fill-opacity": 0.08 }, pat);
    el("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: side(s).colour, "stroke-width": 1.6,
      "stroke-opacity": 0.55 }, pat);
  });

  function zoomK() { return st.vb ? st.vb.w / D.base.width : 1; }
  function sliceD(cx, cy, r, a0, a1) {
    if (a1 - a0 >= 2 * Math.PI - 1e-6) {
      return "M" + (cx - r) + " " + cy + "a" + r + " " + r + " 0 1 0 " + (2 * r) + " 0a" + r + " " + r + " 0 1 0 " + (-2 * r) + " 0";
    }
    var x0 = cx + r * Math.sin(a0), y0 = cy - r * Math.cos(a0);
    var x1 = cx + r * Math.sin(a1), y1 = cy - r * Math.cos(a1);
    return "M" + cx + " " + cy + "L" + x0 + " " + y0 + "A" + r + " " + r + " 0 " + (a1 - a0 > Math.PI ? 1 : 0) + " 1 " + x1 + " " + y1 + "Z";
  }
  function placeLabels(labels, nodes) {
    // Greedy: busiest sites first; each label right, left, above or below its site, or
    // hidden if all four overlap a label already placed (the tooltip still names it).
    var z = zoomK(), fs = 11 * z, placed = [];
    labels.sort(function (a, b) { return b.n - a.n || a.si - b.si; });
    labels.forEach(function (lb) {
      var s = S[lb.si], node = nodes[lb.si], w = s.name.length * fs * 0.56, gap = lb.r + 2 * z;
      var options = [
        [s.x + gap, s.y + fs * 0.35, "start", s.x + gap, s.y - fs * 0.65],
        [s.x - gap, s.y + fs * 0.35, "end", s.x - gap - w, s.y - fs * 0.65],
        [s.x, s.y - gap - fs * 0.2, "middle", s.x - w / 2, s.y - gap - fs * 1.2],
        [s.x, s.y + gap + fs * 0.9, "middle", s.x - w / 2, s.y + gap]
      ];
      var hit = null;
      for (var o = 0; o < options.length && !hit; o++) {
        var c = options[o], box = [c[3], c[4], c[3] + w, c[4] + fs];
        var clash = placed.some(function (p) {
          return box[0] < p[2] && p[0] < box[2] && box[1] < p[3] && p[1] < box[3];
        });
        if (!clash) { hit = c; placed.push(box); }
      }
      node.style.display = hit ? "" : "none";
      if (hit) {
        node.setAttribute("x", hit[0]); node.setAttribute("y", hit[1]);
        node.setAttribute("text-anchor", hit[2]);
      }
    });
  }

  // --- tooltips --------------------------------------------------------------------------
  function showTip(ev, lines) {
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    lines.forEach(function (l) { if (l[0]) h(l[1] ? "b" : "span", l[0], null, tip); });
    var x = ev.clientX + 14, y = ev.clientY + 12;
    tip.style.visibility = "visible";
    var r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 4) x = ev.clientX - r.width - 10;
    if (y + r.height > window.innerHeight - 4) y = ev.clientY - r.height - 10;
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function hideTip() { tip.style.visibility = "hidden"; }

  // --- zoom and pan ----------------------------------------------------------------------
  function setView(vb) {
    st.vb = vb;
    svg.setAttribute("viewBox", vb.x + " " + vb.y + " " + vb.w + " " + vb.h);
    render();
  }
  function fit() {
    var xs = [], ys = [];
    S.forEach(function (s) { xs.push(s.x); ys.push(s.y); });
    if (!xs.length) return all();
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var box = svg.getBoundingClientRect(), aspect = (box.width || 900) / (box.height || 600);
    var w = Math.max(x1 - x0, 40) * 1.6 + 80, hgt = Math.max(y1 - y0, 40) * 1.6 + 80;
    if (w / hgt < aspect) w = hgt * aspect; else hgt = w / aspect;
    setView({ x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - hgt / 2, w: w, h: hgt });
  }
  function all() { setView({ x: 0, y: 0, w: D.base.width, h: D.base.height }); }
  function zoomAt(f, cx, cy) {
    var vb = st.vb, w = Math.min(Math.max(vb.w * f, 15), D.base.width * 3), ratio = w / vb.w;
    setView({ x: cx - (cx - vb.x) * ratio, y: cy - (cy - vb.y) * ratio, w: w, h: vb.h * ratio });
  }
  function toMap(ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toMap(ev);
    zoomAt(ev.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });
  var drag = null;
  svg.addEventListener("pointerdown", function (ev) {
    drag = { p: toMap(ev), vb: st.vb, moved: false };
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var p = toMap(ev), dx = p.x - drag.p.x, dy = p.y - drag.p.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 2 * zoomK()) return;
    drag.moved = true;
    svg.classList.add("dragging");
    st.vb = { x: st.vb.x - dx, y: st.vb.y - dy, w: st.vb.w, h: st.vb.h };
    svg.setAttribute("viewBox", st.vb.x + " " + st.vb.y + " " + st.vb.w + " " + st.vb.h);
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
  document.getElementById("zin").addEventListener("click", function () {
    zoomAt(1 / 1.5, st.vb.x + st.vb.w / 2, st.vb.y + st.vb.h / 2);
  });
  document.getElementById("zout").addEventListener("click", function () {
    zoomAt(1.5, st.vb.x + st.vb.w / 2, st.vb.y + st.vb.h / 2);
  });
  document.getElementById("zfit").addEventListener("click", fit);
  document.getElementById("zall").addEventListener("click", all);

  // --- playback --------------------------------------------------------------------------
  var playBtn = document.getElementById("play");
  function setTime(t) { st.t = t; render(); }
  function next() {
    for (var i = 0; i < moments.length; i++) if (moments[i] > st.t) return moments[i];
    return null;
  }
  function prev() {
    for (var i = moments.length - 1; i >= 0; i--) if (moments[i] < st.t) return moments[i];
    return null;
  }
  function stop() {
    if (st.timer) clearInterval(st.timer);
    st.timer = null;
    playBtn.textContent = "\u25b6 Play";
  }
  function play() {
    if (st.timer) return stop();
    if (next() === null) setTime(first - 1);
    playBtn.textContent = "\u275a\u275a Pause";
    st.timer = setInterval(function () {
      var n = next();
      if (n === null) return stop();
      setTime(n);
    }, 900 / st.speed);
  }
  playBtn.addEventListener("click", play);
  document.getElementById("fwd").addEventListener("click", function () { stop(); var n = next(); if (n !== null) setTime(n); });
  document.getElementById("back").addEventListener("click", function () { stop(); var p = prev(); setTime(p === null ? first - 1 : p); });
  slider.addEventListener("input", function () { stop(); setTime(xToTime(parseFloat(slider.value))); });
  Array.prototype.forEach.call(document.querySelectorAll("input[name=mode]"), function (r) {
    r.addEventListener("change", function () { st.mode = r.value; render(); });
  });
  document.getElementById("width").addEventListener("change", function (ev) {
    st.width = parseInt(ev.target.value, 10);
    render();
  });
  document.getElementById("speed").addEventListener("change", function (ev) {
    st.speed = parseFloat(ev.target.value);
    if (st.timer) { stop(); play(); }
  });
