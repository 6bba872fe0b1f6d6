'use strict';
// The ops console: live funnel (server-sent events), appointment search and timeline (with an operator's
// audited view of the patient's clear data and the patient's erasure), dead letters with replay, consumer lag,
// the audit trail for administrators, and the clock control where the platform has one.

const METRICS = [
  { key: 'booked', name: 'Agendadas', get: c => c.booked },
  { key: 'whatsapp', name: 'Notificadas por WhatsApp', get: c => c.notified.whatsapp },
  { key: 'sms', name: 'Notificadas por SMS', get: c => c.notified.sms },
  { key: 'email', name: 'Notificadas por correo', get: c => c.notified.email },
  { key: 'voice', name: 'Notificadas por voz', get: c => c.notified.voice },
  { key: 'delivered', name: 'Entregadas', get: c => c.delivered },
  { key: 'read', name: 'Leídas', get: c => c.read },
  { key: 'failedTemporary', name: 'Con fallo temporal', get: c => c.failed.temporary, tone: 'warn' },
  { key: 'failedPermanent', name: 'Con fallo permanente', get: c => c.failed.permanent, tone: 'bad' },
  { key: 'failedTechnical', name: 'Con fallo técnico', get: c => c.failed.technical, tone: 'bad' },
  { key: 'skipped', name: 'Con pasos omitidos', get: c => c.notSent.skipped, tone: 'bad' },
  { key: 'noContactableChannel', name: 'Sin canal de contacto', get: c => c.notSent.noContactableChannel, tone: 'bad' },
  { key: 'patientUnreadable', name: 'Ficha del paciente en cartas muertas', get: c => c.notSent.patientUnreadable, tone: 'bad' },
  { key: 'hospitalNotConfigured', name: 'Hospital no configurado', get: c => c.notSent.hospitalNotConfigured, tone: 'bad' },
  { key: 'optedOut', name: 'Dados de baja (opt-out)', get: c => c.notSent.optedOut, tone: 'warn' },
  { key: 'confirmed', name: 'Confirmadas', get: c => c.confirmed, tone: 'good' },
  { key: 'cancelledByPatient', name: 'Anuladas por el paciente', get: c => c.cancelledByPatient, tone: 'warn' },
  { key: 'cancelledByHospital', name: 'Anuladas por el hospital', get: c => c.cancelledByHospital, tone: 'bad' },
  { key: 'noAnswer', name: 'Sin respuesta', get: c => c.noAnswer, tone: 'bad' },
  { key: 'attended', name: 'Atendidas', get: c => c.attended, tone: 'good' },
  { key: 'noShow', name: 'No se presentaron', get: c => c.noShow, tone: 'bad' },
  { key: 'slotsOffered', name: 'Cupos ofrecidos', get: c => c.slotsOffered },
  { key: 'slotsRefilled', name: 'Cupos reasignados', get: c => c.slotsRefilled, tone: 'good' },
];

const $ = id => document.getElementById(id);
const state = { funnel: null, day: null, hospital: '', source: null, info: null, appointment: null, patientId: null };
const ROLES = ['viewer', 'operator', 'administrator'];
const can = role => state.info && ROLES.indexOf(state.info.role) >= ROLES.indexOf(role);

function show(target, text, tone) {
  const node = $(target);
  node.textContent = text || '';
  node.className = 'message' + (tone ? ' ' + tone : '');
}

// ---- dates ----
const weekday = new Intl.DateTimeFormat('es-CL', { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' });
// Instants are shown in the hospital's zone (from /api/console), not the browser's.
let dateTime = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'medium' });

function dayLabel(date, today) {
  const days = Math.round((Date.parse(date) - Date.parse(today)) / 86400000);
  if (days === 0) return 'Hoy';
  if (days === 1) return 'Mañana';
  if (days === -1) return 'Ayer';
  return weekday.format(new Date(date + 'T00:00:00Z')).replace(',', '');
}

function localTime(text) {
  return text ? text.replace('T', ' ').slice(0, 16) : '—';
}

function instant(text) {
  return text ? dateTime.format(new Date(text)) : '—';
}

// ---- funnel ----
function connectFunnel() {
  if (state.source) state.source.close();
  const url = '/api/funnel/stream' + (state.hospital ? '?hospital=' + encodeURIComponent(state.hospital) : '');
  const source = new EventSource(url);
  state.source = source;
  source.addEventListener('funnel', event => {
    state.funnel = JSON.parse(event.data);
    renderFunnel();
  });
  source.onerror = () => setLive('lost', 'Reconectando…');
}

function setLive(mode, text) {
  const live = $('live');
  live.dataset.state = mode;
  live.textContent = text;
}

