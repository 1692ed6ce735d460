// safeguard's preview: reload on change, keeping the scroll position; swap
// stylesheets without a reload; show build errors over the page until fixed.
// Added to pages only by `safeguard serve`, never by `build`.
(function () {
  'use strict';
  var key = 'safeguard-scroll:' + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener('load', function () { window.scrollTo(0, Number(saved)); });
  }
  // The build this page came from: the stream tells us at once if we missed one.
  var served = new URL(document.currentScript.src).searchParams.get('v') || '0';
  var source = new EventSource('/__safeguard/events?since=' + served);
  source.addEventListener('reload', function () {
    // Swap in the new page rather than reloading: no stylesheet or script is fetched
    // again, and the scroll position stays where it was. Anything odd: reload.
    fetch(location.href, { cache: 'no-store' }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      var next = new DOMParser().parseFromString(html, 'text/html');
      var y = window.scrollY;
      document.title = next.title;
      document.body.replaceWith(next.body);
      document.body.querySelectorAll('script').forEach(function (old) {
        if (old.src.indexOf('/__safeguard/') !== -1) return;
        var fresh = document.createElement('script');
        if (old.src) fresh.src = old.src; else fresh.textContent = old.textContent;
        old.replaceWith(fresh);
      });
      window.scrollTo(0, y);
    }).catch(function () {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    });
  });
  source.addEventListener('css', function () {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set('v', String(Date.now()));
      link.href = url.href;
    });
  });
  source.addEventListener('failed', function (event) { show(JSON.parse(event.data)); });
  source.addEventListener('ok', hide);

  function hide() {
    var old = document.getElementById('safeguard-overlay');
    if (old) old.remove();
  }

  function show(report) {
    hide();
    var box = document.createElement('div');
    box.id = 'safeguard-overlay';
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(33,43,50,.92);color:#fff;padding:2rem;font:16px/1.5 system-ui,sans-serif';
    var title = document.createElement('h2');
    title.textContent = 'The site did not build: ' + report.summary;
    title.style.cssText = 'margin:0 0 1rem;font-size:1.4rem;color:#fff';
    var note = document.createElement('p');
    note.textContent = 'Fix the problems below and save: this page updates by itself. It shows the last good build until then.';
    var pre = document.createElement('pre');
    pre.textContent = report.messages.join('\n');
    pre.style.cssText = 'white-space:pre-wrap;background:#fff;color:#212b32;padding:1rem;border-left:6px solid #d5281b;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Hide until the next change';
    close.style.cssText = 'font:inherit;padding:.5rem 1rem;margin-top:1rem';
    close.addEventListener('click', hide);
    box.append(title, note, pre, close);
    document.body.appendChild(box);
    close.focus();
  }
})();
