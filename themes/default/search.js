// The search page's script. The index comes as scripts (src/site/pages/search.rs), so search
// works from file:// too: the documents with the page, then what a query needs: the shards
// holding its words, every word when one is found nowhere (to find words spelt alike), and
// the texts of the documents shown, for their snippets.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var index = window.CHARTA_SEARCH;
  if (!input || !list || !index) { return; }
  var status = document.getElementById("search-status");
  var root = (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/assets\/style\.css$/, "");
  // Each document: [id, title, kind, owner, status, controls, page].
  var docs = index.documents;
  // Where a document's text is, from its page (as src/site/pages/search.rs writes it).
  var textFile = function (page) { return "assets/search/text/" + page.replace(/\/index\.html$|\.html$/, "") + ".js"; };
  var heads = docs.map(function (d) { return (d[0] + " " + d[1] + " " + d[3] + " " + d[5] + " " + d[2]).toLowerCase(); });

  var shards = {}, texts = {}, vocabulary = null, loading = {};
  window.CHARTA_SHARD = function (n, words) { shards[n] = words; };
  window.CHARTA_WORDS = function (words) { vocabulary = words ? words.split(" ") : []; };
  window.CHARTA_TEXT = function (page, sections) { texts[page] = sections; };
  // Loads each of `files` (from the root, once) and then calls `then`.
  var load = function (files, then) {
    var left = 1;
    var one = function () { left -= 1; if (left === 0) { then(); } };
    files.forEach(function (f) {
      if (loading[f] === true) { return; }
      left += 1;
      if (loading[f]) { loading[f].push(one); return; }
      loading[f] = [one];
      var s = document.createElement("script");
      // Each file of this build's index, whatever a browser kept of another build.
      s.src = root + f + (index.build ? "?v=" + index.build : "");
      var done = function (loaded) {
        var waiting = loading[f];
        // A file that failed to load is tried again by the next query that needs it.
        if (loaded) { loading[f] = true; } else { delete loading[f]; }
        waiting.forEach(function (c) { c(); });
      };
      s.onload = function () { done(true); };
      s.onerror = function () { done(false); };
      document.head.appendChild(s);
    });
    one();
  };
  // The shards that may hold words beginning with `t`: those named by a beginning of `t` or
  // by `t` and more.
  var shardsFor = function (t) {
    var out = [];
    index.shards.forEach(function (k, n) { if (t.indexOf(k) === 0 || k.indexOf(t) === 0) { out.push(n); } });
    return out;
  };
  var files = function (ns) { return ns.map(function (n) { return "assets/search/" + n + ".js"; }); };
  // A word's postings: each document's number and the sections it occurs in.
  var decode = function (p) {
    var doc = 0;
    return p.split(" ").map(function (item) {
      var parts = item.split(":");
      doc += parseInt(parts[0], 36);
      return [doc, parts.length > 1 ? parts[1].split(",").map(function (s) { return parseInt(s, 36); }) : [0]];
    });
  };
  // A query's words as the index has them (src/site/words.rs): runs of letters and digits,
  // and codes joined by `.`, `-` or `_` (`TLS 1.3`, `A.8.24`, `SOP-0012`).
  // Letters are what Rust's `char::is_alphanumeric` takes (\p{Alphabetic}: vowel signs and
  // other marks too, not only \p{L}), and each word is lower-cased after the split, as there.
  var split = function (q) {
    return (q.match(/[\p{Alphabetic}\p{N}]+(?:[._-][\p{Alphabetic}\p{N}]+)*/gu) || []).map(function (w) { return w.toLowerCase(); });
  };
  // Where `t` occurs: for each document it is in, a score and the sections; the words of the
  // text that begin with `t` (3 when equal, 2 when longer) or, for `alike`, that equal one of them (1).
  var matches = function (t, alike) {
    var found = {};
    var add = function (doc, score, sections) {
      var f = found[doc] || (found[doc] = { score: 0, sections: [] });
      f.score = Math.max(f.score, score);
      f.sections = f.sections.concat(sections);
    };
    var wanted = alike || [t];
    wanted.forEach(function (w) {
      shardsFor(w).forEach(function (n) {
        var shard = shards[n] || {};
        Object.keys(shard).forEach(function (word) {
          if (alike ? word !== w : word.indexOf(t) !== 0) { return; }
          var score = alike ? 1 : (word === t ? 3 : 2);
          decode(shard[word]).forEach(function (p) { add(p[0], score, p[1]); });
        });
      });
      heads.forEach(function (h, doc) {
        if (docs[doc][0].toLowerCase() === w) { add(doc, alike ? 1 : 100, []); } else if (h.indexOf(w) !== -1) { add(doc, alike ? 1 : 10, []); }
      });
    });
    return found;
  };
  // One letter wrong, missing, extra or two swapped (Damerau distance 1), words of 4 or more.
  var one = function (a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  };
  // A word's digits: an id or a number spelt alike is another id (SOP-008 is not SOP-001).
  var digits = function (w) { return w.replace(/[^0-9]/g, ""); };
  var near = function (t) {
    if (t.length < 4) { return []; }
    var seen = {};
    (vocabulary || []).concat(split(heads.join(" "))).forEach(function (w) {
      if (one(t, w) && digits(t) === digits(w)) { seen[w] = true; }
    });
    return Object.keys(seen).sort().slice(0, 10);
  };
  // The text around the first marked word of `text`, with every word that begins with one of
  // `words` marked, into `into`.
  var snippet = function (text, words, into) {
    var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var find = new RegExp("(^|[^\\p{Alphabetic}\\p{N}])(" + escaped.join("|") + ")[\\p{Alphabetic}\\p{N}]*", "giu");
    var first = find.exec(text);
    var start = first ? Math.max(0, first.index - 60) : 0;
    // From the first space before the word, if there is one in reach (a long URL or a text
    // written without spaces has none: then from 60 characters before it).
    var space = start > 0 ? text.indexOf(" ", start) : -1;
    if (space !== -1 && space < first.index) { start = space + 1; }
    var end = Math.min(text.length, start + 220);
    if (end < text.length) { end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end; }
    var part = text.slice(start, end);
    var at = 0, m;
    if (start > 0) { into.appendChild(document.createTextNode("… ")); }
    find.lastIndex = 0;
    while ((m = find.exec(part)) !== null) {
      var from = m.index + m[1].length;
      into.appendChild(document.createTextNode(part.slice(at, from)));
      var mark = document.createElement("mark");
      mark.textContent = part.slice(from, m.index + m[0].length);
      into.appendChild(mark);
      at = m.index + m[0].length;
    }
    into.appendChild(document.createTextNode(part.slice(at) + (end < text.length ? " …" : "")));
  };

  var asked = 0;
  var run = function () {
    var terms = split(input.value);
    var mine = ++asked;
    list.textContent = "";
    if (!terms.length) { status.textContent = "Type to search " + docs.length + " documents."; return; }
    status.textContent = "Searching…";
    var needed = [];
    terms.forEach(function (t) { needed = needed.concat(shardsFor(t)); });
    load(files(needed), function () {
      if (mine !== asked) { return; }
      var found = terms.map(function (t) { return matches(t, null); });
      var missing = terms.filter(function (t, i) { return !Object.keys(found[i]).length; });
      if (!missing.length) { show(terms, found, []); return; }
      // A word found nowhere: the words spelt alike, from the whole vocabulary.
      load(["assets/search/words.js"], function () {
        if (mine !== asked) { return; }
        var alike = terms.map(function (t, i) { return Object.keys(found[i]).length ? [] : near(t); });
        var more = [];
        alike.forEach(function (a) { a.forEach(function (w) { more = more.concat(shardsFor(w)); }); });
        load(files(more), function () {
          if (mine !== asked) { return; }
          found = found.map(function (f, i) { return alike[i].length ? matches(terms[i], alike[i]) : f; });
          show(terms, found, alike);
        });
      });
    });

    function show(terms, found, alike) {
      var hits = [];
      Object.keys(found[0]).forEach(function (doc) {
        var total = 0, count = {};
        for (var i = 0; i < found.length; i += 1) {
          var f = found[i][doc];
          if (!f) { return; }
          total += f.score;
          f.sections.filter(function (s, j, all) { return all.indexOf(s) === j; }).forEach(function (s) { count[s] = (count[s] || 0) + 1; });
        }
        // The section most of the query's words share; the first such.
        var best = null;
        Object.keys(count).forEach(function (s) { if (best === null || count[s] > count[best] || (count[s] === count[best] && +s < +best)) { best = s; } });
        hits.push({ doc: +doc, score: total, section: best === null ? null : +best });
      });
      hits.sort(function (a, b) { return b.score - a.score || (docs[a.doc][0] < docs[b.doc][0] ? -1 : 1); });
      var guessed = alike.filter(function (a) { return a.length; });
      status.textContent = hits.length + (hits.length === 1 ? " document matches" : " documents match") +
        (guessed.length ? " (with words spelt alike: " + guessed.map(function (a) { return a.slice(0, 3).join(", "); }).join("; ") + ")." : ".");
      var marked = terms.concat.apply(terms, alike);
      var shown = hits.slice(0, 100);
      var items = shown.map(function (h) {
        var d = docs[h.doc];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + d[6];
        a.textContent = d[0] + " " + d[1];
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "muted";
        meta.textContent = " · " + d[2] + " · " + d[4] + (d[3] ? " · " + d[3] : "");
        li.appendChild(meta);
        list.appendChild(li);
        return li;
      });
      // Each result's section and snippet, once its text is here: the first twenty at once.
      load(shown.slice(0, 20).map(function (h) { return textFile(docs[h.doc][6]); }), function () {
        if (mine !== asked) { return; }
        shown.slice(0, 20).forEach(function (h, i) {
          var d = docs[h.doc], sections = texts[d[6]];
          if (!sections || h.section === null || !sections[h.section]) { return; }
          var s = sections[h.section];
          var a = items[i].querySelector("a");
          if (s[0]) {
            a.href = root + d[6] + "#" + s[0];
            var where = document.createElement("span");
            where.className = "section";
            where.textContent = " › " + s[1];
            a.appendChild(where);
          }
          var p = document.createElement("p");
          p.className = "snippet";
          snippet(s[2] || s[1], marked, p);
          items[i].appendChild(p);
        });
      });
    }
  };
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  input.addEventListener("input", function () {
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { window.history.replaceState(null, "", url); } catch (e) { /* file:// may refuse */ }
    run();
  });
  run();
}());
