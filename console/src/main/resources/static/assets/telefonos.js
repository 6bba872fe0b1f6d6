'use strict';
// The patient-phone page: what a demo patient's phone received from the platform (WhatsApp, SMS,
// e-mail, calls), read from the notifier's sandbox; buttons, replies and key presses go to
// response-service as Twilio would send them, signed by the console.

const $ = id => document.getElementById(id);
const state = { patient: null, tab: 'whatsapp', messages: [], sent: [], shown: '', timer: null, info: null };
// Times in the hospital's zone (from /api/console), as the hospital's messages mean them.
let time = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'short' });

function say(text, tone) {
  const node = $('phone-message');
  node.textContent = text || '';
  node.className = 'message' + (tone ? ' ' + tone : '');
}

function post(url, payload) {
  return json(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(payload) });
}

/** Text with its web links made clickable; everything else stays text. */
function linkified(text) {
  const parts = [];
  const pattern = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const match of (text || '').matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    parts.push(el('a', { href: match[0], target: '_blank', rel: 'noopener', text: match[0] }));
    last = match.index + match[0].length;
  }
  parts.push((text || '').slice(last));
  return parts;
}

// ---- patients ----
async function loadPatients(query) {
  const { ok, status, body } = await json('/api/phone/patients' + (query ? '?q=' + encodeURIComponent(query) : ''));
  if (!ok) {
    if (status === 404) {
      $('patient-search').hidden = true;
      $('manual').hidden = false;
    }
    return say(body && body.error ? body.error : 'No se pudo leer los pacientes', 'error');
  }
  $('patients').replaceChildren(...body.patients.map(p => el('li', {},
    el('button', { type: 'button', 'data-patient': p.id, 'aria-pressed': state.patient && state.patient.id === p.id ? 'true' : 'false' },
      el('span', { className: 'who', text: p.name }),
      el('span', { className: 'what', text: [
        'RUT ' + p.rut,
        p.phone ? p.phone : p.phoneProblem,
        p.email || 'sin correo',
        p.upcomingAppointments + (p.upcomingAppointments === 1 ? ' cita próxima' : ' citas próximas'),
        p.waiting ? 'en lista de espera' : null,
      ].filter(Boolean).join(' · ') })))));
  state.patients = body.patients;
}

$('patient-search').addEventListener('submit', event => {
  event.preventDefault();
  loadPatients($('patient-query').value.trim());
});

$('patients').addEventListener('click', event => {
  const button = event.target.closest('button[data-patient]');
  if (!button) return;
  const patient = state.patients.find(p => p.id === button.dataset.patient);
  document.querySelectorAll('#patients button').forEach(b => b.setAttribute('aria-pressed', b === button ? 'true' : 'false'));
  choose({ id: patient.id, name: patient.name, phone: patient.phone, email: patient.email, problem: patient.phoneProblem });
});

$('manual').addEventListener('submit', event => {
  event.preventDefault();
  const phone = $('manual-phone').value.trim();
  const email = $('manual-email').value.trim();
  if (!phone && !email) return say('Escriba un teléfono o un correo', 'error');
  choose({ id: null, name: phone || email, phone: phone || null, email: email || null, problem: null });
});

function choose(patient) {
  state.patient = patient;
  state.messages = [];
  state.sent = [];
  state.shown = '';
  $('owner').textContent = patient.name + (patient.phone ? ' · ' + patient.phone : '') + (patient.problem ? ' · ' + patient.problem : '');
  say('');
  if (window.matchMedia('(max-width: 760px)').matches) document.querySelector('.device').scrollIntoView();
  refresh();
  clearInterval(state.timer);
  state.timer = setInterval(refresh, 2000);
}

// ---- messages ----
async function inbox(address) {
  if (!address) return [];
  const { ok, body } = await json('/api/sandbox/messages?to=' + encodeURIComponent(address));
  if (!ok) {
    say(body && body.error ? body.error : 'El notificador no entregó los mensajes', 'error');
    return [];
  }
  return body;
}

async function refresh() {
  const patient = state.patient;
  if (!patient) return;
  const [phone, mail] = await Promise.all([inbox(patient.phone), inbox(patient.email)]);
  if (patient !== state.patient) return;
  state.messages = phone.concat(mail).sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  render();
}

