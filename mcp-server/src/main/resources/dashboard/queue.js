// The queue page's live updates: /dashboard/events names alerts that are new or changed; this script fetches each one
// as JSON and renders it with textContent only, so nothing an alert contains is ever parsed as HTML.
(function () {
  'use strict';
  var table = document.getElementById('queue');
  var live = document.getElementById('live');
  if (!table || !window.EventSource) {
    return;
  }
  var body = table.tBodies[0];
  var filter = {
    state: table.dataset.state,
    rule: table.dataset.rule,
    minScore: table.dataset.minScore === '' ? null : Number(table.dataset.minScore),
    firstPage: table.dataset.firstPage === 'true'
  };

  function matches(alert) {
    if (filter.state && alert.state !== filter.state) return false;
    if (filter.rule && alert.rules.indexOf(filter.rule) < 0) return false;
    if (filter.minScore !== null && alert.score < filter.minScore) return false;
    return true;
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    if (className) td.className = className;
    if (text instanceof Node) td.appendChild(text); else td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function span(className, text) {
    var s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  function link(alert, text) {
    var a = document.createElement('a');
    a.href = '/dashboard/alerts/' + encodeURIComponent(alert.id);
    a.textContent = text;
    return a;
  }

  function scoreBadge(score) {
    return span('score score-' + (score >= 80 ? 'high' : score >= 50 ? 'mid' : 'low'), String(score));
  }

  function stateChip(state) {
    return span('chip chip-' + state.toLowerCase(), state.replace('_', ' '));
  }

  function render(alert) {
    var row = document.createElement('tr');
    row.id = 'alert-' + alert.id;
    row.className = 'state-' + alert.state.toLowerCase();
    cell(row, link(alert, String(alert.id)));
    cell(row, alert.raised, 'nowrap');
    cell(row, String(alert.customer));
    cell(row, alert.account, 'mono');
    cell(row, link(alert, alert.description));
    cell(row, alert.amount, 'num');
    cell(row, scoreBadge(alert.score), 'num');
    var rules = cell(row, '');
    alert.rules.forEach(function (rule) {
      rules.appendChild(span('rule', rule));
      rules.appendChild(document.createTextNode(' '));
    });
    cell(row, stateChip(alert.state), 'state');
    cell(row, alert.assignee, 'assignee');
    return row;
  }

  function show(alert, isNew) {
    var existing = document.getElementById('alert-' + alert.id);
    if (existing) {
      if (matches(alert)) {
        body.replaceChild(render(alert), existing);
      } else {
        existing.remove();
      }
      return;
    }
    if (!isNew || !filter.firstPage || !matches(alert)) return;
    var row = render(alert);
    row.classList.add('arrived');
    body.insertBefore(row, body.firstChild);
    var empty = document.getElementById('empty');
    if (empty) empty.remove();
  }

  function changed(event) {
    var change = JSON.parse(event.data);
    fetch('/dashboard/api/alerts/' + encodeURIComponent(change.id), {credentials: 'same-origin'})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (alert) { if (alert) show(alert, change.isNew); });
  }

  var events = new EventSource('/dashboard/events');
  events.addEventListener('open', function () { live.textContent = 'live'; live.className = 'live on'; });
  events.addEventListener('error', function () { live.textContent = 'reconnecting…'; live.className = 'live off'; });
  events.addEventListener('alert', changed);
  events.addEventListener('signedout', function () { events.close(); window.location.assign('/dashboard/signin'); });
})();
