'use strict';
// Outcomes: what the platform changed, per week or month, from GET /api/outcomes. The tables carry
// each column's definition; the charts (Chart.js, served by the console) are drawn from the same
// JSON. The monthly report (informe.html) reuses the helpers of window.Outcomes.

(function () {
  const NUMBER = new Intl.NumberFormat('es-CL', { maximumFractionDigits: 1 });
  const PERCENT = new Intl.NumberFormat('es-CL', { style: 'percent', maximumFractionDigits: 1 });
  const KINDS = { NEW_CONSULTATION: 'Consulta nueva', CONTROL: 'Control', PROCEDURE: 'Procedimiento', OTHER: 'Otro' };
  const CHANNELS = { WHATSAPP: 'WhatsApp', SMS: 'SMS', EMAIL: 'Correo', VOICE: 'Voz' };
  const COLORS = ['#14508c', '#1d6b33', '#a22b2b', '#9a5b00', '#6b4c9a'];

  /** Shares (keys ending in Share or Rate) as percentages; other numbers in es-CL; null as a dash. */
  function format(key, value) {
    if (value === null || value === undefined) return '—';
    if (typeof value !== 'number') return CHANNELS[value] || String(value);
    if (/(Share|Rate)$/.test(key)) return PERCENT.format(value);
    return NUMBER.format(value);
  }

  function query(params) {
    const search = new URLSearchParams();
    Object.entries(params).forEach(([name, value]) => value && search.set(name, value));
    return search.toString();
  }

  async function load(params) {
    const response = await fetch('/api/outcomes?' + query(params), { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || 'No se pudieron leer los resultados (' + response.status + ')');
    return body;
  }

  /** One table with its title, its definition, a CSV link and every column's definition beside it. */
  function renderTable(table, params) {
    const head = el('tr', null, table.columns.map(c => el('th', {
      className: c.key === 'period' || c.key === 'channel' || c.key === 'step' ? null : 'number',
      title: c.definition, scope: 'col' }, c.label)));
    const rows = table.rows.length === 0
      ? [el('tr', null, el('td', { colspan: table.columns.length }, 'Sin datos para lo elegido.'))]
      : table.rows.map(row => el('tr', null, table.columns.map(c => el('td', {
        className: typeof row[c.key] === 'number' ? 'number' : null, 'data-key': c.key }, format(c.key, row[c.key])))));
    const csv = '/api/outcomes.csv?' + query(Object.assign({}, params, { table: table.id }));
    return el('article', { className: 'outcome-table', id: 'table-' + table.id, 'data-table': table.id },
      el('div', { className: 'table-head' },
        el('h3', null, table.title),
        el('a', { href: csv, download: 'resultados-' + table.id + '-' + (params.period || 'week') + '.csv',
          className: 'csv no-print' }, 'Descargar CSV')),
      el('p', { className: 'hint' }, table.definition),
      el('div', { className: 'table-scroll' }, el('table', null, el('thead', null, head), el('tbody', null, rows))),
      el('dl', { className: 'definitions' }, table.columns.map(c => [el('dt', null, c.label), el('dd', null, c.definition)])));
  }

  /**
   * Saves the CSV behind a link: fetched by the page (with its session or token), so that an error is
   * shown as such instead of being saved as a file.
   */
  async function download(event) {
    const link = event.target.closest('a.csv');
    if (!link) return;
    event.preventDefault();
    const message = document.getElementById('message');
    const response = await fetch(link.href);
    if (!response.ok) {
      message.textContent = 'No se pudo descargar: ' + await response.text();
      message.className = 'message error';
      return;
    }
    const file = URL.createObjectURL(await response.blob());
    const save = el('a', { href: file, download: link.getAttribute('download') });
    document.body.append(save);
    save.click();
    save.remove();
    setTimeout(() => URL.revokeObjectURL(file), 10000);
  }

  function table(report, id) {
    return report.tables.find(t => t.id === id);
  }

  function sum(rows, key) {
    return rows.reduce((total, row) => total + (typeof row[key] === 'number' ? row[key] : 0), 0);
  }

  /** The funnel over everything chosen: appointments, notified, delivered, confirmed, attended. */
  function funnel(report) {
    const reach = table(report, 'reach').rows;
    return [
      ['Citas', sum(reach, 'appointments')],
      ['Notificadas', sum(reach, 'notified')],
      ['Entregadas', sum(reach, 'delivered')],
      ['Confirmadas', sum(table(report, 'answers').rows, 'confirmed')],
      ['Atendidas', sum(table(report, 'attendance').rows, 'attended')],
    ];
  }

  window.Outcomes = { format, query, load, renderTable, table, sum, funnel, KINDS };
  document.addEventListener('click', download);

  const form = document.getElementById('filters');
  if (!form) return;

  const charts = {};

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    charts[id] = new Chart(document.getElementById(id), config);
  }

  function percentAxis() {
    return { min: 0, max: 1, ticks: { callback: value => PERCENT.format(value) } };
  }

  function drawCharts(report) {
    const reach = table(report, 'reach').rows;
    const answers = table(report, 'answers').rows;
    const attendance = table(report, 'attendance').rows;
    draw('chart-trend', {
      type: 'line',
      data: {
        labels: reach.map(r => r.period),
        datasets: [
          { label: '% entregadas', data: reach.map(r => r.deliveredShare), borderColor: COLORS[0], spanGaps: true },
          { label: '% confirmadas', data: answers.map(r => r.confirmedShare), borderColor: COLORS[1], spanGaps: true },
          { label: 'Tasa de inasistencia', data: attendance.map(r => r.noShowRate), borderColor: COLORS[2], spanGaps: true },
        ],
      },
      options: { scales: { y: percentAxis() } },
    });
    const channels = table(report, 'reachByChannel').rows;
    const names = Object.keys(CHANNELS);
    draw('chart-channels', {
      type: 'doughnut',
      data: {
        labels: names.map(c => CHANNELS[c]),
        datasets: [{ label: 'Notificadas', data: names.map(c => sum(channels.filter(r => r.channel === c), 'notified')),
          backgroundColor: COLORS }],
      },
    });
    const steps = funnel(report);
    draw('chart-funnel', {
      type: 'bar',
      data: { labels: steps.map(s => s[0]),
        datasets: [{ label: 'Citas', data: steps.map(s => s[1]), backgroundColor: COLORS[0] }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false } } },
    });
    const rate = group => {
      const total = sum(attendance, group + 'Recorded');
      return total === 0 ? null : Math.round(sum(attendance, group + 'NoShow') / total * 1000) / 1000;
    };
    draw('chart-attendance', {
      type: 'bar',
      data: { labels: ['Confirmadas', 'Contactadas sin confirmar', 'Nunca contactadas'],
        datasets: [{ label: 'Tasa de inasistencia', data: [rate('confirmed'), rate('reachedNotConfirmed'), rate('neverReached')],
          backgroundColor: [COLORS[1], COLORS[3], COLORS[2]] }] },
      options: { scales: { y: percentAxis() }, plugins: { legend: { display: false } } },
    });
  }

  function fillSelect(select, values, label) {
    const chosen = select.value;
    const first = select.options[0];
    select.replaceChildren(first, ...values.map(v => el('option', { value: v.value }, label(v))));
    select.value = values.some(v => v.value === chosen) ? chosen : '';
  }

  function params() {
    return Object.fromEntries(new FormData(form).entries());
  }

  async function refresh() {
    const state = document.getElementById('state');
    const message = document.getElementById('message');
    const chosen = params();
    try {
      const report = await load(chosen);
      message.textContent = '';
      message.className = 'message';
      const d = report.dimensions;
      fillSelect(form.hospital, d.hospitals.map(h => ({ value: h })), v => v.value);
      fillSelect(form.specialty, d.specialties.map(s => ({ value: s })), v => v.value);
      fillSelect(form.site, d.sites.map(s => ({ value: s.id, name: s.name })), v => v.name);
      fillSelect(form.type, d.kinds.map(k => ({ value: k })), v => KINDS[v.value] || v.value);
      document.getElementById('tables').replaceChildren(...report.tables.map(t => renderTable(t, chosen)));
      drawCharts(report);
      const month = (chosen.from || new Date().toISOString()).slice(0, 7);
      document.getElementById('report-link').href = '/informe.html?' + query({ month, hospital: chosen.hospital });
      state.dataset.state = report.caughtUp ? 'live' : 'catching-up';
      state.textContent = report.caughtUp ? 'Al día' : 'Leyendo historial…';
      document.body.dataset.loaded = String(Date.now());
    } catch (e) {
      message.textContent = e.message;
      message.className = 'message error';
      state.dataset.state = 'lost';
      state.textContent = 'Error';
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    refresh();
  });
  window.outcomeCharts = charts;
  refresh();
})();