function render() {
  const counts = { whatsapp: 0, sms: 0, email: 0, voice: 0 };
  state.messages.forEach(m => { counts[m.channel] = (counts[m.channel] || 0) + 1; });
  document.querySelectorAll('[data-count]').forEach(node => { node.textContent = counts[node.dataset.count] || ''; });
  document.querySelectorAll('.tabs button').forEach(b => b.setAttribute('aria-selected', b.dataset.tab === state.tab ? 'true' : 'false'));
  $('compose').hidden = !(state.tab === 'whatsapp' || state.tab === 'sms') || !state.patient || !state.patient.phone;

  const signature = state.tab + JSON.stringify(state.messages.map(m => m.providerMessageId)) + state.sent.length;
  if (signature === state.shown) return;
  state.shown = signature;
  const conversation = $('conversation');
  conversation.className = 'conversation ' + state.tab;
  const items = state.messages.filter(m => m.channel === state.tab).map(m => ({ at: m.receivedAt, message: m }))
    .concat(state.sent.filter(s => s.channel === state.tab).map(s => ({ at: s.at, sent: s })))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (!state.patient) {
    conversation.replaceChildren(el('p', { className: 'empty', text: 'Elija un paciente para ver su teléfono.' }));
  } else if (items.length === 0) {
    conversation.replaceChildren(el('p', { className: 'empty', text: 'Sin mensajes.' }));
  } else {
    conversation.replaceChildren(...items.flatMap(item => item.sent ? [outgoing(item.sent)] : incoming(item.message)));
  }
  conversation.scrollTop = conversation.scrollHeight;
}

function outgoing(sent) {
  return el('div', { className: 'bubble out' }, sent.text, el('span', { className: 'meta', text: time.format(new Date(sent.at)) }));
}

function incoming(message) {
  const meta = el('span', { className: 'meta', text: time.format(new Date(message.receivedAt)) });
  if (message.channel === 'email') {
    const buttons = message.buttons || [];
    const links = message.links || [];
    return [el('article', { className: 'mail', 'data-message': message.providerMessageId },
      el('h3', { text: message.subject || '(sin asunto)' }),
      el('div', { className: 'body' }, linkified(message.text)),
      el('div', { className: 'actions' }, links.map((link, i) => el('a', { href: link, target: '_blank', rel: 'noopener',
        text: buttons[i] ? buttons[i].title : 'Abrir enlace' }))),
      meta)];
  }
  if (message.channel === 'voice') {
    const voiceUrl = (message.links || [])[0];
    return [el('article', { className: 'call', 'data-message': message.providerMessageId },
      el('strong', { text: 'Llamada del hospital' }),
      el('div', { className: 'script', text: message.text }),
      voiceUrl ? el('div', { className: 'keypad' }, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map(d =>
        el('button', { type: 'button', 'data-digit': d, 'data-voice': voiceUrl, text: d }))) : '',
      meta)];
  }
  const bubble = el('div', { className: 'bubble in', 'data-message': message.providerMessageId }, linkified(message.text), meta);
  const buttons = (message.buttons || []).map(b => el('button', { type: 'button', 'data-payload': b.payload,
    'data-title': b.title, 'data-replied': message.providerMessageId, text: b.title }));
  return buttons.length ? [bubble, el('div', { className: 'quick' }, buttons)] : [bubble];
}

async function reply(payload, shownText) {
  say('Enviando…');
  const { ok, body } = await post('/api/phone/replies', Object.assign({ phone: state.patient.phone, channel: state.tab }, payload));
  if (!ok) return say(body && body.error ? body.error : 'No se pudo enviar', 'error');
  // The platform's time (its clock may have been moved ahead), as the hospital's messages carry it.
  state.sent.push({ channel: state.tab, text: shownText, at: body.at });
  say('Respuesta entregada al hospital.', 'ok');
  render();
}

$('conversation').addEventListener('click', async event => {
  const quick = event.target.closest('button[data-payload]');
  if (quick) {
    return reply({ buttonPayload: quick.dataset.payload, buttonText: quick.dataset.title, repliedTo: quick.dataset.replied },
      quick.dataset.title);
  }
  const key = event.target.closest('button[data-digit]');
  if (key) {
    say('Marcando ' + key.dataset.digit + '…');
    const { ok, body } = await post('/api/phone/keypresses', { phone: state.patient.phone, voiceUrl: key.dataset.voice, digits: key.dataset.digit });
    say(ok ? 'Tecla ' + key.dataset.digit + ' recibida por el hospital.' : (body && body.error) || 'No se pudo marcar', ok ? 'ok' : 'error');
  }
});

$('compose').addEventListener('submit', event => {
  event.preventDefault();
  const text = $('compose-text').value.trim();
  if (!text) return;
  $('compose-text').value = '';
  reply({ text }, text);
});

document.querySelector('.tabs').addEventListener('click', event => {
  const tab = event.target.closest('button[data-tab]');
  if (!tab) return;
  state.tab = tab.dataset.tab;
  render();
});

(async function start() {
  const { ok, body } = await json('/api/console');
  state.info = ok ? body : {};
  if (state.info.zone) {
    time = new Intl.DateTimeFormat('es-CL', { dateStyle: 'short', timeStyle: 'short', timeZone: state.info.zone });
  }
  if (!state.info.sandbox) {
    $('unavailable').hidden = false;
    return;
  }
  if (state.info.patients) {
    $('patient-search').hidden = false;
    loadPatients('');
  } else {
    $('manual').hidden = false;
  }
  render();
})();
