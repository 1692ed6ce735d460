// Search for the search page. The index is built with the site, in pieces (see
// src/search/pieces.rs): the entry says where each word piece starts, a word piece
// holds terms with the results they are in, and each result has a piece of its own
// with what it shows. A query loads only the pieces it needs, each as a script, so
// search works from a web server and from a folder on disk.
(function () {
  'use strict';
  var script = document.currentScript;
  var root = script.getAttribute('data-root');
  var entry = script.getAttribute('data-index');
  var base = entry.slice(0, entry.lastIndexOf('/') + 1);
  var PAGE = 10;
  // Words an excerpt shows, and how many of them come before its first match.
  var EXCERPT_WORDS = 28;
  var EXCERPT_BEFORE = 8;

  var form = document.querySelector('[data-search-form]');
  var input = document.getElementById('search-q');
  var status = document.querySelector('[data-search-status]');
  var list = document.querySelector('[data-search-results]');
  var more = document.querySelector('[data-search-more]');
  var nojs = document.querySelector('[data-search-nojs]');

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

  // ---- Words: exactly as src/search/words.rs reads them. Change both together.

  var STOP = ('an and are as at be but by for from has have if in into is it its no not of ' +
    'on or so such that the their then there this to with').split(' ');
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /\p{M}/u;
  var ASCII_WORD = /[A-Za-z0-9]/;
  var DIGIT = /[0-9]/;

  // Calls each(form, term, start, end) for every word of `text`, with where it stands.
  function scan(text, each) {
    var word = '';
    var start = -1;
    var end = 0;
    function emit() {
      var n = Array.from(word).length;
      var single = n === 1 && !DIGIT.test(word);
      if (n > 0 && n <= 40 && !single && STOP.indexOf(word) < 0) {
        each(word, stem(word), start, end);
      }
      word = '';
      start = -1;
    }
    var chars = Array.from(text);
    var at = 0;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var here = at;
      at += c.length;
      if (ASCII_WORD.test(c)) {
        if (start < 0) start = here;
        word += c.toLowerCase();
        end = at;
      } else if (c === "'" || c === '\u2019') {
        // Apostrophes are dropped: "children's" is "childrens".
      } else if (c === '.' && DIGIT.test(word.slice(-1)) && i + 1 < chars.length &&
                 DIGIT.test(chars[i + 1])) {
        word += '.';
      } else if (c.charCodeAt(0) < 128) {
        emit();
      } else {
        var letter = true;
        var folded = '';
        Array.from(c.normalize('NFD')).forEach(function (part) {
          if (MARK.test(part)) return;
          if (WORD_CHAR.test(part)) folded += part.toLowerCase();
          else letter = false;
        });
        if (folded) {
          if (start < 0) start = here;
          word += folded;
        }
        // A mark that folds to nothing still belongs to the word before it.
        if (letter && start >= 0) end = at;
        if (!letter) emit();
      }
    }
    emit();
  }

  // The Snowball English (Porter2) stemmer, as rust-stemmers has it: see
  // https://snowballstem.org/algorithms/english/stemmer.html. Only words of plain
  // letters, a to z, are stemmed.
  var EXCEPTIONS = {
    skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl',
    gently: 'gentl', ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl',
    sky: 'sky', news: 'news', howe: 'howe', atlas: 'atlas', cosmos: 'cosmos', bias: 'bias',
    andes: 'andes'
  };
  var AFTER_1A = ['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed',
    'succeed'];
  var STEP_2 = {
    tional: 'tion', enci: 'ence', anci: 'ance', abli: 'able', entli: 'ent', izer: 'ize',
    ization: 'ize', ational: 'ate', ation: 'ate', ator: 'ate', alism: 'al', aliti: 'al',
    alli: 'al', fulness: 'ful', ousli: 'ous', ousness: 'ous', iveness: 'ive', iviti: 'ive',
    biliti: 'ble', bli: 'ble', ogi: 'og', fulli: 'ful', lessli: 'less', li: ''
  };
  var STEP_3 = {
    tional: 'tion', ational: 'ate', alize: 'al', icate: 'ic', iciti: 'ic', ical: 'ic',
    ful: '', ness: '', ative: ''
  };
  var STEP_4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment',
    'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];
  function isVowel(c) { return c !== undefined && 'aeiouy'.indexOf(c) >= 0; }
  // The longest of `suffixes` that `w` ends with, or ''.
  function longest(w, suffixes) {
    var best = '';
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (s.length > best.length && w.length >= s.length && w.slice(-s.length) === s) best = s;
    }
    return best;
  }
  // Whether the first `end` letters of `w` end in a short syllable.
  function shortSyllable(w, end) {
    if (end >= 3 && !isVowel(w[end - 1]) && 'wxY'.indexOf(w[end - 1]) < 0 &&
        isVowel(w[end - 2]) && !isVowel(w[end - 3])) return true;
    return end === 2 && !isVowel(w[1]) && isVowel(w[0]);
  }
  // Where the region after the first non-vowel following a vowel starts, looking
  // from `from`: the length of `w` if there is none.
  function region(w, from) {
    var i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  }
  function stem(word) {
    if (!/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    var w = word.split('');
    var yFound = false;
    for (var i = 0; i < w.length; i++) {
      if (w[i] === 'y' && (i === 0 || isVowel(w[i - 1]))) { w[i] = 'Y'; yFound = true; }
    }
    w = w.join('');
    var p1 = -1;
    ['gener', 'commun', 'arsen'].forEach(function (prefix) {
      if (startsWith(w, prefix)) p1 = prefix.length;
    });
    if (p1 < 0) p1 = region(w, 0);
    var p2 = region(w, p1);
    var hasVowel = function (s) { return /[aeiouy]/.test(s); };

    // Step 1a.
    var s = longest(w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
    if (s === 'sses') w = w.slice(0, -4) + 'ss';
    else if (s === 'ied' || s === 'ies') w = w.slice(0, -3) + (w.length - 3 >= 2 ? 'i' : 'ie');
    else if (s === 's' && w.length >= 2 && hasVowel(w.slice(0, -2))) w = w.slice(0, -1);

    if (AFTER_1A.indexOf(w) < 0) {
      // Step 1b.
      s = longest(w, ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly']);
      if (s === 'eed' || s === 'eedly') {
        if (w.length - s.length >= p1) w = w.slice(0, -s.length) + 'ee';
      } else if (s && hasVowel(w.slice(0, -s.length))) {
        w = w.slice(0, -s.length);
        var end = longest(w, ['at', 'bl', 'iz', 'bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
        if (end === 'at' || end === 'bl' || end === 'iz') w += 'e';
        else if (end) w = w.slice(0, -1);
        else if (w.length === p1 && shortSyllable(w, w.length)) w += 'e';
      }
      // Step 1c.
      var last = w[w.length - 1];
      if ((last === 'y' || last === 'Y') && w.length >= 3 && !isVowel(w[w.length - 2])) {
        w = w.slice(0, -1) + 'i';
      }
      // Step 2.
      s = longest(w, Object.keys(STEP_2));
      if (s && w.length - s.length >= p1) {
        var before = w.slice(0, -s.length);
        if (s === 'ogi') { if (before.slice(-1) === 'l') w = before + 'og'; }
        else if (s === 'li') { if (before && 'cdeghkmnrt'.indexOf(before.slice(-1)) >= 0) w = before; }
        else w = before + STEP_2[s];
      }
      // Step 3.
      s = longest(w, Object.keys(STEP_3));
      if (s && w.length - s.length >= p1 && (s !== 'ative' || w.length - s.length >= p2)) {
        w = w.slice(0, -s.length) + STEP_3[s];
      }
      // Step 4.
      s = longest(w, STEP_4);
      if (s && w.length - s.length >= p2) {
        if (s !== 'ion') w = w.slice(0, -s.length);
        else if (/[st]$/.test(w.slice(0, -3))) w = w.slice(0, -3);
      }
      // Step 5.
      var c = w.length - 1;
      if (w[c] === 'e') {
        if (c >= p2 || (c >= p1 && !shortSyllable(w, c))) w = w.slice(0, -1);
      } else if (w[c] === 'l') {
        if (c >= p2 && w[c - 1] === 'l') w = w.slice(0, -1);
      }
    }
    return yFound ? w.replace(/Y/g, 'y') : w;
  }
  // For tests (tests/search_words.rs runs this file in Node, with no page).
  window.sgSearch.scan = scan;
  if (!form || !input || !status || !list || !more) return;
  if (nojs) nojs.hidden = true;

  // ---- The index.

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
  function startsWith(s, prefix) { return s.lastIndexOf(prefix, 0) === 0; }

  // The word piece a term would be in: the last whose key is not after it.
  function pieceAt(meta, term) {
    var lo = 0;
    var hi = meta.w.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (cmp(meta.w[mid][0], term) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // The pieces that hold `keys` exactly, and the first two that may hold longer words
  // starting with each of `prefixes`. Pairs ("child protect") sort straight after
  // their first word, so longer words start at the prefix and "!", past its pairs.
  function piecesFor(meta, keys, prefixes) {
    var at = {};
    keys.forEach(function (k) { at[pieceAt(meta, k)] = true; });
    prefixes.forEach(function (p) {
      var i = pieceAt(meta, p + '!');
      at[i] = true;
      if (i + 1 < meta.w.length && startsWith(meta.w[i + 1][0], p)) at[i + 1] = true;
    });
    return Object.keys(at).map(function (i) { return meta.w[i][1]; });
  }
  function loadPieces(names) {
    return Promise.all(names.map(function (name) { return load(name); }));
  }

  // A term's results, read: {n: how many, each(f): f(result, score) for every one}.
  // Nothing is decoded until `each` is called: counting them is free.
  function results(value) {
    if (Array.isArray(value)) value = { p: value };
    // The listed results, in order, each called with its score.
    function listed(f) {
      var page = 0;
      for (var i = 0; i < value.p.length; i += 2) {
        page += value.p[i];
        f(page, value.p[i + 1]);
      }
    }
    if (!value.b) return { n: value.p.length / 2, each: listed };
    return {
      n: value.n,
      each: function (f) {
        var top = {};
        listed(function (page, score) { top[page] = score; });
        var bits = atob(value.b);
        for (var byte = 0; byte < bits.length; byte++) {
          var b = bits.charCodeAt(byte);
          for (var bit = 0; b && bit < 8; bit++, b >>= 1) {
            if (b & 1) {
              var p = byte * 8 + bit;
              f(p, top[p] !== undefined ? top[p] : value.r);
            }
          }
        }
      }
    };
  }
  function idf(meta, n) {
    return Math.log(1 + (meta.n - n + 0.5) / (n + 0.5));
  }
  // Adds `weight` × a term's scores to `scores` (the best per result, if `best`),
  // each times how rare the term is (or `rarity`, if given).
  function addScores(meta, value, weight, scores, best, rarity) {
    var r = results(value);
    var w = (rarity === undefined ? idf(meta, r.n) : rarity) * weight;
    r.each(function (page, score) {
      var s = score * w;
      if (!best) scores[page] = (scores[page] || 0) + s;
      else if (!(scores[page] >= s)) scores[page] = s;
    });
  }

  // ---- Queries.

  // A query's parts: words, and "phrases" in quotes (straight or curly).
  function parse(query) {
    var words = [];
    var phrases = [];
    var parts = query.split(/["\u201c\u201d]/);
    parts.forEach(function (part, i) {
      var terms = [];
      scan(part, function (form, term) { terms.push({ form: form, term: term }); });
      // An odd part is inside quotes, if its quote is closed.
      if (i % 2 === 1 && i < parts.length - 1) {
        if (terms.length) phrases.push(terms);
      } else {
        terms.forEach(function (t) {
          if (!words.some(function (o) { return o.term === t.term; })) words.push(t);
        });
      }
    });
    return { words: words, phrases: phrases };
  }

  // The terms in `data` (loaded pieces) that a query word finds, each with how much a
  // match counts: its own term; a longer one that starts with it (the start of a
  // word is enough); or, only if the index has not its own, a slightly shorter one it
  // starts with (a word typed on past its stem: "safeguardi").
  function matches(data, word) {
    var found = [];
    var t = word.term;
    var f = word.form;
    var open = f.length >= 3 && !DIGIT.test(f[0]);
    data.forEach(function (piece) {
      Object.keys(piece).forEach(function (key) {
        if (key.indexOf(' ') >= 0) return;
        var factor = 0;
        if (key === t) factor = 1;
        else if (open && (startsWith(key, t) || startsWith(key, f))) factor = 0.7;
        else if (open && key.length >= 4 && t.length - key.length <= 2 && startsWith(t, key)) factor = 0.6;
        if (factor) found.push({ key: key, value: piece[key], factor: factor });
      });
    });
    var own = found.some(function (m) { return m.factor === 1; });
    return found.filter(function (m) { return !own || m.factor !== 0.6; });
  }
  function lookup(data, key) {
    for (var i = 0; i < data.length; i++) {
      if (Object.prototype.hasOwnProperty.call(data[i], key)) return data[i][key];
    }
    return null;
  }
  // The pieces a query word's matches can be in: its term, its form, the two terms a
  // letter or two shorter, and the words starting with it.
  function wordPieces(meta, word) {
    var t = word.term;
    var keys = [t, word.form];
    for (var n = Math.max(4, t.length - 2); n < t.length; n++) keys.push(t.slice(0, n));
    var open = word.form.length >= 3 && !DIGIT.test(word.form[0]);
    return piecesFor(meta, keys, open ? [t, word.form] : []);
  }
  // The pair of terms of two words side by side.
  function pair(a, b) { return a.term + ' ' + b.term; }

  // Every result that has every word and phrase of the query, best first. `again`
  // is set for a query "Did you mean" made, which makes no offer of its own.
  function search(query, again) {
    var q = parse(query);
    var result = { query: q, results: [], hits: {}, suggestion: null };
    if (!q.words.length && !q.phrases.length) return Promise.resolve(result);
    return index().then(function (meta) {
      result.meta = meta;
      var wordData = q.words.map(function (w) { return loadPieces(wordPieces(meta, w)); });
      var phraseKeys = q.phrases.map(function (p) {
        return p.length === 1 ? [p[0].term] : p.slice(1).map(function (w, j) { return pair(p[j], w); });
      });
      var phraseData = phraseKeys.map(function (keys) { return loadPieces(piecesFor(meta, keys, [])); });
      var nearKeys = q.words.slice(1).map(function (w, i) { return pair(q.words[i], w); });
      var nearData = loadPieces(piecesFor(meta, nearKeys, []));
      return Promise.all([Promise.all(wordData), Promise.all(phraseData), nearData]).then(function (loaded) {
        var required = [];
        var missing = [];
        q.words.forEach(function (word, i) {
          var scores = {};
          var found = matches(loaded[0][i], word);
          // A word is as rare as its commonest form: a rare longer word that starts
          // with it must not outweigh the word itself.
          var n = found.reduce(function (most, m) { return Math.max(most, results(m.value).n); }, 0);
          found.forEach(function (m) {
            addScores(meta, m.value, m.factor, scores, true, idf(meta, n));
            result.hits[m.key] = true;
          });
          if (!found.length) missing.push(i);
          required.push(scores);
        });
        q.phrases.forEach(function (phrase, i) {
          var data = loaded[1][i];
          var scores = null;
          phraseKeys[i].forEach(function (key) {
            var value = lookup(data, key);
            var these = {};
            if (value) addScores(meta, value, 1, these, false);
            scores = scores ? intersect(scores, these) : these;
          });
          phrase.forEach(function (w) { result.hits[w.term] = true; });
          required.push(scores);
        });
        var totals = required.reduce(function (all, s) { return all ? intersect(all, s) : s; }, null);
        // Words of the query side by side on a page lift it (most in its title or a
        // heading, where they count for more).
        nearKeys.forEach(function (key) {
          var value = lookup(loaded[2], key);
          if (value) {
            var near = {};
            addScores(meta, value, 0.5, near, false);
            Object.keys(near).forEach(function (p) { if (totals[p] !== undefined) totals[p] += near[p]; });
          }
        });
        Object.keys(totals).forEach(function (page) {
          result.results.push({ page: Number(page), score: totals[page] });
        });
        result.results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
        if (!again && !result.results.length && missing.length && !q.phrases.length) {
          return suggest(query, q, missing, loaded[0]).then(function (s) {
            result.suggestion = s;
            return result;
          });
        }
        return result;
      });
    });
  }

  // The scores of results in both `a` and `b`, added.
  function intersect(a, b) {
    var out = {};
    Object.keys(a).forEach(function (p) { if (b[p] !== undefined) out[p] = a[p] + b[p]; });
    return out;
  }

  // "Did you mean": each word the index does not have, changed to the nearest word it
  // does have near it (by letters added, dropped, changed or swapped), if the query
  // so changed finds something.
  function suggest(query, q, missing, data) {
    var changed = query;
    var any = false;
    missing.forEach(function (i) {
      var word = q.words[i];
      var limit = word.form.length <= 4 ? 1 : 2;
      var best = null;
      data[i].forEach(function (piece) {
        Object.keys(piece).forEach(function (key) {
          if (key.indexOf(' ') >= 0 || DIGIT.test(key[0])) return;
          var value = piece[key];
          var shown = (!Array.isArray(value) && value.f) || key;
          var d = Math.min(distance(word.form, shown), distance(word.term, key));
          var n = results(value).n;
          if (d <= limit && (!best || d < best.d || (d === best.d && n > best.n))) {
            best = { word: shown, d: d, n: n };
          }
        });
      });
      if (best) {
        any = true;
        changed = replaceWord(changed, word.form, best.word);
      }
    });
    if (!any || changed === query) return Promise.resolve(null);
    return search(changed, true).then(function (found) {
      return found.results.length ? changed : null;
    });
  }
  // `query` with the first word whose form is `form` changed to `to`.
  function replaceWord(query, form, to) {
    var out = null;
    scan(query, function (f, t, start, end) {
      if (out === null && f === form) out = query.slice(0, start) + to + query.slice(end);
    });
    return out === null ? query : out;
  }
  // Optimal string alignment distance: insertions, deletions, changes and swaps of
  // two letters side by side.
  function distance(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > 2) return 3;
    var d = [];
    for (var i = 0; i <= a.length; i++) {
      d[i] = [i];
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { d[i][j] = j; continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length][b.length];
  }

  // ---- Results.

  // Result N is item N % r of piece N / r.
  function resultInfo(meta, page) {
    var n = Math.floor(page / meta.r);
    return load('f' + n, base + 'f/' + n + '.js?' + meta.g).then(function (results) {
      return results[page % meta.r];
    });
  }

  // Words of `text` (with where they stand) and whether each is a match.
  function wordsOf(text, hits) {
    var out = [];
    scan(text, function (f, t, start, end) {
      out.push({ start: start, end: end, hit: hits[t] === true });
    });
    return out;
  }

  // `text` from `from` to `to`, its matching words marked, built as nodes, not HTML.
  function marked(text, hits, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    var out = document.createDocumentFragment();
    var at = from;
    wordsOf(text, hits).forEach(function (w) {
      if (!w.hit || w.start < from || w.end > to) return;
      if (w.start > at) out.appendChild(document.createTextNode(text.slice(at, w.start)));
      var m = document.createElement('mark');
      m.textContent = text.slice(w.start, w.end);
      out.appendChild(m);
      at = w.end;
    });
    if (to > at) out.appendChild(document.createTextNode(text.slice(at, to)));
    return out;
  }

  // The part of a result's text with the most of the query's words, most of them side
  // by side (as a phrase asks): its section and the span of its text, or null if its
  // text has none.
  function excerpt(doc, hits) {
    var best = null;
    doc.x.forEach(function (section) {
      var text = section[2];
      var ws = wordsOf(text, hits);
      ws.forEach(function (w, i) {
        if (!w.hit) return;
        var first = Math.max(0, i - EXCERPT_BEFORE);
        var last = Math.min(ws.length, first + EXCERPT_WORDS) - 1;
        var seen = {};
        var count = 0;
        for (var k = first; k <= last; k++) {
          if (ws[k].hit) {
            var word = text.slice(ws[k].start, ws[k].end).toLowerCase();
            count += seen[word] ? 0.1 : 1;
            if (k > first && ws[k - 1].hit) count += 1;
            seen[word] = true;
          }
        }
        if (!best || count > best.count) {
          best = {
            section: section, count: count,
            from: first === 0 ? 0 : ws[first].start,
            to: last === ws.length - 1 ? text.length : ws[last].end
          };
        }
      });
    });
    return best;
  }

  function element(tag, className, child) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (child) e.appendChild(child);
    return e;
  }

  function show(doc, hits) {
    var li = document.createElement('li');
    var link = document.createElement('a');
    link.href = root + doc.u;
    link.appendChild(marked(doc.t, hits));
    li.appendChild(element('h2', 'search-result-title', link));
    if (doc.p) li.appendChild(element('p', 'search-result-place', document.createTextNode(doc.p)));
    var ex = excerpt(doc, hits);
    if (ex) {
      var text = ex.section[2];
      var p = element('p', 'search-result-excerpt');
      if (ex.from > 0) p.appendChild(document.createTextNode('… '));
      p.appendChild(marked(text, hits, ex.from, ex.to));
      if (ex.to < text.length) p.appendChild(document.createTextNode(' …'));
      li.appendChild(p);
    } else if (doc.s) {
      li.appendChild(element('p', 'search-result-excerpt', marked(doc.s, hits)));
    }
    // Up to three sections of the page with a word of the query: the excerpt's
    // first, then those whose heading has one.
    var sections = doc.x.filter(function (s) {
      return s[0] && (ex && s === ex.section || wordsOf(s[1], hits).some(function (w) { return w.hit; }));
    });
    if (ex && ex.section[0]) {
      sections.splice(sections.indexOf(ex.section), 1);
      sections.unshift(ex.section);
    }
    sections = sections.slice(0, 3);
    if (sections.length) {
      var ul = element('ul', 'search-result-sections');
      ul.setAttribute('aria-label', 'Sections of ' + doc.t);
      sections.forEach(function (s) {
        var a = document.createElement('a');
        a.href = root + doc.u + '#' + s[0];
        a.appendChild(marked(s[1], hits));
        ul.appendChild(element('li', null, a));
      });
      li.appendChild(ul);
    }
    return li;
  }

  var current = null;
  var shown = 0;
  var generation = 0;

  var showing = null;
  function showMore() {
    // A second click while a batch loads waits for it, not for the same batch again.
    if (showing) return showing;
    var mine = generation;
    var batch = current.results.slice(shown, shown + PAGE);
    var done = Promise.all(batch.map(function (r) {
      return resultInfo(current.meta, r.page);
    })).then(function (docs) {
      if (mine !== generation) return;
      var first = null;
      docs.forEach(function (doc) {
        var li = show(doc, current.hits);
        first = first || li;
        list.appendChild(li);
      });
      shown += batch.length;
      more.hidden = shown >= current.results.length;
      return first;
    });
    showing = done;
    done.then(function () { showing = null; }, function () { showing = null; });
    return done;
  }

  // The status line, with a link to search for `suggestion` if there is one.
  function say(text, suggestion) {
    status.textContent = text;
    if (!suggestion) return;
    status.appendChild(document.createTextNode(' Did you mean '));
    var a = document.createElement('a');
    var url = new URL(window.location.href);
    url.searchParams.set('q', suggestion);
    a.href = url.search;
    a.textContent = suggestion;
    a.setAttribute('data-search-suggestion', '');
    a.addEventListener('click', function (event) {
      event.preventDefault();
      input.value = suggestion;
      run(suggestion, true);
    });
    status.appendChild(a);
    status.appendChild(document.createTextNode('?'));
  }

  function run(query, push) {
    var mine = ++generation;
    showing = null;
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
      if (!found.query.words.length && !found.query.phrases.length) {
        say('Type a longer or less common word to search for.');
        return;
      }
      return showMore().then(function () {
        if (mine !== generation) return;
        var quoted = /["\u201c\u201d]/.test(query) ? query : '“' + query + '”';
        if (n === 0) {
          say('No results for ' + quoted + '.' +
            (found.suggestion ? '' : ' Try fewer or different words.'), found.suggestion);
        } else {
          say((n === 1 ? '1 result' : n + ' results') + ' for ' + quoted + '.');
        }
      });
    }).catch(function () {
      if (mine !== generation) return;
      say('Search could not load its index. Reload the page to try again.');
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
