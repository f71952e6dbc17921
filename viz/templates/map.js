/* kamgraph power map: draws the JSON of every script element with data-kg-map="ID" into #ID.
   Tooltips are built as DOM elements with textContent from the data, never parsed as HTML. */
(function () {
  "use strict";
  function tip(title, facts) {
    var box = document.createElement("div");
    box.className = "kg-tip";
    var head = document.createElement("strong");
    head.textContent = title;
    box.appendChild(head);
    var table = document.createElement("table");
    facts.forEach(function (fact) {
      var row = document.createElement("tr");
      var name = document.createElement("th");
      name.textContent = fact[0];
      var value = document.createElement("td");
      value.textContent = fact[1];
      row.appendChild(name);
      row.appendChild(value);
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  }
  function withTips(items, tips) {
    return items.map(function (item) {
      var t = tips[item.id];
      if (t) { item.title = tip(t[0], t[1]); }
      return item;
    });
  }
  window.kamgraphMaps = window.kamgraphMaps || {};
  document.querySelectorAll("script[data-kg-map]").forEach(function (source) {
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
    network.fit({ animation: false });
    var toggle = document.getElementById(id + "-all");
    if (toggle) {
      toggle.addEventListener("click", function () {
        state.all = !state.all;
        nodes.update(data.nodes.map(function (n) {
          var p = data.positions[n.id];
          return state.all ? { id: n.id, hidden: false, x: p[2], y: p[3] }
                           : { id: n.id, hidden: !p[4], x: p[0], y: p[1] };
        }));
        toggle.textContent = state.all ? toggle.getAttribute("data-less") : toggle.getAttribute("data-more");
        network.fit({ animation: false });
      });
    }
  });
})();
