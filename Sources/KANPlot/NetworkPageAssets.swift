/// The network page's style: the diagram scaled to its column, the panel beside it (below it on a
/// narrow window), and a hovered, focused or selected edge drawn opaque and blue.
let networkPageStyle = """
  body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #222; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  main { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  #network { flex: 1 1 auto; min-width: 0; }
  #network svg { max-width: 100%; height: auto; display: block; }
  #panel { flex: 0 1 480px; min-width: 300px; border: 1px solid #ccc; border-radius: 6px;
    padding: 12px; position: sticky; top: 16px; }
  #placeholder { color: #666; margin: 0; }
  #detail h2 { font-size: 16px; margin: 0 0 6px; padding-right: 64px; overflow-wrap: anywhere; }
  #detail p { margin: 0 0 6px; overflow-wrap: anywhere; }
  #detail-formula { font-family: Menlo, Consolas, monospace; }
  #detail-chart svg { width: 100%; height: auto; display: block; }
  #close { float: right; }
  .edge { cursor: pointer; }
  .edge:hover, .edge:focus, .edge.selected { opacity: 1; }
  .edge:focus { outline: none; }
  .edge:hover path, .edge:hover polyline, .edge:hover rect, .edge:focus path,
  .edge:focus polyline, .edge:focus rect, .edge.selected path, .edge.selected polyline,
  .edge.selected rect { stroke: #1f77b4; }
  .edge.selected rect, .edge:focus rect { stroke-width: 2.5; }

  """

/// The network page's script: an edge shows its hidden chart figure in the panel on click, on
/// Enter or Space when focused, or from the URL's `#edge-l-i-j`; Escape or close clears it.
let networkPageScript = """
  (function () {
    "use strict";
    var detail = document.getElementById("detail");
    var placeholder = document.getElementById("placeholder");
    var selected = null;
    function set(id, text) { document.getElementById(id).textContent = text; }
    function show(edge) {
      var figure = document.getElementById("chart-" + edge.id);
      if (!figure) { return; }
      if (selected) { selected.classList.remove("selected"); }
      selected = edge;
      edge.classList.add("selected");
      var data = figure.dataset;
      set("detail-title", data.title);
      set("detail-formula", data.formula ? "formula: " + data.formula : "spline");
      set("detail-info", "from " + data.from + " to " + data.to + ", score " + data.score);
      document.getElementById("detail-chart")
        .replaceChildren(figure.querySelector("svg").cloneNode(true));
      detail.hidden = false;
      placeholder.hidden = true;
      detail.scrollIntoView({ block: "nearest" });
    }
    function close() {
      if (selected) { selected.classList.remove("selected"); }
      selected = null;
      detail.hidden = true;
      placeholder.hidden = false;
    }
    document.querySelectorAll("#network .edge").forEach(function (edge) {
      edge.setAttribute("tabindex", "0");
      edge.setAttribute("role", "button");
      edge.addEventListener("click", function () { show(edge); });
      edge.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(edge); }
      });
    });
    document.getElementById("close").addEventListener("click", close);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); }
    });
    function showHash() {
      var edge = document.getElementById(location.hash.slice(1));
      if (edge && edge.classList.contains("edge")) { show(edge); }
    }
    window.addEventListener("hashchange", showHash);
    if (location.hash.length > 1) { showHash(); }
  })();

  """
