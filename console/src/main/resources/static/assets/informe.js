'use strict';
// The printable monthly report: the month's key figures with their definitions, then every table
// week by week. Print it (or save it as PDF) from the browser.

(function () {
  const { format, load, renderTable, table } = window.Outcomes;
  const form = document.getElementById('month-form');
  const MONTHS = new Intl.DateTimeFormat('es-CL', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  /** The figures a director reads first: each with its table's column definition. */
  const KEY_FIGURES = [
    ['reach', 'appointments'], ['reach', 'deliveredShare'], ['reach', 'noContactableChannelShare'],
    ['answers', 'confirmedShare'], ['answers', 'cancelledByPatientShare'], ['answers', 'medianHoursReminderToAnswer'],
    ['attendance', 'noShowRate'], ['attendance', 'confirmedNoShowRate'], ['attendance', 'neverReachedNoShowRate'],
    ['slots', 'refilled'], ['slots', 'medianHoursToRefill'], ['slots', 'professionalHoursRecovered'],
  ];

  function monthRange(month) {
    const [year, number] = month.split('-').map(Number);
    const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
    return { from: month + '-01', to: month + '-' + String(last).padStart(2, '0') };
  }

  async function show() {
    const chosen = Object.fromEntries(new FormData(form).entries());
    const range = monthRange(chosen.month);
    const message = document.getElementById('message');
    try {
      const [month, weeks] = await Promise.all([
        load(Object.assign({ period: 'month', hospital: chosen.hospital }, range)),
        load(Object.assign({ period: 'week', hospital: chosen.hospital }, range))]);
      message.textContent = '';
      const [year, number] = chosen.month.split('-').map(Number);
      document.getElementById('report-title').textContent = 'Informe de ' + MONTHS.format(new Date(Date.UTC(year, number - 1, 1)))
        + (chosen.hospital ? ' · ' + chosen.hospital : ' · todos los hospitales');
      document.getElementById('figures').replaceChildren(...KEY_FIGURES.map(([id, key]) => {
        const t = table(month, id);
        const column = t.columns.find(c => c.key === key);
        const value = t.rows.length ? t.rows[0][key] : null;
        return el('div', { className: 'figure', 'data-figure': id + '.' + key },
          el('strong', null, format(key, value)), column.label, el('span', { className: 'definition' }, ' · ' + column.definition));
      }));
      document.getElementById('weeks').replaceChildren(...weeks.tables.map(t => renderTable(t,
        Object.assign({ period: 'week', hospital: chosen.hospital }, range))));
      document.body.dataset.loaded = String(Date.now());
    } catch (e) {
      message.textContent = e.message;
      message.className = 'message error';
    }
  }

  const params = new URLSearchParams(location.search);
  form.month.value = params.get('month') || new Date().toISOString().slice(0, 7);
  form.hospital.value = params.get('hospital') || '';
  form.addEventListener('submit', event => {
    event.preventDefault();
    history.replaceState(null, '', '?' + new URLSearchParams(new FormData(form)).toString());
    show();
  });
  document.getElementById('print').addEventListener('click', () => window.print());
  show();
})();
