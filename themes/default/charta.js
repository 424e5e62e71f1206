// charta's only script: progressive enhancement. Every page works without it.
(function () {
  "use strict";

  function text(el) { return (el.textContent || "").trim().toLowerCase(); }

  // Register: filter by kind, status, owner and free text; sort by any column.
  var form = document.getElementById("register-filter");
  if (form) {
    form.hidden = false;
    var tables = Array.prototype.slice.call(document.querySelectorAll("table.register"));
    var rows = [];
    tables.forEach(function (t) { rows = rows.concat(Array.prototype.slice.call(t.tBodies[0].rows)); });
    var fill = function (select, attr) {
      var seen = {};
      rows.forEach(function (r) { seen[r.getAttribute(attr)] = true; });
      Object.keys(seen).sort().forEach(function (v) {
        if (!v) { return; }
        var o = document.createElement("option");
        o.value = v; o.textContent = v;
        select.appendChild(o);
      });
    };
    fill(form.elements.kind, "data-kind");
    fill(form.elements.status, "data-status-label");
    fill(form.elements.owner, "data-owner");
    var count = document.getElementById("register-count");
    var apply = function () {
      var kind = form.elements.kind.value, status = form.elements.status.value,
          owner = form.elements.owner.value, words = form.elements.text.value.trim().toLowerCase().split(/\s+/);
      var shown = 0;
      rows.forEach(function (r) {
        var hay = text(r);
        var ok = (!kind || r.getAttribute("data-kind") === kind) &&
                 (!status || r.getAttribute("data-status-label") === status) &&
                 (!owner || r.getAttribute("data-owner") === owner) &&
                 words.every(function (w) { return !w || hay.indexOf(w) !== -1; });
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown + " of " + rows.length + " documents shown";
      // Retired documents are folded away until a filter finds one of them.
      var filtered = names.some(function (n) { return form.elements[n].value.trim(); });
      Array.prototype.forEach.call(document.querySelectorAll("details.retired-docs"), function (d) {
        if (filtered && d.querySelector("tbody tr:not([hidden])")) { d.open = true; }
      });
    };
    // The filter lives in the address (`?status=Overdue`), so a filtered register can be linked
    // to and the status counts above it are links.
    var names = ["kind", "status", "owner", "text"];
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (n) { if (params.get(n)) { form.elements[n].value = params.get(n); } });
    var remember = function () {
      var url = new URL(window.location.href);
      names.forEach(function (n) {
        var v = form.elements[n].value;
        if (v) { url.searchParams.set(n, v); } else { url.searchParams.delete(n); }
      });
      try { window.history.replaceState(null, "", url); } catch (e) { /* file:// may refuse */ }
    };
    form.addEventListener("input", function () { apply(); remember(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    apply();
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "sort"; b.textContent = th.textContent;
        th.textContent = ""; th.appendChild(b);
        b.addEventListener("click", function () {
          var asc = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", asc ? "ascending" : "descending");
          var body = table.tBodies[0];
          var sorted = Array.prototype.slice.call(body.rows).sort(function (x, y) {
            var a = text(x.cells[col]), z = text(y.cells[col]);
            return (a < z ? -1 : a > z ? 1 : 0) * (asc ? 1 : -1);
          });
          sorted.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  // A document on a phone: its purpose and text first, the document control (header block,
  // revisions, versions) folded into one line that opens it, unless the address points into it.
  // Its findings too, each one line that opens them.
  if (window.matchMedia("(max-width: 40rem)").matches) {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    ["document-control", "document-findings"].forEach(function (id) {
      var folded = document.getElementById(id);
      if (folded && (!target || !folded.contains(target))) { folded.open = false; }
    });
  }
  // A table wider than the screen scrolls inside its frame: the frame takes keyboard focus
  // (checked again when the window's size changes or a folded part is opened).
  var focusable = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (w) {
      if (w.scrollWidth > w.clientWidth) { w.tabIndex = 0; } else { w.removeAttribute("tabindex"); }
    });
  };
  focusable();
  window.addEventListener("resize", focusable);
  Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) {
    d.addEventListener("toggle", focusable);
  });
  // Printed, everything folded is opened.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  // Printing: the day a copy is printed, at the bottom of every page (a controlled copy's
  // date). Set when the page loads, and again just before printing.
  var printed = document.createElement("style");
  document.head.appendChild(printed);
  var stamp = function () {
    var d = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    printed.textContent = "@media print { @page { @bottom-left { content: \"Printed " + day +
      "\"; font: 9pt system-ui, sans-serif; } } }";
  };
  stamp();
  window.addEventListener("beforeprint", stamp);

  // The register as of a date: for each document, the version in force that day, from the
  // history shipped as a script (register.json's content), so it works from file:// too.
  var asOf = document.getElementById("as-of");
  if (asOf && window.CHARTA_REGISTER) {
    asOf.hidden = false;
    var table = document.getElementById("as-of-table");
    table.hidden = false;
    var day = document.getElementById("as-of-date");
    var summary = document.getElementById("as-of-summary");
    var top = (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/assets\/style\.css$/, "");
    var cell = function (row, value) {
      var td = document.createElement("td");
      if (value && value.nodeType) { td.appendChild(value); } else { td.textContent = value || ""; }
      row.appendChild(td);
      return td;
    };
    // The version in force on `d` (YYYY-MM-DD compares as text): the newest whose days hold it.
    var inForce = function (versions, d) {
      var found = null;
      versions.forEach(function (v) {
        if (v.in_force_from && v.in_force_from <= d && (!v.in_force_to || d <= v.in_force_to)) { found = v; }
      });
      return found;
    };
    var show = function () {
      var d = day.value;
      var body = table.tBodies[0];
      body.textContent = "";
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) { summary.textContent = "Choose a date."; return; }
      var counts = { force: 0, later: 0, gap: 0, retired: 0, never: 0, unknown: 0, removed: 0 };
      // The documents removed from the repository are listed for the days before they were.
      var removed = (window.CHARTA_REGISTER.removed || []).filter(function (doc) {
        if (d < doc.removed.date) { return true; }
        counts.removed += 1;
        return false;
      });
      window.CHARTA_REGISTER.documents.concat(removed).forEach(function (doc) {
        var tr = document.createElement("tr");
        cell(tr, doc.id);
        // The title leads to the document's page as it is now (its newest version's), or as it
        // was last for a document removed since.
        var now = doc.versions[doc.versions.length - 1];
        var title = document.createElement(now ? "a" : "span");
        if (now) { title.href = top + now.page; }
        title.textContent = doc.title;
        var named = cell(tr, title);
        if (doc.removed) {
          var note = document.createElement("span");
          note.className = "muted";
          note.textContent = " (removed from the repository on " + doc.removed.date + ")";
          named.appendChild(note);
        }
        var v = inForce(doc.versions, d);
        var first = doc.versions.filter(function (x) { return x.in_force_from; })[0];
        // Withdrawn stays withdrawn: a retired document removed from the repository (or moved
        // out of the collections) and brought back is neither in force between nor again after.
        var last = doc.versions.filter(function (x) { return x.in_force_from && x.in_force_from <= d; }).pop();
        if (!v && last && last.retired) { v = last; }
        if (v && v.retired) {
          // From the first of the retired versions in a row to the end of the last of them.
          var i = doc.versions.indexOf(v);
          var j = i;
          while (i > 0 && doc.versions[i - 1].retired) { i -= 1; }
          while (j + 1 < doc.versions.length && doc.versions[j + 1].retired) { j += 1; }
          counts.retired += 1;
          tr.className = "as-of-retired";
          cell(tr, "Withdrawn");
          cell(tr, v.label);
          cell(tr, doc.versions[i].in_force_from).className = "date";
          cell(tr, doc.versions[j].in_force_to || "").className = "date";
        } else if (v) {
          counts.force += 1;
          cell(tr, "In force");
          var a = document.createElement("a");
          a.href = top + v.page;
          a.textContent = "version " + v.label;
          cell(tr, a);
          cell(tr, v.in_force_from).className = "date";
          cell(tr, v.in_force_to || "still in force").className = "date";
        } else if (doc.versions_not_kept && (!first || d < first.in_force_from)) {
          // Before the oldest version the site keeps ([history] max_versions): not known.
          counts.unknown += 1;
          tr.className = "as-of-none";
          cell(tr, "Not known");
          cell(tr, "");
          cell(tr, doc.versions_not_kept + (doc.versions_not_kept === 1 ? " older version" : " older versions") + " not kept on this site");
          cell(tr, "");
        } else if (first && first.in_force_from <= d) {
          // In force before that day and not on it (removed from the collections, or moved
          // out and back): a gap, not a document yet to come.
          counts.gap += 1;
          tr.className = "as-of-none";
          cell(tr, "Not in force");
          cell(tr, "");
          var before = doc.versions.filter(function (x) { return x.in_force_to && x.in_force_to < d; }).pop();
          var after = doc.versions.filter(function (x) { return x.in_force_from && x.in_force_from > d; })[0];
          cell(tr, (before ? "in force until " + before.in_force_to : "") +
            (after ? (before ? "; " : "") + "in force again from " + after.in_force_from : ""));
          cell(tr, "");
        } else if (first) {
          counts.later += 1;
          tr.className = "as-of-none";
          cell(tr, "Not yet issued");
          cell(tr, "");
          cell(tr, "first in force " + first.in_force_from);
          cell(tr, "");
        } else if (doc.versions.length && doc.versions[0].commits.length && d < doc.versions[0].commits[0].date) {
          // Not written yet that day: no draft either.
          counts.later += 1;
          tr.className = "as-of-none";
          cell(tr, "Not yet written");
          cell(tr, "");
          cell(tr, "first committed " + doc.versions[0].commits[0].date);
          cell(tr, "");
        } else {
          counts.never += 1;
          tr.className = "as-of-none";
          cell(tr, "Never in force");
          cell(tr, "");
          cell(tr, "draft or in review");
          cell(tr, "");
        }
        body.appendChild(tr);
      });
      summary.textContent = "On " + d + ": " + counts.force + " in force, " + counts.later + " not yet issued, " +
        (counts.gap ? counts.gap + " not in force then, " : "") +
        counts.retired + " withdrawn, " + counts.never + " never in force" +
        (counts.unknown ? ", " + counts.unknown + " not known (older versions not kept)" : "") +
        (counts.removed ? ", " + counts.removed + " removed from the repository before then." : ".");
    };
    var wanted = new URLSearchParams(window.location.search).get("date");
    if (wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted)) { day.value = wanted; }
    var chosen = function () {
      var url = new URL(window.location.href);
      url.searchParams.set("date", day.value);
      try { window.history.replaceState(null, "", url); } catch (e) { /* file:// may refuse */ }
      show();
    };
    day.addEventListener("change", chosen);
    day.addEventListener("input", chosen);
    asOf.addEventListener("submit", function (e) { e.preventDefault(); show(); });
    show();
  }

  // The search box in the header: it leads to the search page with the query (a page's
  // policy lets no form be sent, so the script goes there itself).
  var box = document.querySelector("form.site-search");
  if (box) {
    box.hidden = false;
    box.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = box.elements.q.value.trim();
      window.location.href = box.getAttribute("action") + (q ? "?q=" + encodeURIComponent(q) : "");
    });
  }
}());
