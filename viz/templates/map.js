/* kamgraph power map: draws the JSON of every script element with data-kg-map="ID" into #ID.
   Tooltips and the side panel are built as DOM elements with textContent from the data, never
   parsed as HTML. The tools above the map (our relationships, line toggles, filters, find)
   change what is drawn; a click on a person opens the panel. */
(function () {
  "use strict";
  function facts(list) {
    var table = document.createElement("table");
    list.forEach(function (fact) {
      var row = document.createElement("tr");
      var name = document.createElement("th");
      name.textContent = fact[0];
      var value = document.createElement("td");
      value.textContent = fact[1];
      row.appendChild(name);
      row.appendChild(value);
      table.appendChild(row);
    });
    return table;
  }
  function tip(title, list) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    var head = document.createElement("strong");
    head.textContent = title;
    box.appendChild(head);
    box.appendChild(facts(list));
    return box;
  }
  function withTips(items, tips) {
    return items.map(function (item) {
      var t = tips[item.id];
      if (t) { item.title = tip(t[0], t[1]); }
      return item;
    });
  }
  // Case and accents do not matter when finding a person ("kátrin" finds Katrin).
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function draw(source) {
    var data = JSON.parse(source.textContent);
    var id = source.getAttribute("data-kg-map");
    var container = document.getElementById(id);
    var nodes = new vis.DataSet(withTips(data.nodes, data.tips));
    var edges = new vis.DataSet(withTips(data.edges, data.tips));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    var state = { network: network, nodes: nodes, edges: edges, stable: false, all: !data.focused };
    window.kamgraphMaps[id] = state;
    network.once("afterDrawing", function () {
      state.stable = true;
      container.setAttribute("data-stable", String(Math.round(performance.now())));
    });
    function tool(name) { return document.getElementById(id + "-" + name); }
    // Fitted whole; when that would draw labels smaller than data.min_font_px on screen (a
    // large chart), zoomed to that size on the top of the chart instead: the decision layer
    // first, the rest a scroll or "Whole map" away.
    function readable() {
      network.fit({ animation: false });
      var least = data.min_font_px || 0;
      var font = data.options.nodes.font.size;
      if (!least || font * network.getScale() >= least) { return; }
      var scale = least / font;
      var top = Infinity, xs = [];
      network.body.nodeIndices.forEach(function (nodeId) {
        var p = network.getPosition(nodeId);
        if (p.y < top - 1) { top = p.y; xs = [p.x]; } else if (Math.abs(p.y - top) <= 1) { xs.push(p.x); }
      });
      if (!xs.length) { return; }  // everyone filtered out: nothing to centre on
      var x = xs.reduce(function (a, b) { return a + b; }, 0) / xs.length;
      var y = top - 60 / scale + container.clientHeight / 2 / scale;
      var goal = data.target && nodes.get(data.target);
      if (goal && !goal.hidden) {  // the person the warm path leads to, in the middle
        var at = network.getPosition(data.target);
        x = at.x;
        y = Math.max(y, at.y);
      }
      network.moveTo({ position: { x: x, y: y }, scale: scale, animation: false });
    }
    function checked(name) { var t = tool(name); return t ? t.checked : false; }
    function chosen(name) { var t = tool(name); return t ? t.value : ""; }
    var count = tool("count");
    // What is drawn: the people the filters keep (of the key people first, or of everyone),
    // our sellers and lines when asked for (the warm path always), the lines toggled on.
    function apply() {
      var ours = checked("ours");
      var want = { deal: chosen("deal"), layer: chosen("layer"), stance: chosen("stance"),
                   unit: chosen("unit") };
      var people = 0;
      var full = state.all || want.unit !== "";  // an opened unit stands in the whole chart
      nodes.update(data.nodes.map(function (n) {
        var m = data.meta[n.id];
        var p = data.positions[n.id];
        var show = state.all || p[4];
        if (m.kind === "seller") {
          show = show && (ours || n.highlighted);
        } else {
          // A unit chosen opens it: all its people, not only those shown first.
          show = (show || (want.unit !== "" && m.unit === want.unit)) &&
            (!want.deal || m.deals.indexOf(want.deal) >= 0) &&
            (!want.layer || m.layer === want.layer) && (!want.stance || m.stance === want.stance) &&
            (!want.unit || m.unit === want.unit);
          if (show) { people += 1; }
        }
        return { id: n.id, hidden: !show, x: full ? p[2] : p[0], y: full ? p[3] : p[1] };
      }));
      var lines = { knows: ours, reports_to: checked("reports"), influence: checked("influence"),
                    conflict: checked("influence"), path: true };
      edges.update(data.edges.map(function (e) {
        return { id: e.id, hidden: !(e.highlighted || lines[e.kind]) };
      }));
      if (count) { count.textContent = people + " of " + data.total + " people"; }
      container.setAttribute("data-people", String(people));
    }
    // Units as labelled groups, drawn under the people: a box around the people of a unit
    // that are drawn, with the unit's name (canvas text: never markup), for each unit whose
    // box holds nobody of another unit (a unit spread over the chart gets none).
    network.on("beforeDrawing", function (ctx) {
      state.unitBoxes = [];
      if (!checked("units")) { return; }
      var boxes = {};
      var centres = [];
      network.body.nodeIndices.forEach(function (nodeId) {
        var m = data.meta[nodeId];
        if (m.kind !== "person") { return; }
        var p = network.getPosition(nodeId);
        centres.push({ unit: m.unit, x: p.x, y: p.y });
        if (!m.unit) { return; }
        var b = network.getBoundingBox(nodeId);
        var g = boxes[m.unit];
        if (!g) { boxes[m.unit] = { l: b.left, t: b.top, r: b.right, b: b.bottom, n: 1 }; return; }
        g.l = Math.min(g.l, b.left); g.t = Math.min(g.t, b.top);
        g.r = Math.max(g.r, b.right); g.b = Math.max(g.b, b.bottom); g.n += 1;
      });
      var pad = 10;
      ctx.save();
      ctx.font = "600 13px system-ui, sans-serif";
      Object.keys(boxes).sort().forEach(function (unit) {
        var g = boxes[unit];
        var crowded = g.n < 2 || centres.some(function (c) {
          return c.unit !== unit && c.x > g.l - pad && c.x < g.r + pad && c.y > g.t - pad - 18 && c.y < g.b + pad;
        });
        if (crowded) { return; }
        state.unitBoxes.push(unit);
        ctx.fillStyle = "rgba(140, 149, 159, 0.08)";
        ctx.strokeStyle = "#d0d7de";
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.rect(g.l - pad, g.t - pad - 18, g.r - g.l + 2 * pad, g.b - g.t + 2 * pad + 18);
        ctx.fill();
        ctx.stroke();
        ctx.fillStyle = "#57606a";
        ctx.fillText(unit, g.l - pad + 6, g.t - pad - 4);
      });
      ctx.restore();
    });
    var panel = tool("panel");
    function open(nodeId) {
      if (!panel || !data.tips[nodeId]) { return; }
      var t = data.tips[nodeId];
      panel.textContent = "";
      var close = document.createElement("button");
      close.type = "button";
      close.className = "kg-panel-close";
      close.textContent = "Close";
      close.addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });
      var head = document.createElement("h3");
      head.textContent = t[0];
      panel.appendChild(close);
      panel.appendChild(head);
      panel.appendChild(facts(t[1]));
      var m = data.meta[nodeId];
      // Served by kamgraph (not a file opened from disk): the person's page is one click away.
      if (m.kind === "person" && /^https?:$/.test(location.protocol)) {
        var link = document.createElement("a");
        link.href = "/people/" + encodeURIComponent(m.id);
        link.textContent = "Open the person's page";
        panel.appendChild(link);
      }
      panel.hidden = false;
      panel.setAttribute("data-node", nodeId);
      panel.setAttribute("data-opened", String(performance.now()));  // for bench.maps
    }
    network.on("click", function (params) {
      if (params.nodes.length) { open(params.nodes[0]); }
    });
    var find = tool("find");
    if (find) {
      find.addEventListener("input", function () {
        var q = folded(find.value.trim());
        if (!q) { return; }
        var hit = data.nodes.filter(function (n) {
          return data.meta[n.id].kind === "person" && !nodes.get(n.id).hidden &&
            folded(data.meta[n.id].name).indexOf(q) >= 0;
        })[0];
        if (hit) {
          network.selectNodes([hit.id]);
          network.focus(hit.id, { scale: 1.2, animation: false });
          open(hit.id);
        }
      });
    }
    ["ours", "reports", "influence", "deal", "layer", "stance"].forEach(function (name) {
      var t = tool(name);
      if (t) { t.addEventListener("change", apply); }
    });
    var unit = tool("unit");
    if (unit) { unit.addEventListener("change", function () { apply(); readable(); }); }
    var units = tool("units");
    if (units) { units.addEventListener("change", function () { network.redraw(); }); }
    var toggle = tool("all");
    if (toggle) {
      toggle.addEventListener("click", function () {
        state.all = !state.all;
        apply();
        toggle.textContent = state.all ? toggle.getAttribute("data-less") : toggle.getAttribute("data-more");
        readable();
      });
    }
    var whole = tool("whole");
    if (whole) { whole.addEventListener("click", function () { network.fit({ animation: false }); }); }
    apply();
    readable();
  }
  window.kamgraphMaps = window.kamgraphMaps || {};
  document.querySelectorAll("script[data-kg-map]").forEach(draw);
})();
