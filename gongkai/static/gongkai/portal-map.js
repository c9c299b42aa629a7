// The disclosure map (公开地图): draws the uploaded township shapes with Leaflet (no tile layer, no other
// site is asked for anything). The list of tiles under it is the page without JavaScript; a shape leads
// to its township's catalog, as the tile's link does.
(function () {
  "use strict";

  function label(props) {
    // Built from text nodes only: names come from the database, never as HTML.
    var box = document.createElement("span");
    var name = document.createElement("strong");
    name.textContent = props.name;
    box.appendChild(name);
    if (props.published) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(props.items + " 项 · " + props.records + " 条"));
    }
    return box;
  }

  function tileOf(code) {
    return document.querySelector('.portal-map-place[data-code="' + code + '"]');
  }

  function draw(canvas, data) {
    if (!data.features || !data.features.length) return;
    canvas.hidden = false;
    var note = document.querySelector("[data-map-note]");
    if (note) note.hidden = false;
    var map = window.L.map(canvas, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
    var layer = window.L.geoJSON(data, {
      style: function (feature) {
        var on = feature.properties.published;
        return { color: "#1d4f91", weight: 1.5, fillColor: on ? "#3d7cc9" : "#c5ccd6", fillOpacity: on ? 0.35 : 0.25,
                 className: "portal-map-shape portal-map-shape-" + feature.properties.code };
      },
      onEachFeature: function (feature, shape) {
        var props = feature.properties;
        shape.bindTooltip(label(props), { permanent: true, direction: "center", className: "portal-map-label" });
        shape.on("mouseover", function () {
          shape.setStyle({ fillOpacity: 0.6 });
          var tile = tileOf(props.code);
          if (tile) tile.classList.add("highlight");
        });
        shape.on("mouseout", function () {
          layer.resetStyle(shape);
          var tile = tileOf(props.code);
          if (tile) tile.classList.remove("highlight");
        });
        if (props.catalog) {
          shape.on("click", function () { window.location.href = props.catalog; });
        }
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  }

  function start() {
    var canvas = document.getElementById("portal-map-canvas");
    if (!canvas || !window.L || !window.fetch) return;
    fetch(canvas.getAttribute("data-features"), { headers: { Accept: "application/geo+json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(canvas, data); })
      .catch(function () { /* the list below stays the map */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
