// Projektsök search page: reads the state from the URL, asks /api/search
// and renders results and facets. All document text is inserted as text;
// only the API's snippets (escaped by the server, with <mark>) are HTML.
'use strict';

const FACET_LABELS = {
  region: 'Region', county: 'Län', municipality: 'Kommun', owner: 'Projektägare',
  programme_area: 'Programområde', phase: 'Projektfas', doc_type: 'Dokumenttyp',
  methods: 'Metoder', target_groups: 'Målgrupper', period: 'Projektår', budget: 'Total budget',
};
const FILTERABLE = ['region', 'county', 'municipality', 'owner', 'programme_area', 'phase', 'doc_type', 'methods', 'target_groups'];

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function sek(n) { return n ? n.toLocaleString('sv-SE') + ' kr' : ''; }

async function api(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function search() {
  const params = new URLSearchParams(location.search);
  document.getElementById('q').value = params.get('q') || '';
  const status = document.getElementById('status');
  status.textContent = 'Söker …';
  try {
    const res = await api('/api/search?' + params.toString());
    renderHits(res, params);
    renderFacets(res.facets, params);
  } catch (err) {
    status.textContent = 'Fel: ' + err.message;
    document.getElementById('hits').replaceChildren();
  }
}

function renderHits(res, params) {
  document.getElementById('status').textContent =
    `${res.total} träffar (${res.took_ms.toFixed(1)} ms)`;
  const list = document.getElementById('hits');
  list.replaceChildren(...res.hits.map(h => {
    const snippets = el('div', { class: 'snippets' });
    for (const s of h.snippets) {
      const p = el('p');
      p.innerHTML = s; // server-escaped, only <mark> added
      snippets.append(p);
    }
    const period = h.period_start ? `${h.period_start} – ${h.period_end}` : '';
    const meta = [h.owner, h.region, period, sek(h.total_budget_sek), h.doc_type].filter(Boolean).join(' · ');
    return el('li', {},
      el('h2', {}, el('a', { href: '/projekt/' + encodeURIComponent(h.id), text: h.title })),
      el('p', { class: 'meta', text: meta }), snippets);
  }));
  const pager = document.getElementById('pager');
  pager.replaceChildren();
  const from = +(params.get('from') || 0), size = +(params.get('size') || 10);
  if (from + size < res.total) {
    const next = new URLSearchParams(params); next.set('from', from + size);
    pager.append(el('a', { href: '?' + next.toString(), text: 'Nästa sida' }));
  }
}

function renderFacets(facets, params) {
  const box = document.getElementById('facets');
  box.replaceChildren();
  for (const key of FILTERABLE) {
    const values = facets[key] || [];
    if (!values.length) continue;
    const fs = el('fieldset', {}, el('legend', { text: FACET_LABELS[key] }));
    for (const v of values) {
      const cb = el('input', { type: 'checkbox', name: key, value: v.value });
      cb.checked = params.getAll(key).includes(v.value);
      cb.addEventListener('change', () => {
        const p = new URLSearchParams(location.search);
        const vals = p.getAll(key).filter(x => x !== v.value);
        p.delete(key); p.delete('from');
        if (cb.checked) vals.push(v.value);
        vals.forEach(x => p.append(key, x));
        history.pushState(null, '', '?' + p.toString());
        search();
      });
      fs.append(el('label', {}, cb, ' ' + v.value + ' ', el('span', { class: 'count', text: `(${v.count})` })));
    }
    box.append(fs);
  }
}

async function showDocument(id) {
  const doc = document.getElementById('doc');
  document.getElementById('hits').hidden = true;
  doc.hidden = false;
  try {
    const d = await api('/api/documents/' + encodeURIComponent(id));
    document.title = d.title + ' – Projektsök';
    const facts = el('dl');
    const add = (k, v) => { if (v) facts.append(el('dt', { text: k }), el('dd', { text: v })); };
    add('Projektägare', d.owner); add('Programområde', d.programme_area); add('Projektfas', d.phase);
    add('Region', d.region); add('Län', d.county); add('Kommuner', (d.municipalities || []).join(', '));
    add('Projektperiod', d.period_start ? `${d.period_start} – ${d.period_end}` : '');
    add('Beviljat ESF-stöd', sek(d.esf_support_sek)); add('Total projektbudget', sek(d.total_budget_sek));
    add('Projektnummer', d.project_number); add('Kontaktperson', d.contact_person);
    doc.replaceChildren(el('h1', { text: d.title }), facts,
      ...(d.sections || []).map(s => el('section', {}, el('h2', { text: s.heading }), el('p', { text: s.text }))));
  } catch (err) {
    doc.replaceChildren(el('p', { text: 'Fel: ' + err.message }));
  }
}

function route() {
  const m = location.pathname.match(/^\/projekt\/([^/]+)$/);
  if (m) showDocument(decodeURIComponent(m[1])); else search();
}

window.addEventListener('popstate', route);
document.addEventListener('DOMContentLoaded', route);
