/* The reference's only script: the narrow-screen menu, and search over a prebuilt index.
   Works from file://: the index is a script added on first use, not a fetched file. Results are
   built with textContent, so no name or description is ever parsed as HTML. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var button = document.getElementById("menu-button");
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var LIMIT = 50;
  var index = null;
  var items = null;
  var pending = null;
  var requested = false;

  markCurrentPage();
  button.addEventListener("click", function () {
    var open = document.body.classList.toggle("nav-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  input.addEventListener("focus", function () { load(null); });
  input.addEventListener("input", function () { load(search); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { first.click(); }
    } else if (event.key === "Escape") {
      list.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
  });
  list.addEventListener("click", function () { list.hidden = true; });

  function markCurrentPage() {
    var here = location.pathname.split("/").slice(-2).join("/");
    var links = document.querySelectorAll("#nav a");
    for (var i = 0; i < links.length; i++) {
      var target = links[i].pathname.split("/").slice(-2).join("/");
      if (target === here) { links[i].setAttribute("aria-current", "page"); }
    }
  }

  function load(then) {
    if (items) { if (then) { then(); } return; }
    if (then) { pending = then; }
    if (requested) { return; }
    requested = true;
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () {
      index = window.SDKGEN_SEARCH;
      items = index.entries.map(function (entry) {
        return { entry: entry, name: entry[1].toLowerCase(), text: entry[4].toLowerCase() };
      });
      if (pending) { pending(); }
    };
    document.head.appendChild(script);
  }

  // 0: the name is the query; 1: it starts with it; 2: it holds every word; 3: the description does.
  function rank(item, query, words) {
    if (item.name === query || item.name.endsWith("." + query)) { return 0; }
    if (item.name.indexOf(query) === 0) { return 1; }
    var inName = true;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (item.name.indexOf(word) < 0) {
        inName = false;
        if (item.text.indexOf(word) < 0) { return -1; }
      }
    }
    return inName ? 2 : 3;
  }

  function search() {
    var query = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!query) { list.hidden = true; return; }
    var words = query.split(/\s+/);
    var hits = [];
    for (var i = 0; i < items.length; i++) {
      var score = rank(items[i], query, words);
      if (score >= 0) { hits.push([score, items[i]]); }
    }
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1].entry[0] - b[1].entry[0] ||
        a[1].name.length - b[1].name.length || (a[1].name < b[1].name ? -1 : a[1].name > b[1].name ? 1 : 0);
    });
    hits.slice(0, LIMIT).forEach(function (hit) { list.appendChild(result(hit[1].entry)); });
    if (!hits.length) { list.appendChild(note("No matches")); }
    if (hits.length > LIMIT) { list.appendChild(note((hits.length - LIMIT) + " more: add a word to narrow")); }
    list.hidden = false;
  }

  function result(entry) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + index.pages[entry[2]] + (entry[3] ? "#" + entry[3] : "");
    link.appendChild(span("name", entry[1]));
    link.appendChild(span("kind", index.kinds[entry[0]]));
    if (entry[4]) { link.appendChild(span("text", entry[4])); }
    item.appendChild(link);
    return item;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    element.textContent = text;
    return element;
  }

  function note(text) {
    var item = document.createElement("li");
    item.className = "none";
    item.textContent = text;
    return item;
  }
}());
