// newsfacet: small enhancements; every feature works without this file.
(function () {
  "use strict";
  var FOCUS_KEY = "newsfacet.focus";

  function submit(form, focusId) {
    try { if (focusId) sessionStorage.setItem(FOCUS_KEY, focusId); } catch (e) { /* private mode */ }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function checkboxId(name, value) {
    return "f-" + name + "-" + encodeURIComponent(value).replace(/[^A-Za-z0-9_-]/g, "_");
  }

  // After a reload caused by a filter, focus goes back to the control that caused it.
  function restoreFocus() {
    var id = null;
    try { id = sessionStorage.getItem(FOCUS_KEY); sessionStorage.removeItem(FOCUS_KEY); } catch (e) { return; }
    if (!id) return;
    var target = document.getElementById(id);
    if (target) target.focus();
  }

  function facetParams(form, name, prefix) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (key === name || /_filter$/.test(key) || key === "more") return;  // counted without its own choice
      if (value !== "") params.append(key, value);
    });
    params.set("prefix", prefix);
    params.set("limit", "100");
    return params;
  }

  function renderValues(list, name, values, chosen) {
    list.textContent = "";
    if (!values.length) { list.appendChild(el("li", { "class": "none" }, "No values")); return; }
    values.forEach(function (v) {
      var id = checkboxId(name, v.value);
      var input = el("input", { type: "checkbox", name: name, value: v.value, id: id });
      input.checked = v.selected || chosen.indexOf(v.value) >= 0;
      var label = el("label", { "for": id });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(el("span", { "class": "value" }, v.value));
      label.appendChild(document.createTextNode(" "));
      label.appendChild(el("span", { "class": "count", "aria-label": v.count + " documents" }, String(v.count)));
      var li = el("li");
      li.appendChild(label);
      list.appendChild(li);
    });
  }

  function setUpFilters(form) {
    // Ids for the checkboxes, so that focus can come back to them.
    form.querySelectorAll(".facet-values input[type=checkbox]").forEach(function (box) {
      box.id = checkboxId(box.name, box.value);
    });
    form.addEventListener("change", function (event) {
      var t = event.target;
      if (t.type === "checkbox") submit(form, t.id);
    });
    form.querySelectorAll(".facet-filter").forEach(function (input) {
      var name = input.getAttribute("data-facet");
      var list = document.getElementById(name + "-values");
      var timer = null, seq = 0;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var mine = ++seq;
          var chosen = Array.prototype.map.call(form.querySelectorAll("input[name='" + name + "']:checked"),
                                                function (b) { return b.value; });
          fetch("/api/facets/" + name + "?" + facetParams(form, name, input.value.trim()).toString(),
                { headers: { Accept: "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) { if (data && mine === seq) renderValues(list, name, data.values, chosen); })
            .catch(function () { /* the form still works: Enter submits it */ });
        }, 150);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var filters = document.getElementById("filters");
    if (filters) setUpFilters(filters);
    var sort = document.getElementById("sort");
    var searchForm = document.getElementById("search-form");
    if (sort && searchForm) sort.addEventListener("change", function () { submit(searchForm, "sort"); });
    // On a phone the filters start folded, below the search box.
    var panel = document.querySelector(".filters-panel");
    if (panel && window.matchMedia("(max-width: 720px)").matches) {
      try { if (!sessionStorage.getItem(FOCUS_KEY)) panel.open = false; } catch (e) { panel.open = false; }
    }
    restoreFocus();
    // "/" goes to the search box.
    document.addEventListener("keydown", function (event) {
      var t = event.target;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      var q = document.getElementById("q");
      if (q) { event.preventDefault(); q.focus(); q.select(); }
    });
  });
})();