function renderFunnel() {
  const funnel = state.funnel;
  setLive(funnel.caughtUp ? 'live' : 'catching-up', funnel.caughtUp ? 'En vivo' : 'Leyendo historial…');
  const select = $('hospital');
  const known = new Set(Array.from(select.options).map(o => o.value));
  funnel.hospitals.filter(h => !known.has(h)).forEach(h => select.append(el('option', { value: h, text: h })));
  if (!funnel.days.some(d => d.date === state.day)) state.day = funnel.today;

  const days = $('days');
  days.replaceChildren(...funnel.days.map(d => el('button', {
    type: 'button', role: 'tab', 'data-day': d.date, 'aria-selected': d.date === state.day ? 'true' : 'false',
    text: dayLabel(d.date, funnel.today),
  })));

  const selected = funnel.days.find(d => d.date === state.day);
  const top = Math.max(1, selected.counts.booked);
  $('bars').replaceChildren(...METRICS.map(m => {
    const value = m.get(selected.counts);
    return el('div', { className: 'bar' + (m.tone ? ' ' + m.tone : ''), 'data-metric': m.key },
      el('span', { className: 'name', text: m.name }),
      el('span', { className: 'value', text: value }),
      el('span', { className: 'track' }, el('span', { className: 'fill', style: 'width:' + Math.min(100, 100 * value / top) + '%' })));
  }));

  const table = $('funnel-table');
  table.tHead.replaceChildren(el('tr', {}, el('th', { text: 'Etapa' }),
    funnel.days.map(d => el('th', { className: d.date === funnel.today ? 'today' : null, text: dayLabel(d.date, funnel.today) }))));
  table.tBodies[0].replaceChildren(...METRICS.map(m => el('tr', {},
    el('th', { scope: 'row', text: m.name }),
    funnel.days.map(d => el('td', { 'data-day': d.date, 'data-metric': m.key, text: m.get(d.counts) })))));
}

$('days').addEventListener('click', event => {
  const day = event.target.closest('button[data-day]');
  if (!day || !state.funnel) return;
  state.day = day.dataset.day;
  renderFunnel();
});

$('hospital').addEventListener('change', event => {
  state.hospital = event.target.value;
  connectFunnel();
});

// ---- search and timeline ----
const STATUS = {
  BOOKED: 'agendada', CONFIRMED: 'confirmada', CANCELLED_BY_PATIENT: 'anulada por el paciente',
  CANCELLED_BY_HOSPITAL: 'anulada por el hospital', ATTENDED: 'atendida', NO_SHOW: 'no se presentó', UNKNOWN: 'desconocido',
};

$('search').addEventListener('submit', async event => {
  event.preventDefault();
  const query = $('query').value.trim();
  $('results').replaceChildren();
  $('timeline').hidden = true;
  if (!query) return;
  const { ok, body } = await json('/api/appointments?q=' + encodeURIComponent(query));
  if (!ok) return show('search-message', body && body.error ? body.error : 'No se pudo buscar', 'error');
  if (body.appointments.length === 0) {
    return show('search-message', 'No hay citas para "' + query + '" en los días que la consola guarda.', 'error');
  }
  show('search-message', '');
  $('results').replaceChildren(...body.appointments.map(a => el('li', {},
    el('button', { type: 'button', 'data-appointment': a.appointmentId },
      ['Cita ' + a.appointmentId, localTime(a.startsAtLocal), a.hospitalCode, a.specialty, STATUS[a.status]]
        .filter(Boolean).join(' · ')))));
  if (body.appointments.length === 1) openTimeline(body.appointments[0].appointmentId);
});

$('results').addEventListener('click', event => {
  const button = event.target.closest('button[data-appointment]');
  if (button) openTimeline(button.dataset.appointment);
});

async function openTimeline(id) {
  const { ok, body } = await json('/api/appointments/' + encodeURIComponent(id) + '/timeline');
  if (!ok) return show('search-message', body && body.error ? body.error : 'No se pudo leer la cita', 'error');
  const a = body.appointment;
  $('timeline-title').textContent = 'Cita ' + a.appointmentId;
  const rows = [
    ['Fecha', localTime(a.startsAtLocal)], ['Estado', STATUS[a.status] || '—'], ['Hospital', a.hospitalCode || '—'],
    ['Sede', a.siteName || a.siteId || '—'], ['Especialidad', a.specialty || '—'], ['Profesional', a.professional || '—'],
    ['Paciente', (a.patient || '—') + (a.rut ? ' · RUT ' + a.rut : '')], ['Política', a.policyId || '—'],
    ['Confirmar hasta', instant(a.confirmUntil)], ['Anular hasta', instant(a.cancelUntil)],
  ];
  $('timeline-summary').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  $('timeline-dropped').hidden = body.dropped === 0;
  $('timeline-dropped').textContent = body.dropped + ' entradas más antiguas no se guardan.';
  $('timeline-entries').replaceChildren(...body.entries.map(e => el('li', {},
    el('span', { className: 'when', text: (e.estimated ? '≈ ' : '') + instant(e.at) }), ' ',
    el('span', { className: 'topic', text: e.topic }), ' ',
    el('span', { className: 'kind', text: e.kind }),
    el('span', { className: 'text', text: e.summary }))));
  state.appointment = a.appointmentId;
  hidePatient();
  $('patient-data').hidden = !can('operator');
  state.patientId = a.patientId;
  $('erasure').hidden = !(can('operator') && a.patientId);
  $('erase-confirm').hidden = true;
  $('erase-patient').disabled = false;
  show('erase-message', '');
  $('timeline').hidden = false;
}

