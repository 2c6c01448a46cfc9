// The charts page: figures from /dashboard/api/stats drawn with ECharts (served from its webjar).
(function () {
  'use strict';
  // one colour per rule: eleven rules, so no two share one
  var palette = ['#2f6fdf', '#e0663a', '#2fa37a', '#9b59b6', '#d4a017', '#1aa3b8', '#c0392b', '#7f8c8d', '#8e5a2b', '#e84393', '#34495e', '#6ab04c'];
  var charts = {};
  var daysSelect = document.getElementById('days');

  function chart(id) {
    if (!charts[id]) charts[id] = echarts.init(document.getElementById(id));
    return charts[id];
  }

  function base() {
    return {
      color: palette,
      animation: false,
      textStyle: {fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif', fontSize: 11},
      grid: {left: 12, right: 40, top: 36, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}}
    };
  }

  function perDay(stats) {
    var days = [], rules = [];
    stats.perDay.forEach(function (d) {
      if (days.indexOf(d.day) < 0) days.push(d.day);
      if (rules.indexOf(d.rule) < 0) rules.push(d.rule);
    });
    days.sort();
    var series = rules.map(function (rule) {
      var data = days.map(function (day) {
        var hit = stats.perDay.filter(function (d) { return d.day === day && d.rule === rule; })[0];
        return hit ? hit.alerts : 0;
      });
      return {name: rule, type: 'bar', stack: 'alerts', data: data, barMaxWidth: 28};
    });
    var option = base();
    option.legend = {top: 0, type: 'scroll'};
    option.xAxis = {type: 'category', data: days.map(function (d) { return d.slice(5); })};
    option.yAxis = {type: 'value', minInterval: 1};
    option.series = series;
    chart('chart-per-day').setOption(option, true);
  }

  function falsePositives(stats) {
    var option = base();
    option.tooltip = {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: function (items) {
      var r = stats.perRule[items[0].dataIndex];
      return r.rule + ': ' + r.rate + '% (' + r.falsePositives + ' of ' + r.closed + ' closed)';
    }};
    option.xAxis = {type: 'value', max: 100, axisLabel: {formatter: '{value}%'}};
    option.yAxis = {type: 'category', data: stats.perRule.map(function (r) { return r.rule; })};
    option.series = [{type: 'bar', data: stats.perRule.map(function (r) { return r.rate; }), barMaxWidth: 18,
      itemStyle: {color: '#e0663a'}, label: {show: true, position: 'right', formatter: '{c}%'}}];
    chart('chart-fp').setOption(option, true);
  }

  function openByAge(stats) {
    var option = base();
    option.xAxis = {type: 'category', data: stats.openByAge.map(function (a) { return a.label; })};
    option.yAxis = {type: 'value', minInterval: 1};
    option.series = [{type: 'bar', data: stats.openByAge.map(function (a) { return a.alerts; }), barMaxWidth: 40,
      itemStyle: {color: '#2f6fdf'}, label: {show: true, position: 'top'}}];
    chart('chart-age').setOption(option, true);
  }

  function duration(minutes) {
    if (minutes === null || minutes === undefined) return 'no triage yet';
    if (minutes < 60) return Math.round(minutes) + ' min';
    if (minutes < 48 * 60) return (minutes / 60).toFixed(1) + ' h';
    return (minutes / 1440).toFixed(1) + ' days';
  }

  function figures(stats) {
    document.getElementById('median').textContent = duration(stats.medianToTriageMinutes);
    document.getElementById('open-total').textContent =
      String(stats.openByAge.reduce(function (sum, a) { return sum + a.alerts; }, 0));
    document.getElementById('raised-total').textContent =
      String(stats.perDay.reduce(function (sum, d) { return sum + d.alerts; }, 0)) + ' rule hits';
  }

  function load() {
    fetch('/dashboard/api/stats?days=' + encodeURIComponent(daysSelect.value), {credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok) throw new Error('The bank could not give the figures (HTTP ' + response.status + ').');
        return response.json();
      })
      .then(function (stats) {
        figures(stats);
        perDay(stats);
        falsePositives(stats);
        openByAge(stats);
        document.body.dataset.chartsReady = 'true';
      })
      .catch(function (error) {
        var message = document.getElementById('chart-error');
        message.textContent = error.message;
        message.hidden = false;
      });
  }

  daysSelect.addEventListener('change', load);
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  load();
})();
