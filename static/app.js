// Projektsök: enhancements for the server-rendered pages. Everything works
// without this file; with it, searches and filters update in place (the
// server renders the HTML, we swap it in and keep the URL in history),
// the search box suggests words and titles, and long facet lists get a
// filter box. No framework, no build step.
'use strict';
(function () {
  const doc = document;
  doc.documentElement.classList.add('js');
  const $ = (sel, root) => (root || doc).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || doc).querySelectorAll(sel));
  const fold = s => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const form = $('#sf');
  const q = $('#q');

  let live;
  function announce(text) {
    if (!live) {
      live = doc.createElement('div');
      live.className = 'vh';
      live.setAttribute('aria-live', 'polite');
      doc.body.append(live);
    }
    live.textContent = text;
  }

  // ---- in-place navigation on the search page ----------------------------

  function stateURL() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) {
      const val = String(v).trim();
      if (val && !(k === 'sort' && val === 'relevance')) p.append(k, val);
    }
    p.sort();
    const s = p.toString();
    const path = new URL(form.action, location.href).pathname;
    return s ? path + '?' + s : path;
  }

  let pending;
  let shown = location.pathname + location.search; // the search on screen
  async function navigate(url, push, focusSel) {
    if (!$('#content')) { location.href = url; return; }
    if (pending) pending.abort();
    const ctl = pending = new AbortController();
    doc.body.classList.add('busy');
    try {
      const res = await fetch(url, { signal: ctl.signal, headers: { Accept: 'text/html' } });
      const html = await res.text();
      const next = new DOMParser().parseFromString(html, 'text/html');
      const content = next.getElementById('content');
      if (!content) { location.href = url; return; }
      if (push) history.pushState(null, '', res.redirected ? res.url : url);
      shown = location.pathname + location.search;
      swap(next, content, focusSel);
    } catch (err) {
      if (err.name !== 'AbortError') location.href = url;
    } finally {
      if (pending === ctl) { pending = null; doc.body.classList.remove('busy'); }
    }
  }

  function swap(next, content, focusSel) {
    const old = $('#content');
    // Keep what the user opened, closed or typed in the sidebar.
    const open = {}, typed = {};
    $$('details[data-key]', old).forEach(d => { open[d.dataset.key] = d.open; });
    $$('.facet-filter input', old).forEach(i => { typed[i.dataset.key] = i.value; });
    const box = $('#filterbox', old);
    $$('details[data-key]', content).forEach(d => {
      if (d.dataset.key in open && !$('input:checked', d)) d.open = open[d.dataset.key];
    });
    const newBox = $('#filterbox', content);
    if (box && newBox) newBox.open = box.open;
    old.replaceWith(doc.adoptNode(content));
    doc.title = next.title;
    q.value = next.getElementById('q').value;
    $$('input[type=hidden]', form).forEach(i => i.remove());
    $$('input[type=hidden]', next.getElementById('sf')).forEach(i => form.append(doc.adoptNode(i)));
    initFilters(typed);
    const summary = $('#summary') || $('.error');
    if (summary) announce(summary.textContent.trim().replace(/\s+/g, ' '));
    const target = focusSel && $(focusSel);
    if (target) target.focus();
    else if (focusSel !== false) $('#main').focus();
  }

  if (form && $('#content')) {
    form.addEventListener('submit', e => {
      e.preventDefault();
      closeList();
      navigate(stateURL(), true, '#q');
    });
    doc.addEventListener('change', e => {
      const t = e.target;
      if (t.form !== form || t === q) return;
      if (t.type === 'checkbox') {
        navigate(stateURL(), true, `input[name="${t.name}"][value="${CSS.escape(t.value)}"]`);
      } else if (t.tagName === 'SELECT') {
        navigate(stateURL(), true, '#' + t.id);
      }
    });
    doc.addEventListener('click', e => {
      const a = e.target.closest('a[href^="/?"], a[href="/"]');
      if (!a || !a.closest('#content') || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
      e.preventDefault();
      navigate(a.getAttribute('href'), true);
    });
    // A fragment link (the skip link, #main) adds a history entry too:
    // only a change of path or query is a search to load.
    window.addEventListener('popstate', () => {
      const now = location.pathname + location.search;
      if (now === shown) return;
      shown = now;
      navigate(now, false, false);
    });
  }

  // The skip link moves focus into the results without touching history.
  doc.addEventListener('click', e => {
    const a = e.target.closest('a.skip');
    if (!a) return;
    const target = doc.getElementById(a.hash.slice(1));
    if (!target) return;
    e.preventDefault();
    target.focus();
    target.scrollIntoView();
  });

  // ---- facet filter boxes --------------------------------------------------

  function initFilters(typed) {
    const narrow = window.matchMedia('(max-width: 760px)').matches;
    const box = $('#filterbox');
    if (box && narrow && !typed) box.open = false;
    $$('.facet-filter').forEach(div => {
      div.hidden = false;
      const input = $('input', div);
      const list = div.parentNode.querySelector('.facet-values');
      $$('li', list).forEach(li => { li.dataset.extra = li.hidden ? '1' : ''; });
      let timer;
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => filterList(input.dataset.key, input.value, list), 120);
      });
      if (typed && typed[input.dataset.key]) {
        input.value = typed[input.dataset.key];
        filterList(input.dataset.key, input.value, list);
      }
    });
  }

  let facetsAPI = true;
  async function filterList(key, text, list) {
    const f = fold(text.trim());
    let shown = 0;
    $$('li', list).forEach(li => {
      const hit = f ? fold(li.textContent).includes(f) : !li.dataset.extra;
      li.hidden = !hit;
      if (hit) shown++;
    });
    if (!f || !facetsAPI) return;
    // Values beyond those on the page: ask the facets API, if there is one.
    const p = new URLSearchParams(stateURL().slice(2));
    p.delete(key); p.set('prefix', text.trim());
    try {
      const res = await fetch(`/api/facets/${key}?` + p, { headers: { Accept: 'application/json' } });
      if (res.status === 404) { facetsAPI = false; return; }
      if (!res.ok) return;
      const body = await res.json();
      const have = new Set($$('input', list).map(i => i.value));
      for (const v of body.values || []) {
        if (have.has(v.value)) continue;
        const li = doc.createElement('li');
        const id = 'x-' + key + '-' + (list.children.length);
        const cb = Object.assign(doc.createElement('input'), { type: 'checkbox', id, name: key, value: v.value });
        cb.setAttribute('form', 'sf');
        const label = doc.createElement('label');
        label.htmlFor = id;
        const count = doc.createElement('span');
        count.className = 'count';
        count.textContent = `(${v.count})`;
        label.append(v.value + ' ', count);
        li.append(cb, label);
        li.dataset.extra = '1';
        list.append(li);
      }
    } catch (_) { /* the filter box still works on what is shown */ }
  }

  initFilters();

  // ---- autocomplete --------------------------------------------------------

  const listEl = $('#q-list');
  let suggestAPI = !!(q && listEl);
  let items = [], active = -1, seq = 0, timer;

  if (suggestAPI) {
    q.setAttribute('role', 'combobox');
    q.setAttribute('aria-autocomplete', 'list');
    q.setAttribute('aria-expanded', 'false');
    q.setAttribute('aria-controls', 'q-list');
    q.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 120);
    });
    q.addEventListener('keydown', onKey);
    q.addEventListener('blur', () => setTimeout(closeList, 150));
    listEl.addEventListener('mousedown', e => {
      const li = e.target.closest('li[role=option]');
      if (!li) return;
      e.preventDefault();
      choose(items[+li.dataset.i]);
    });
  }

  async function suggest() {
    const text = q.value.trim();
    const my = ++seq;
    if (!suggestAPI || text.length < 2) { closeList(); return; }
    try {
      const res = await fetch('/api/suggest?q=' + encodeURIComponent(text), { headers: { Accept: 'application/json' } });
      if (res.status === 404) { suggestAPI = false; closeList(); return; }
      if (!res.ok) return;
      const body = await res.json();
      if (my !== seq) return;
      show((body.suggestions || []).slice(0, 10));
    } catch (_) { closeList(); }
  }

  function show(list) {
    items = list;
    active = -1;
    q.removeAttribute('aria-activedescendant');
    listEl.replaceChildren(...list.map((s, i) => {
      const li = doc.createElement('li');
      li.id = 'q-opt-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.i = i;
      li.textContent = s.text;
      if (s.kind === 'title') {
        const k = doc.createElement('span');
        k.className = 'kind';
        k.textContent = listEl.dataset.titleKind || '';
        li.append(k);
      }
      return li;
    }));
    const open = list.length > 0;
    listEl.hidden = !open;
    q.setAttribute('aria-expanded', String(open));
  }

  function closeList() {
    if (!listEl) return;
    items = [];
    active = -1;
    listEl.hidden = true;
    listEl.replaceChildren();
    q.setAttribute('aria-expanded', 'false');
    q.removeAttribute('aria-activedescendant');
  }

  function move(to) {
    const opts = $$('li[role=option]', listEl);
    if (!opts.length) return;
    active = (to + opts.length) % opts.length;
    opts.forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
    q.setAttribute('aria-activedescendant', opts[active].id);
    opts[active].scrollIntoView({ block: 'nearest' });
  }

  function onKey(e) {
    const open = !listEl.hidden;
    switch (e.key) {
      case 'ArrowDown':
        if (!open) { suggest(); return; }
        e.preventDefault(); move(active + 1); break;
      case 'ArrowUp':
        if (!open) return;
        e.preventDefault(); move(active - 1); break;
      case 'Enter':
        if (open && active >= 0) { e.preventDefault(); choose(items[active]); }
        break;
      case 'Escape':
        if (open) { e.preventDefault(); closeList(); }
        break;
    }
  }

  function choose(s) {
    if (!s) return;
    closeList();
    if (s.kind === 'title' && s.id) { location.href = '/projekt/' + encodeURIComponent(s.id); return; }
    q.value = s.text;
    form.requestSubmit();
  }
})();