// ---- erasure (operators): crypto-shredding of the patient's data keys, after a confirmation ----
$('erase-patient').addEventListener('click', () => {
  $('erase-question').textContent = '¿Borrar los datos del paciente ' + state.patientId + ' en la plataforma? '
    + 'Se destruyen sus claves: lo que la plataforma guarda de él no podrá leerse otra vez y no se le enviarán más '
    + 'mensajes. Su ficha en el HIS no cambia. No se puede deshacer.';
  $('erase-confirm').hidden = false;
  $('erase-patient').disabled = true;
});

$('erase-no').addEventListener('click', () => {
  $('erase-confirm').hidden = true;
  $('erase-patient').disabled = false;
});

$('erase-yes').addEventListener('click', async () => {
  $('erase-yes').disabled = true;
  const { ok, body } = await json('/api/patients/' + encodeURIComponent(state.patientId) + '/erasure', { method: 'POST' });
  $('erase-yes').disabled = false;
  $('erase-confirm').hidden = true;
  $('erasure').hidden = ok;
  $('erase-patient').disabled = false;
  show('erase-message', ok ? body.message : (body && body.error) || 'No se pudo borrar', ok ? 'ok' : 'error');
});

// ---- a patient's clear data: asked with a reason, audited, shown once, kept nowhere ----
let hideTimer = null;

function hidePatient() {
  clearTimeout(hideTimer);
  $('patient-clear-fields').replaceChildren();
  $('patient-clear').hidden = true;
  show('patient-message', '');
}

$('patient-data').addEventListener('submit', async event => {
  event.preventDefault();
  hidePatient();
  const reason = $('patient-reason').value.trim();
  const { ok, body } = await json('/api/appointments/' + encodeURIComponent(state.appointment) + '/patient', {
    method: 'POST', cache: 'no-store', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ reason }),
  });
  if (!ok) return show('patient-message', body && body.error ? body.error : 'No se pudieron ver los datos', 'error');
  $('patient-reason').value = '';
  const rows = [['RUT', body.rut], ['Nombre', body.fullName], ['Celular', body.mobilePhone], ['Correo', body.email],
    ['Teléfono fijo', body.landlinePhone]];
  $('patient-clear-fields').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v || '—' })]));
  $('patient-clear').hidden = false;
  show('patient-message', 'Acceso registrado en la auditoría. Los datos se ocultan en un minuto.', 'ok');
  hideTimer = setTimeout(hidePatient, 60000);
});
$('patient-hide').addEventListener('click', hidePatient);

// ---- audit trail ----
const KIND = {
  PATIENT_DATA_VIEW: 'vio datos del paciente', AUDIT_VIEW: 'consultó la auditoría', CHANGE: 'cambio',
  READ: 'lectura', ERASURE: 'borrado de datos',
};

async function loadAudit() {
  const query = new URLSearchParams();
  [['who', 'audit-who'], ['what', 'audit-what'], ['patient', 'audit-patient']].forEach(([name, id]) => {
    if ($(id).value.trim()) query.set(name, $(id).value.trim());
  });
  const { ok, body } = await json('/api/audit?' + query);
  if (!ok) return show('audit-message', body && body.error ? body.error : 'No se pudo leer la auditoría', 'error');
  show('audit-message', body.dropped > 0 ? body.dropped + ' eventos más antiguos no se muestran aquí (siguen en audit.events).' : '');
  const rows = body.events.map(e => el('tr', { 'data-audit': e.eventId },
    el('td', { text: instant(e.at) }), el('td', { text: e.subject || '(sin sesión)' }), el('td', { text: e.role || '—' }),
    el('td', {}, KIND[e.kind] || e.kind, e.method ? el('div', { className: 'hint', text: e.method + ' ' + e.path }) : '',
      e.detail ? el('div', { className: 'hint', text: e.detail }) : ''),
    el('td', { text: [e.patientId ? 'paciente ' + e.patientId : '', e.appointmentId ? 'cita ' + e.appointmentId : '']
      .filter(Boolean).join(' · ') || '—' }),
    el('td', { text: e.reason || '' }), el('td', { text: e.remoteAddress || '—' }),
    el('td', {}, el('span', { className: 'tag' + (e.outcome === 'DENIED' ? '' : ' done'),
      text: (e.outcome === 'DENIED' ? 'Denegado' : 'Permitido') + (e.status ? ' · ' + e.status : '') }))));
  $('audit').tBodies[0].replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: '8', text: 'Sin eventos que coincidan.' }))]));
}

