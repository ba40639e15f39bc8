/* Map page: Leaflet over an offline Natural Earth basemap (vendored TopoJSON); events as markers. */
(function () {
  "use strict";
  var AG = window.AG;
  var status = document.getElementById("map-status");
  var COLORS = {battles: "#c53030", violence_against_civilians: "#9b2c2c", explosions_remote_violence: "#dd6b20",
    riots: "#d69e2e", protests: "#38a169", strategic_developments: "#3182ce"};
  var PRECISION_RADIUS = {1: 7, 2: 10, 3: 14};
  var map = L.map("map", {zoomControl: true, worldCopyJump: false, minZoom: 2, maxZoom: 10,
    attributionControl: true}).setView([17, -2], 5);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Borders: Natural Earth (public domain)");
  window.agMap = map;

  function popup(ev) {
    var box = AG.el("div", {"class": "popup"});
    box.appendChild(AG.el("b", {text: (ev.type_label || ev.type || "event") +
      (ev.sub_type_label && ev.sub_type_label !== "Other" ? " / " + ev.sub_type_label : (ev.sub_type ? " / " + ev.sub_type : ""))}));
    box.appendChild(AG.el("div", {text: (ev.date || "undated") + (ev.date_precision_label ? " (to the " + ev.date_precision_label + ")" : "")}));
    box.appendChild(AG.el("div", {text: (ev.location || "unnamed place") + (ev.country ? ", " + ev.country : "") +
      " — location precision: " + (ev.geo_precision_label || "unknown")}));
    var actors = (ev.roles.actors || []).concat(ev.subject ? [ev.subject] : []);
    if (actors.length) {
      var who = AG.el("div", {}, ["actors: "]);
      actors.forEach(function (a, i) {
        if (i) { who.appendChild(document.createTextNode(", ")); }
        who.appendChild(AG.el("a", {href: "/entities/" + encodeURIComponent(a.id), text: a.name}));
      });
      box.appendChild(who);
    }
    if (ev.fatalities !== null && ev.fatalities !== undefined) {
      var dead = AG.el("div", {"class": "fatalities", text: "fatalities: " + ev.fatalities});
      if (ev.fatalities_disputed) {
        dead.appendChild(document.createTextNode(" "));
        dead.appendChild(AG.el("span", {"class": "badge disagree", text: "disputed",
          title: "the sources give different figures; the lowest is kept, as ACLED does"}));
        var figures = AG.el("ul", {"class": "by-source"});
        (ev.fatalities_by_source || []).forEach(function (x) {
          figures.appendChild(AG.el("li", {}, [
            AG.el("a", {href: "/documents/" + encodeURIComponent(x.document_id), text: x.title || ("document " + x.document_id)}),
            ": " + x.fatalities]));
        });
        dead.appendChild(figures);
      }
      box.appendChild(dead);
    }
    if (ev.summary) { box.appendChild(AG.el("div", {"class": "muted", text: ev.summary})); }
    var n = ev.source_count || 0;
    box.appendChild(AG.el("div", {"class": "source-count", text: n + (n === 1 ? " source" : " sources")}));
    box.appendChild(AG.evidenceList((ev.evidence || []).filter(function (x) { return x.current; })));
    return box;
  }

  function legend(types) {
    var div = document.getElementById("map-legend");
    div.textContent = "";
    types.forEach(function (t) {
      div.appendChild(AG.el("span", {"class": "legend-item et-" + t, text: t}));
    });
    div.appendChild(AG.el("span", {"class": "muted", text: " · larger dashed rings: less precise locations"}));
  }

  function addEvents() {
    return AG.getJSON("/api/events").then(function (events) {
      var located = events.filter(function (e) { return e.lat !== null && e.lon !== null; });
      var bounds = [];
      var types = {};
      located.forEach(function (ev) {
        var color = COLORS[ev.type] || "#4a5568";
        types[ev.type || "other"] = true;
        var precise = ev.geo_precision === 1 || ev.geo_precision === null || ev.geo_precision === undefined;
        var marker = L.circleMarker([ev.lat, ev.lon], {
          radius: PRECISION_RADIUS[ev.geo_precision] || 8, color: color, fillColor: color, fillOpacity: 0.55,
          weight: 2, dashArray: precise ? null : "4 3", className: "ag-event-marker"
        });
        marker.bindPopup(popup(ev), {maxWidth: 360});
        marker.addTo(map);
        bounds.push([ev.lat, ev.lon]);
      });
      if (bounds.length) { map.fitBounds(bounds, {padding: [40, 40], maxZoom: 7}); }
      legend(Object.keys(types));
      status.textContent = located.length + " events on the map";
      document.body.dataset.mapMarkers = String(located.length);
    });
  }

  AG.getJSON("/static/vendor/world-atlas/countries-50m.json").then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {style: {color: "#718096", weight: 1, fillColor: "#f7fafc", fillOpacity: 1},
      interactive: false}).addTo(map);
    document.body.dataset.basemap = String(countries.features.length);
  }).catch(function (err) { status.textContent = "basemap: " + err; })
    .then(addEvents)
    .then(function () { document.body.dataset.mapReady = "1"; })
    .catch(function (err) { status.textContent = String(err); });
})();
