// The Send/Receive page: renders the snapshot the host pushes when it connects (Server-Sent
// Events), then each push's changed rows, and calls the JSON API for actions. No polling: the only timer redraws elapsed times between pushes.
'use strict';

// The access token, if any, is in an HttpOnly cookie the server set: the page never sees it.
let clockOffset = 0;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function duration(millis) {
  if (millis === null || millis === undefined) return '';
  const seconds = Math.floor(millis / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? minutes + ' min ' + (seconds % 60) + ' s' : (millis < 1000 ? millis + ' ms' : seconds + ' s');
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

async function call(path, params) {
  const body = new URLSearchParams(params || {});
  // The header proves the request comes from this page: another site's form or image cannot send it.
  const response = await fetch('api/' + path, { method: 'POST', body, headers: { 'X-Mapisync-Request': 'page' } });
  const answer = await response.json().catch(() => ({ error: response.statusText }));
  const message = document.getElementById('message');
  message.textContent = response.ok ? '' : answer.error;
  return answer;
}

function result(task) {
  if (task.state === 'RUNNING' || task.state === 'QUEUED') return el('span', { class: 'state ' + task.state }, task.state.toLowerCase());
  if (!task.lastRun) return el('span', { class: 'state' }, 'idle');
  const status = task.lastRun.status;
  const kind = ['SUCCESS', 'PARTIAL', 'CANCELLED'].includes(status) ? status : 'failed';
  return el('span', { class: 'state result-' + kind, 'data-status': status }, status);
}

function taskRow(task) {
  const running = task.state === 'RUNNING';
  const max = Math.max(task.indexMax, 1);
  // A run that succeeded fills its bar; one that stopped short shows where it stopped.
  const succeeded = task.lastRun && !running && task.state !== 'QUEUED' && task.lastRun.status === 'SUCCESS';
  const bar = el('progress', { max: String(max), value: String(succeeded ? max : Math.min(task.index, max)) });
  const errors = task.errors.length === 0 ? null
    : el('ul', { class: 'errors' }, ...task.errors.map(e => el('li', {}, e.status + ' (' + e.code + '): ' + e.text)));
  const buttons = task.kind === 'store' ? [
    el('button', { type: 'button', 'data-action': 'sync', onclick: () => call('sync', { store: task.id }) }, 'Sync'),
    el('button', { type: 'button', 'data-action': 'headers', onclick: () => call('sync', { store: task.id, flags: 'DOWNLOAD_CONTENTS,HEADERS_ONLY' }) }, 'Headers only'),
    el('button', { type: 'button', 'data-action': 'cancel', onclick: () => call('cancel', { store: task.id }), ...(running || task.state === 'QUEUED' ? {} : { disabled: '' }) }, 'Cancel'),
  ] : [];
  return el('tr', { 'data-id': task.id, 'data-state': task.state, 'data-standing': standing(task) },
    el('td', {}, el('div', {}, task.name), el('div', { class: 'step' }, task.kind + ' ' + task.id)),
    el('td', {}, task.provider + ' ' + task.providerVersion),
    el('td', {}, result(task), errors),
    el('td', { class: 'progress' }, bar, el('div', { class: 'step' }, task.step + (task.indexMax > 0 ? ' (' + task.index + ' of ' + task.indexMax + ')' : ''))),
    el('td', { class: 'elapsed', 'data-started': task.started || '' }, task.started ? duration(Date.now() + clockOffset - Date.parse(task.started))
      : (task.lastRun ? duration(task.lastRun.durationMillis) : '')),
    el('td', {}, when(task.lastSuccess)),
    el('td', { class: 'buttons' }, ...buttons));
}

function outboxRow(entry) {
  return el('tr', { 'data-id': entry.id, 'data-state': entry.state },
    el('td', {}, entry.subject),
    el('td', {}, entry.recipients.join(', ')),
    el('td', {}, entry.state.toLowerCase()),
    el('td', {}, String(entry.attempts)),
    el('td', {}, entry.reason || ''),
    el('td', {}, entry.state === 'FAILED' ? el('button', { type: 'button', onclick: () => call('outbox/retry', { id: entry.id }) }, 'Retry') : ''));
}

// Each task's row by id, in the host's order: a changes event replaces only the rows it names.
const rows = new Map();

// Where a task stands: what it does now, or how its last run ended (as mapisync:status counts).
function standing(task) {
  if (task.state === 'RUNNING' || task.state === 'QUEUED') return task.state.toLowerCase();
  if (!task.lastRun) return 'never';
  return { SUCCESS: 'succeeded', PARTIAL: 'partial', CANCELLED: 'cancelled' }[task.lastRun.status] || 'failed';
}

function shown(task) {
  const text = document.getElementById('filter').value.trim().toLowerCase();
  const only = document.getElementById('standing').value;
  return (only === '' || standing(task) === only)
    && (text === '' || task.id.toLowerCase().includes(text) || task.name.toLowerCase().includes(text));
}

function place(task) {
  const tr = taskRow(task);
  tr.hidden = !shown(task);
  const old = rows.get(task.id);
  if (old) old.tr.replaceWith(tr);
  rows.set(task.id, { task, tr });
}

function summarize() {
  const counts = {};
  let stores = 0;
  let visible = 0;
  for (const { task, tr } of rows.values()) {
    if (task.kind === 'store') stores++;
    if (!tr.hidden) visible++;
    counts[standing(task)] = (counts[standing(task)] || 0) + 1;
  }
  const transports = rows.size - stores;
  const parts = ['running', 'queued', 'succeeded', 'partial', 'cancelled', 'failed', 'never']
    .filter(s => counts[s]).map(s => counts[s] + ' ' + (s === 'never' ? 'never run' : s));
  document.getElementById('summary').textContent = stores + (stores === 1 ? ' store, ' : ' stores, ')
    + transports + (transports === 1 ? ' transport' : ' transports') + (parts.length ? ': ' + parts.join(', ') : '')
    + (visible < rows.size ? ' (' + visible + ' shown)' : '');
  document.getElementById('no-tasks').hidden = rows.size > 0;
}

function refilter() {
  for (const { task, tr } of rows.values()) tr.hidden = !shown(task);
  summarize();
}

function renderOutbox(outbox) {
  document.querySelector('#outbox tbody').replaceChildren(...outbox.map(outboxRow));
  document.getElementById('no-outbox').hidden = outbox.length > 0;
}

function renderProblems(problems) {
  document.getElementById('problems').replaceChildren(...problems.map(p => el('li', {}, p.bundle + ' ' + p.version + ': ' + p.problem)));
  document.getElementById('problems-section').hidden = problems.length === 0;
}

function render(snapshot) {
  clockOffset = Date.parse(snapshot.now) - Date.now();
  rows.clear();
  snapshot.tasks.forEach(place);
  document.querySelector('#tasks tbody').replaceChildren(...snapshot.tasks.map(t => rows.get(t.id).tr));
  renderOutbox(snapshot.outbox);
  renderProblems(snapshot.problems);
  summarize();
}

function apply(changes) {
  clockOffset = Date.parse(changes.now) - Date.now();
  changes.tasks.forEach(place);
  for (const id of changes.removed) {
    rows.get(id)?.tr.remove();
    rows.delete(id);
  }
  if (changes.order) document.querySelector('#tasks tbody').replaceChildren(...changes.order.map(id => rows.get(id).tr));
  if (changes.outbox) renderOutbox(changes.outbox);
  if (changes.problems) renderProblems(changes.problems);
  summarize();
}

function connect() {
  const status = document.getElementById('connection');
  const events = new EventSource('events');
  events.addEventListener('snapshot', (event) => {
    status.textContent = 'live';
    render(JSON.parse(event.data));
  });
  events.addEventListener('changes', (event) => apply(JSON.parse(event.data)));
  // EventSource reconnects by itself; say so meanwhile.
  events.onerror = () => { status.textContent = 'reconnecting…'; };
}

// Elapsed times move on between pushes.
setInterval(() => {
  for (const cell of document.querySelectorAll('td.elapsed[data-started]')) {
    if (cell.dataset.started) cell.textContent = duration(Date.now() + clockOffset - Date.parse(cell.dataset.started));
  }
}, 1000);

document.getElementById('send-receive-all').addEventListener('click', () => call('sync'));
document.getElementById('filter').addEventListener('input', refilter);
document.getElementById('standing').addEventListener('change', refilter);
connect();
