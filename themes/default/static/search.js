// Search for the search page. The index is built with the site, in pieces named by
// their contents (see src/search/mod.rs): the entry lists the word pieces by their
// first word and the page pieces in order. A query loads only the pieces it needs,
// each as a script, so search works from a web server and from a folder on disk.
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.getAttribute('data-root');
  var entry = script.getAttribute('data-index');
  var base = entry.slice(0, entry.lastIndexOf('/') + 1);
  var PAGE = 10;

  var form = document.querySelector('[data-search-form]');
  var input = document.getElementById('search-q');
  var status = document.querySelector('[data-search-status]');
  var list = document.querySelector('[data-search-results]');
  var more = document.querySelector('[data-search-more]');
  var nojs = document.querySelector('[data-search-nojs]');
  if (!form || !input || !status || !list || !more) return;
  if (nojs) nojs.hidden = true;

  // Pieces asked for, by name: a promise of their data.
  var pieces = {};
  var waiting = {};
  window.sgSearch = {
    loaded: function (name, data) {
      if (waiting[name]) waiting[name](data);
    }
  };
  function load(name, src) {
    if (!pieces[name]) {
      pieces[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var tag = document.createElement('script');
        tag.src = src || base + name + '.js';
        tag.onerror = function () {
          delete pieces[name];
          reject(new Error('could not load ' + tag.src));
        };
        document.head.appendChild(tag);
      });
    }
    return pieces[name];
  }
  var entryName = entry.slice(base.length).replace(/\.js$/, '');
  function index() {
    return load(entryName, entry);
  }

  // The same words as the index: see `words` in src/search/text.rs.
  var STOP = ('an and are as at be but by for from has have if in into is it its no not of ' +
    'on or so such that the their then there this to with').split(' ');
  var LETTER = /[\p{L}\p{N}]/u;
  function words(text) {
    var out = [];
    var word = '';
    function flush() {
      var chars = Array.from(word);
      var single = chars.length === 1 && !/[0-9]/.test(word);
      if (chars.length > 0 && chars.length <= 40 && !single && STOP.indexOf(word) < 0 &&
          out.indexOf(word) < 0) {
        out.push(word);
      }
      word = '';
    }
    Array.from(text).forEach(function (c) {
      if (LETTER.test(c)) {
        word += c.toLowerCase();
      } else if (!((c === "'" || c === '\u2019') && word)) {
        flush();
      }
    });
    flush();
    return out;
  }

  // Code point order, as the index is sorted (`<` on strings compares UTF-16 units,
  // which differs for letters beyond U+FFFF).
  function cmp(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
  }

  // The word pieces that may hold words starting with `prefix`.
  function piecesFor(meta, prefix) {
    var shards = meta.words;
    var names = [];
    for (var i = 0; i < shards.length; i++) {
      var first = shards[i][0];
      var next = i + 1 < shards.length ? shards[i + 1][0] : null;
      // Piece i holds the words from its first up to the next piece's first.
      if ((next === null || cmp(next, prefix) > 0) &&
          (cmp(first, prefix) <= 0 || first.lastIndexOf(prefix, 0) === 0)) {
        names.push(shards[i][1]);
      }
      if (cmp(first, prefix) > 0 && first.lastIndexOf(prefix, 0) !== 0) break;
    }
    return names;
  }

  // Scores every page for one query word: its own score, times how rare the word
  // is; a longer word that starts with it counts for a little less.
  function scoresFor(meta, pieceData, term) {
    var scores = {};
    var prefixOk = term.length >= 3;
    var stem = term.length > 3 && /s$/.test(term) ? term.slice(0, -1) : null;
    pieceData.forEach(function (piece) {
      Object.keys(piece).forEach(function (word) {
        var factor;
        if (word === term) factor = 1;
        else if (prefixOk && word.lastIndexOf(term, 0) === 0) factor = 0.7;
        else if (stem && (word === stem || word.lastIndexOf(stem, 0) === 0)) factor = 0.6;
        else return;
        var list = piece[word];
        var df = list.length / 2;
        var idf = Math.log(1 + (meta.pages - df + 0.5) / (df + 0.5));
        var page = 0;
        for (var i = 0; i < list.length; i += 2) {
          page += list[i];
          var s = list[i + 1] * idf * factor;
          if (!(scores[page] >= s)) scores[page] = s;
        }
      });
    });
    return scores;
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) return Promise.resolve({ terms: terms, results: [] });
    return index().then(function (meta) {
      return Promise.all(terms.map(function (term) {
        var stem = term.length > 3 && /s$/.test(term) ? term.slice(0, -1) : term;
        return Promise.all(piecesFor(meta, stem).map(function (name) {
          return load(name);
        })).then(function (data) {
          return scoresFor(meta, data, term);
        });
      })).then(function (perTerm) {
        // A page must have every word of the query.
        var results = [];
        Object.keys(perTerm[0]).forEach(function (page) {
          var total = 0;
          for (var i = 0; i < perTerm.length; i++) {
            if (perTerm[i][page] === undefined) return;
            total += perTerm[i][page];
          }
          results.push({ page: Number(page), score: total });
        });
        results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
        return { terms: terms, results: results, meta: meta };
      });
    });
  }

  function pageInfo(meta, page) {
    var n = Math.floor(page / meta.per_doc_shard);
    return load(meta.docs[n]).then(function (docs) {
      return docs[page - n * meta.per_doc_shard];
    });
  }

  // Text with the words that match the query marked, built as nodes, not HTML.
  function marked(text, terms) {
    var out = document.createDocumentFragment();
    text.split(/([\p{L}\p{N}'\u2019]+)/u).forEach(function (part, i) {
      var hit = i % 2 === 1 && words(part).some(function (w) {
        return terms.some(function (t) { return w.lastIndexOf(t, 0) === 0; });
      });
      if (hit) {
        var m = document.createElement('mark');
        m.textContent = part;
        out.appendChild(m);
      } else if (part) {
        out.appendChild(document.createTextNode(part));
      }
    });
    return out;
  }

  function element(tag, className, child) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (child) e.appendChild(child);
    return e;
  }

  function show(doc, terms) {
    var li = document.createElement('li');
    var link = document.createElement('a');
    link.href = root + doc.u;
    link.appendChild(marked(doc.t, terms));
    li.appendChild(element('h2', 'search-result-title', link));
    if (doc.p) li.appendChild(element('p', 'search-result-place', document.createTextNode(doc.p)));
    if (doc.s) li.appendChild(element('p', 'search-result-summary', marked(doc.s, terms)));
    // Up to three headings on the page that have a word of the query.
    var sections = doc.h.filter(function (h) {
      return words(h[1]).some(function (w) {
        return terms.some(function (t) { return w.lastIndexOf(t, 0) === 0; });
      });
    }).slice(0, 3);
    if (sections.length) {
      var ul = element('ul', 'search-result-sections');
      ul.setAttribute('aria-label', 'Sections of ' + doc.t);
      sections.forEach(function (h) {
        var a = document.createElement('a');
        a.href = root + doc.u + '#' + h[0];
        a.appendChild(marked(h[1], terms));
        ul.appendChild(element('li', null, a));
      });
      li.appendChild(ul);
    }
    return li;
  }

  var current = null;
  var shown = 0;
  var generation = 0;

  function showMore() {
    var mine = generation;
    var batch = current.results.slice(shown, shown + PAGE);
    return Promise.all(batch.map(function (r) {
      return pageInfo(current.meta, r.page);
    })).then(function (docs) {
      if (mine !== generation) return;
      var first = null;
      docs.forEach(function (doc) {
        var li = show(doc, current.terms);
        first = first || li;
        list.appendChild(li);
      });
      shown += batch.length;
      more.hidden = shown >= current.results.length;
      return first;
    });
  }

  function run(query, push) {
    var mine = ++generation;
    query = query.trim();
    list.textContent = '';
    more.hidden = true;
    shown = 0;
    if (push) {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
      window.history.replaceState(null, '', url);
    }
    if (!query) {
      status.textContent = '';
      return;
    }
    status.textContent = 'Searching…';
    search(query).then(function (found) {
      if (mine !== generation) return;
      current = found;
      var n = found.results.length;
      if (!found.terms.length) {
        status.textContent = 'Type a longer or less common word to search for.';
        return;
      }
      return showMore().then(function () {
        if (mine !== generation) return;
        status.textContent = n === 0
          ? 'No pages have every word of “' + query + '”. Try fewer or different words.'
          : n + (n === 1 ? ' page has' : ' pages have') + ' every word of “' + query + '”.';
      });
    }).catch(function () {
      if (mine !== generation) return;
      status.textContent = 'Search could not load its index. Reload the page to try again.';
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value, true); }, 200);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value, true);
  });
  more.addEventListener('click', function () {
    showMore().then(function (first) {
      // Move to the first new result, so keyboard users carry on from there.
      var link = first && first.querySelector('a');
      if (link) link.focus();
    });
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
})();
