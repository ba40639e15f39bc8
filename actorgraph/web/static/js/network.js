/* Network page: actors and relations with Cytoscape.js (vendored). */
(function () {
  "use strict";
  var AG = window.AG;
  var status = document.getElementById("graph-status");
  var panel = document.getElementById("edge-detail");
  var form = document.getElementById("graph-filters");
  var cy = null;
  var COLORS = {Person: "#d9822b", Organization: "#2b6cb0", Location: "#2f855a"};
  var EDGE_COLORS = {opposes: "#c53030", allied_with: "#2f855a", part_of: "#6b46c1", leader_of: "#b7791f",
    member_of: "#b7791f", affiliated_with: "#3182ce", allegiance_to: "#805ad5", operates_in: "#718096"};

  function query() {
    var params = new URLSearchParams();
    var preds = form.querySelectorAll("input[name=predicate]");
    var checked = Array.prototype.filter.call(preds, function (i) { return i.checked; });
    if (checked.length !== preds.length) {
      checked.forEach(function (i) { params.append("predicate", i.value); });
      if (!checked.length) { params.append("predicate", "-none-"); }
    }
    var types = form.querySelectorAll("input[name=type]");
    var tchecked = Array.prototype.filter.call(types, function (i) { return i.checked; });
    if (tchecked.length !== types.length) {
      tchecked.forEach(function (i) { params.append("type", i.value); });
      if (!tchecked.length) { params.append("type", "-none-"); }
    }
    ["start", "end"].forEach(function (k) {
      var v = form.elements[k].value.trim();
      if (v) { params.set(k, v); }
    });
    return params.toString();
  }

  function style() {
    return [
      {selector: "node", style: {
        "label": "data(label)", "width": "data(size)", "height": "data(size)", "font-size": 11,
        "background-color": function (n) { return COLORS[n.data("type")] || "#718096"; },
        "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 140,
        "color": "#1a202c", "text-outline-color": "#fff", "text-outline-width": 2}},
      {selector: ":parent", style: {
        "background-opacity": 0.08, "border-width": 2, "border-color": "#6b46c1", "border-style": "dashed",
        "shape": "round-rectangle", "text-valign": "top", "text-halign": "center", "font-weight": "bold",
        "padding": 14}},
      {selector: "edge", style: {
        "width": 2, "curve-style": "bezier", "target-arrow-shape": "triangle", "label": "data(label)",
        "font-size": 9, "color": "#4a5568", "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.8, "text-background-padding": 1,
        "line-color": function (e) { return EDGE_COLORS[e.data("predicate")] || "#a0aec0"; },
        "target-arrow-color": function (e) { return EDGE_COLORS[e.data("predicate")] || "#a0aec0"; }}},
      {selector: "edge[predicate = 'part_of']", style: {"line-style": "dashed"}},
      /* a part_of edge to the box that already contains its node is shown by the box itself */
      {selector: "edge[?contained]", style: {"display": "none"}},
      {selector: ":selected", style: {"overlay-color": "#ecc94b", "overlay-opacity": 0.3}}
    ];
  }

  function showEdge(edge) {
    panel.textContent = "";
    panel.appendChild(AG.el("p", {"class": "muted", text: "loading…"}));
    AG.getJSON("/api/facts/" + encodeURIComponent(edge.data("fact_id"))).then(function (f) {
      panel.textContent = "";
      var head = AG.el("p", {"class": "edge-statement"}, [
        AG.el("a", {href: "/entities/" + f.subject.id, text: f.subject.name}), " " + f.predicate + " ",
        AG.el("a", {href: "/entities/" + f.object.id, text: f.object.name})
      ]);
      panel.appendChild(head);
      if (f.start || f.end) {
        panel.appendChild(AG.el("p", {"class": "muted", text: (f.start || "?") + " – " + (f.end || "")}));
      }
      panel.appendChild(AG.evidenceList(f.evidence));
    }).catch(function (err) { panel.textContent = String(err); });
  }

  function showNode(node) {
    panel.textContent = "";
    var d = node.data();
    panel.appendChild(AG.el("p", {"class": "edge-statement"}, [
      AG.el("a", {href: "/entities/" + encodeURIComponent(d.entity_id), text: d.label}),
      " (" + d.type + ", " + d.evidence + " supporting statements in view)"]));
    node.connectedEdges("[?contained]").forEach(function (edge) {
      var box = AG.el("div", {});
      panel.appendChild(box);
      AG.getJSON("/api/facts/" + encodeURIComponent(edge.data("fact_id"))).then(function (f) {
        box.appendChild(AG.el("p", {}, [f.subject.name + " part_of ",
          AG.el("a", {href: "/entities/" + encodeURIComponent(f.object.id), text: f.object.name})]));
        box.appendChild(AG.evidenceList(f.evidence));
      });
    });
    panel.appendChild(AG.el("p", {"class": "muted", text: "Double-click a node to open its entity page."}));
  }

  function render(graph) {
    var elements = graph.nodes.concat(graph.edges);
    if (cy) { cy.destroy(); }
    cy = window.cytoscape({
      container: document.getElementById("cy"), elements: elements, style: style(),
      layout: {name: "cose", animate: false, randomize: false, padding: 30, componentSpacing: 80,
        nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 110; },
        nestingFactor: 0.8, gravity: 40, numIter: 1500, nodeDimensionsIncludeLabels: true},
      wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4
    });
    window.agCy = cy;
    cy.on("tap", "edge", function (evt) { showEdge(evt.target); });
    cy.on("tap", "node", function (evt) { showNode(evt.target); });
    cy.on("dbltap", "node", function (evt) {
      window.location.href = "/entities/" + encodeURIComponent(evt.target.data("entity_id"));
    });
    status.textContent = graph.nodes.length + " actors, " + graph.edges.length + " relations" +
      (graph.truncated ? " (the " + graph.limit + " best-supported; narrow the filters to see others)" : "") +
      (graph.compound_parents.length ? " · boxes group the components (part_of) of a coalition" : "");
    document.body.dataset.graphNodes = String(cy.nodes().length);
    document.body.dataset.graphEdges = String(cy.edges().length);
    document.body.dataset.graphReady = "1";
  }

  function load() {
    document.body.dataset.graphReady = "0";
    status.textContent = "loading…";
    AG.getJSON("/api/graph?" + query()).then(render).catch(function (err) { status.textContent = String(err); });
  }

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /* SVG export of the current layout: compound boxes, edges, nodes and labels (no third-party code). */
  function toSvg() {
    var bb = cy.elements().boundingBox({includeLabels: true});
    var pad = 20, w = Math.ceil(bb.w + 2 * pad), h = Math.ceil(bb.h + 2 * pad);
    var dx = pad - bb.x1, dy = pad - bb.y1;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h +
      '" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>',
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">' +
      '<path d="M 0 0 L 10 5 L 0 10 z" fill="#718096"/></marker></defs>'];
    cy.nodes(":parent").forEach(function (n) {
      var b = n.boundingBox({includeLabels: false});
      out.push('<rect x="' + (b.x1 + dx) + '" y="' + (b.y1 + dy) + '" width="' + b.w + '" height="' + b.h +
        '" rx="8" fill="#6b46c1" fill-opacity="0.08" stroke="#6b46c1" stroke-dasharray="6 4"/>');
      out.push('<text x="' + (b.x1 + dx + b.w / 2) + '" y="' + (b.y1 + dy - 4) + '" font-size="11" font-weight="bold" text-anchor="middle">' +
        esc(n.data("label")) + "</text>");
    });
    cy.edges(":visible").forEach(function (e) {
      var s = e.sourceEndpoint(), t = e.targetEndpoint();
      var color = EDGE_COLORS[e.data("predicate")] || "#a0aec0";
      out.push('<line x1="' + (s.x + dx) + '" y1="' + (s.y + dy) + '" x2="' + (t.x + dx) + '" y2="' + (t.y + dy) +
        '" stroke="' + color + '" stroke-width="2" marker-end="url(#arrow)"' +
        (e.data("predicate") === "part_of" ? ' stroke-dasharray="6 4"' : "") + "/>");
      out.push('<text x="' + ((s.x + t.x) / 2 + dx) + '" y="' + ((s.y + t.y) / 2 + dy) + '" font-size="9" fill="#4a5568" text-anchor="middle">' +
        esc(e.data("label")) + "</text>");
    });
    cy.nodes().not(":parent").forEach(function (n) {
      var p = n.position(), r = n.width() / 2;
      out.push('<circle cx="' + (p.x + dx) + '" cy="' + (p.y + dy) + '" r="' + r + '" fill="' + (COLORS[n.data("type")] || "#718096") + '"/>');
      out.push('<text x="' + (p.x + dx) + '" y="' + (p.y + dy + r + 12) + '" font-size="11" text-anchor="middle">' + esc(n.data("label")) + "</text>");
    });
    out.push("</svg>");
    return out.join("\n");
  }
  window.agGraphSvg = function () { return toSvg(); };

  form.addEventListener("submit", function (evt) { evt.preventDefault(); load(); });
  document.getElementById("export-png").addEventListener("click", function () {
    if (cy) { AG.download(cy.png({output: "blob", full: true, bg: "#ffffff", scale: 2}), "actorgraph-network.png"); }
  });
  document.getElementById("export-svg").addEventListener("click", function () {
    if (cy) { AG.download(new Blob([toSvg()], {type: "image/svg+xml"}), "actorgraph-network.svg"); }
  });
  load();
})();
