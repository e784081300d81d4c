/*!
 * Roundtrip embed loader. Include it once on a page:
 *
 *   <div data-roundtrip="three-outcomes" data-seed="7"></div>
 *   <script src="https://YOUR-HOST/roundtrip/embed.js" async></script>
 *
 * Every element with data-roundtrip becomes a sandboxed iframe of embed.html (from wherever this
 * script was loaded), sized to its content. Attributes (all optional but the lesson):
 *   data-seed, data-t (ms), data-views ("topology,spacetime,calls,clocks,log"), data-steps,
 *   data-autoplay, data-theme ("light" | "dark"), data-params ("deadline=400&requestLoss=0.2"),
 *   data-query (a share link's query string: overrides the run attributes), data-id, data-title,
 *   data-height (px, before the first size report), data-allowed-origins.
 * Events from each frame are re-dispatched on its element as DOM events named after their type
 * (el.addEventListener('roundtrip:outcome', e => e.detail); they bubble), and
 * window.Roundtrip.send(el, { type: 'roundtrip:play' }) sends a command to the frame in el.
 * Size reports are taken only from frames this script made. Documentation: docs/embedding.md.
 */
(function () {
  'use strict';
  if (window.Roundtrip && window.Roundtrip.scan) {
    window.Roundtrip.scan();
    return;
  }
  var script = document.currentScript;
  var base = new URL('embed.html', (script && script.src) || document.baseURI);
  var frames = []; // { el, iframe }
  var MAX_HEIGHT = 20000;

  function setIf(q, key, value) {
    if (value !== undefined && value !== null && value !== '') q.set(key, value);
  }

  function frameUrl(el) {
    var d = el.dataset;
    var q = new URLSearchParams(d.query || '');
    if (!d.query) {
      q.set('lesson', d.roundtrip);
      setIf(q, 'seed', d.seed);
      setIf(q, 't', d.t);
      new URLSearchParams(d.params || '').forEach(function (value, name) {
        q.set('p.' + name, value);
      });
    }
    setIf(q, 'views', d.views);
    if (d.steps !== undefined) q.set('steps', d.steps === '0' || d.steps === 'false' ? '0' : '1');
    if (d.autoplay !== undefined) q.set('autoplay', d.autoplay === '0' || d.autoplay === 'false' ? '0' : '1');
    setIf(q, 'theme', d.theme);
    setIf(q, 'id', d.id || el.id);
    // Only this page may command its frames, unless the page says otherwise.
    var origin = window.location.origin;
    setIf(q, 'allowedOrigins', d.allowedOrigins || (origin && origin !== 'null' ? origin : ''));
    var url = new URL(base.href);
    url.search = q.toString();
    return url.href;
  }

  function mount(el) {
    if (el.getAttribute('data-roundtrip-mounted') !== null) return;
    if (!el.dataset.roundtrip && !el.dataset.query) return;
    el.setAttribute('data-roundtrip-mounted', '');
    var iframe = document.createElement('iframe');
    iframe.src = frameUrl(el);
    iframe.title = el.dataset.title || 'Roundtrip simulation: ' + (el.dataset.roundtrip || 'lesson');
    // allow-scripts runs it; allow-popups lets its "Open in Roundtrip" link open a tab.
    iframe.setAttribute('sandbox', 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
    iframe.setAttribute('loading', 'lazy');
    iframe.setAttribute('referrerpolicy', 'no-referrer');
    iframe.style.cssText =
      'display:block;width:100%;max-width:100%;border:0;height:' + (Number(el.dataset.height) || 480) + 'px';
    el.appendChild(iframe);
    frames.push({ el: el, iframe: iframe });
  }

  function scan(root) {
    var list = (root || document).querySelectorAll('[data-roundtrip]');
    for (var i = 0; i < list.length; i++) mount(list[i]);
  }

  function frameOf(source) {
    for (var i = 0; i < frames.length; i++) if (frames[i].iframe.contentWindow === source) return frames[i];
    return null;
  }

  window.addEventListener('message', function (event) {
    var frame = frameOf(event.source);
    var data = event.data;
    if (!frame || !data || typeof data.type !== 'string' || data.type.indexOf('roundtrip:') !== 0) return;
    if (data.type === 'roundtrip:resize') {
      var h = Number(data.height);
      if (isFinite(h) && h > 0) frame.iframe.style.height = Math.min(Math.ceil(h), MAX_HEIGHT) + 'px';
    }
    frame.el.dispatchEvent(new CustomEvent(data.type, { detail: data, bubbles: true }));
  });

  window.Roundtrip = {
    scan: scan,
    /** Sends a command to the frame inside (or for) an element made by this script. */
    send: function (el, message) {
      for (var i = 0; i < frames.length; i++) {
        if (frames[i].el === el || frames[i].iframe === el) {
          frames[i].iframe.contentWindow.postMessage(message, '*');
          return true;
        }
      }
      return false;
    },
  };

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', function () {
      scan();
    });
  else scan();
})();
