// The request form's page glue: loads the engine (WebAssembly) and the sample roster, checks
// the request on every keystroke, shows each problem next to its field, and ranks the
// sample roster when the engine can. The logic is in form.js; the rules are the engine's.
import init, * as api from './pkg/plaudit_wasm.js';
import {
  FIELDS, INCENTIVES, KINDS, SEGMENTS, buildRequest, byField, check, matchesNote, rankView,
  reasonLabel, sampleAsOf, words,
} from './form.js';

const $ = (sel) => document.querySelector(sel);
const params = new URLSearchParams(location.search);

/** Today as `YYYY-MM-DD` in the rep's time zone; `?today=` pins it (demos, tests). */
function today() {
  const pinned = params.get('today');
  if (pinned) return pinned;
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const state = {
  engine: null,
  roster: null,
  names: new Map(),
  today: today(),
  touched: new Set(),
  submitted: false,
  verdict: null,
  rankTimer: 0,
};

function options(select, pairs) {
  for (const [value, label] of pairs) select.append(new Option(label, value));
}

function values() {
  const form = $('#request-form');
  const out = {};
  for (const name of FIELDS) {
    const el = form.elements[name];
    out[name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return out;
}

/** A message as DOM nodes: the engine quotes user input in backticks; show it as code. */
function rich(message) {
  return String(message).split('`').map((part, i) => {
    if (i % 2 === 0) return part;
    const code = document.createElement('code');
    code.textContent = part;
    return code;
  });
}

function render(verdict) {
  const problems = byField(verdict);
  for (const name of FIELDS) {
    const el = $(`#${name}`);
    const box = $(`#${name}-msg`);
    const shown = state.submitted || state.touched.has(name) ? (problems.get(name) ?? []) : [];
    box.replaceChildren(...shown.map((p) => {
      const line = document.createElement('p');
      line.className = p.severity;
      line.dataset.code = p.code;
      const tag = document.createElement('strong');
      tag.textContent = p.severity === 'error' ? 'Error: ' : 'Warning: ';
      line.append(tag, ...rich(p.message));
      return line;
    }));
    const invalid = shown.some((p) => p.severity === 'error');
    if (invalid) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
    el.closest('.field').classList.toggle('has-error', invalid);
  }

  // Form-level problems, and everything at once after a send attempt.
  const summary = $('#error-summary');
  const items = state.submitted ? verdict.errors : verdict.errors.filter((p) => p.field === null);
  summary.hidden = items.length === 0;
  summary.querySelector('ul').replaceChildren(...items.map((p) => {
    const li = document.createElement('li');
    if (p.field) {
      const a = document.createElement('a');
      a.href = `#${p.field}`;
      a.append(`${$(`label[for=${p.field}]`).textContent.replace('*', '').trim()}: `, ...rich(p.message));
      li.append(a);
    } else {
      li.textContent = p.path ? `${p.path}: ${p.message}` : p.message;
    }
    return li;
  }));

  const form = $('#request-form');
  form.dataset.valid = String(verdict.ok);
  const n = verdict.errors.length;
  $('#form-status').textContent = verdict.ok
    ? (verdict.warnings.length ? `Ready to send, with ${verdict.warnings.length} warning(s).` : 'Ready to send.')
    : `${n} problem${n === 1 ? '' : 's'} to fix.`;
}

function update() {
  const request = buildRequest(values(), state.today);
  const verdict = check(api, state.engine, request);
  state.verdict = verdict;
  render(verdict);
  $('#notes-count').textContent = String([...$('#notes').value].length);
  $('#sent').hidden = true;
  clearTimeout(state.rankTimer);
  state.rankTimer = setTimeout(() => showMatches(verdict), 120);
}

function kindHint() {
  const kind = $('#kind').value;
  const rule = kind && state.engine.policy.kinds[kind];
  $('#kind-hint').textContent = rule
    ? `Needs at least ${rule.lead_time_days} days' notice${rule.public ? '; the advocate is named in public' : ''}.`
    : 'What you need from the customer.';
}

// ---------------------------------------------------------------------------------------
// Matches panel: `engine.rank` over the bundled sample roster (form.js rankView).
// ---------------------------------------------------------------------------------------
function showMatches(verdict) {
  const panel = $('#matches');
  const note = $('#matches-note');
  const list = $('#match-list');
  const excluded = $('#excluded');
  if (typeof state.engine.rank !== 'function') {
    panel.dataset.state = 'unavailable';
    note.textContent = `Matches from the sample roster (${state.roster.size} advocates) appear here once the engine ranks (Engine.rank).`;
    list.replaceChildren();
    excluded.hidden = true;
    return;
  }
  if (!verdict.ok) {
    panel.dataset.state = 'invalid';
    note.textContent = 'Fix the request to see who could help.';
    list.replaceChildren();
    excluded.hidden = true;
    return;
  }
  const view = rankView(state.engine.rank(verdict.request, state.roster, state.today), state.names);
  panel.dataset.state = 'ready';
  note.textContent = matchesNote(view.matches.length, verdict.request.count ?? 1, state.roster.size,
    view.nearMisses.length > 0);
  list.replaceChildren(...view.matches.map(matchItem), ...view.nearMisses.map(nearMissItem));
  excluded.hidden = view.excluded.length === 0;
  $('#excluded-counts').replaceChildren(...Object.entries(view.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => li(`${reasonLabel(code)} (${code}): ${count}`)));
  $('#excluded-list').replaceChildren(...view.excluded.map((x) => li(`${x.name}: ${x.reasons.map(reasonLabel).join(', ')}`)));
}

function li(text) {
  const el = document.createElement('li');
  el.textContent = text;
  return el;
}

function matchItem(m) {
  const item = document.createElement('li');
  item.className = 'match';
  const head = document.createElement('div');
  head.className = 'match-head';
  const name = document.createElement('strong');
  name.textContent = m.name;
  const score = document.createElement('span');
  score.className = 'score';
  score.textContent = m.score === undefined ? '' : `${Number(m.score).toFixed(1)} / 100`;
  head.append(name, score);
  const meta = document.createElement('p');
  meta.className = 'muted';
  meta.textContent = [m.tier && `${words(m.tier)} tier`, m.earliestOn && `available from ${m.earliestOn}`,
    m.approvals.length && `approvals: ${m.approvals.join(', ')}`,
    m.disclosures.length && `disclose: ${m.disclosures.map(reasonLabel).join(', ')}`].filter(Boolean).join(' · ');
  const bars = document.createElement('dl');
  bars.className = 'components';
  for (const [k, v] of Object.entries(m.components)) {
    const dt = document.createElement('dt');
    dt.textContent = words(k);
    const dd = document.createElement('dd');
    const meter = document.createElement('meter');
    meter.min = 0; meter.max = 1; meter.value = Number(v);
    meter.setAttribute('aria-label', `${words(k)} ${Number(v).toFixed(2)}`);
    dd.append(meter, ` ${Number(v).toFixed(2)}`);
    bars.append(dt, dd);
  }
  item.append(head, meta, bars);
  return item;
}

function nearMissItem(n) {
  return li(`${n.name}: not before ${n.nextAvailableOn} (${n.reasons.map(reasonLabel).join(', ')})`);
}

async function main() {
  await init();
  state.engine = new api.Engine();
  // The sample's dates move with today, so its advocates are as fresh on any day.
  const advocates = sampleAsOf(await (await fetch('sample-roster.json')).json(), state.today);
  state.roster = state.engine.roster(advocates);
  for (const a of advocates) state.names.set(a.id, a.name ?? a.id);

  options($('#kind'), KINDS);
  options($('#segment'), SEGMENTS);
  options($('#incentive_kind'), INCENTIVES);
  const distinct = (key) => [...new Set(advocates.flatMap((a) => a[key] ?? []))].sort();
  $('#industries').replaceChildren(...[...new Set(advocates.map((a) => a.industry))].sort().map((i) => new Option(i)));
  $('#products-examples').textContent = distinct('products').slice(0, 3).join(', ');
  $('#use_cases-examples').textContent = distinct('use_cases').slice(0, 2).join(', ');
  $('#today').textContent = state.today;
  $('#fingerprint').textContent = state.engine.fingerprint;
  $('#validator').textContent = typeof state.engine.validateRequest === 'function'
    ? 'validateRequest (every request rule)'
    : 'parseRequest (record checks; lead times and incentive rules need validateRequest)';

  const form = $('#request-form');
  form.addEventListener('input', (ev) => {
    if (ev.target.name) state.touched.add(ev.target.name);
    if (ev.target.name === 'kind') kindHint();
    update();
  });
  form.addEventListener('change', (ev) => {
    if (ev.target.name) state.touched.add(ev.target.name);
    update();
  });
  form.addEventListener('focusout', (ev) => {
    if (ev.target.name && ev.target.value) state.touched.add(ev.target.name);
    render(state.verdict);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.submitted = true;
    update();
    if (!state.verdict.ok) {
      $('#error-summary').focus();
      return;
    }
    $('#sent-json').textContent = JSON.stringify(state.verdict.request, null, 2);
    $('#sent').hidden = false;
    $('#form-status').textContent = 'Request ready to send.';
  });

  // What this engine can do, for the page's tests.
  document.body.dataset.validateRequest = String(typeof state.engine.validateRequest === 'function');
  document.body.dataset.rank = String(typeof state.engine.rank === 'function');
  kindHint();
  update();
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  document.body.dataset.ready = 'error';
  $('#form-status').textContent = `The checker could not start: ${err.message}`;
  throw err;
});