$('audit-search').addEventListener('submit', event => {
  event.preventDefault();
  loadAudit();
});

// ---- dead letters ----
async function loadDeadLetters() {
  const { ok, body } = await json('/api/dead-letters');
  if (!ok) return show('dead-letter-message', 'No se pudo leer la cola de errores', 'error');
  const rows = body.deadLetters.map(d => el('tr', { 'data-dead-letter': d.id },
    el('td', { text: instant(d.failedAt) }),
    el('td', { text: d.service }),
    el('td', {}, el('span', { className: 'topic', text: d.sourceTopic }),
      d.sourcePartition !== null && d.sourcePartition !== undefined ? ' [' + d.sourcePartition + '@' + d.sourceOffset + ']' : '',
      d.sourcePosition ? ' · ' + d.sourcePosition : ''),
    el('td', { text: d.key || '—' }),
    el('td', {}, d.reason, d.hint ? el('div', { className: 'hint', text: d.hint }) : ''),
    el('td', {}, d.replayed ? el('span', { className: 'tag done', text: 'Reenviado' })
      : d.replayable ? el('button', { type: 'button', 'data-replay': d.id, text: 'Reenviar' })
      : el('span', { className: 'tag', text: 'Corregir en origen' }))));
  $('dead-letters').tBodies[0].replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: '6', text: 'Sin registros en la cola de errores.' }))]));
  if (body.dropped > 0) show('dead-letter-message', body.dropped + ' registros más antiguos no se muestran.');
}

$('dead-letters').addEventListener('click', async event => {
  const button = event.target.closest('button[data-replay]');
  if (!button) return;
  button.disabled = true;
  const { ok, body } = await json('/api/dead-letters/' + encodeURIComponent(button.dataset.replay) + '/replay', { method: 'POST' });
  show('dead-letter-message', ok ? body.message : (body && body.error) || 'No se pudo reenviar', ok ? 'ok' : 'error');
  loadDeadLetters();
});
$('refresh-dead-letters').addEventListener('click', loadDeadLetters);

// ---- consumer lag ----
async function loadLag() {
  const { ok, body } = await json('/api/lag');
  if (!ok) return show('lag-message', 'No se pudo leer el retraso', 'error');
  show('lag-message', body.error || '', body.error ? 'error' : null);
  $('lag-read').textContent = body.readAt ? 'Leído ' + instant(body.readAt) : 'Leyendo…';
  const rows = body.groups.map(g => el('tr', { 'data-group': g.group },
    el('td', { text: g.service }), el('td', { text: g.group }), el('td', { text: g.state }),
    el('td', { text: g.members }), el('td', { text: g.lag }),
    el('td', { text: g.topics.map(t => t.topic + ': ' + t.lag).join(' · ') })));
  $('lag').tBodies[0].replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: '6', text: 'Ningún grupo de consumidores lee los temas del catálogo.' }))]));
}

// ---- clock ----
async function loadClock() {
  const { ok, body } = await json('/api/clock');
  if (ok) $('clock-now').textContent = localTime(body.hospitalTime) + ' (' + body.zone + ')';
}

$('clock').addEventListener('click', async event => {
  const button = event.target.closest('button[data-advance]');
  if (!button) return;
  button.disabled = true;
  const { ok, body } = await json('/api/clock/advance?by=' + button.dataset.advance, { method: 'POST' });
  button.disabled = false;
  if (ok) $('clock-now').textContent = localTime(body.hospitalTime) + ' (' + body.zone + ')';
});

// ---- start ----
(async function start() {
  const { ok, body } = await json('/api/console');
  state.info = ok ? body : {};
  if (state.info.zone) {
    dateTime = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'medium', timeZone: state.info.zone });
  }
  if (state.info.clockControl) {
    $('clock').hidden = false;
    loadClock();
    setInterval(loadClock, 30000);
  }
  $('phones-link').hidden = !state.info.sandbox;
  if (can('administrator')) {
    $('audit-link').hidden = false;
    $('auditoria').hidden = false;
    loadAudit();
  }
  connectFunnel();
  loadDeadLetters();
  loadLag();
  setInterval(loadLag, 10000);
  setInterval(loadDeadLetters, 30000);
})();
