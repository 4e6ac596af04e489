// Tap or hover a chart: the time and value of the nearest reading, with a mark on it; a tap on a note's line (or in its
// span) shows the note. No framework; without this script the page is the same, less the mark (the notes are listed
// under the chart).
(function () {
  "use strict";
  // A value in the view's unit: °C with °F beside it, a state on or off, anything else in its unit.
  function number(v, unit) { return unit === "°C" || !unit ? v.toFixed(1) + "\u00A0°C" : unit === "%" ? (+v.toFixed(2)) + "%" : (+v.toFixed(2)) + "\u00A0" + unit; }
  function text(v, unit) {
    if (unit === "on/off") return v >= 0.5 ? "on" : "off";
    return unit === "°C" || !unit ? number(v, unit) + " (" + (v * 9 / 5 + 32).toFixed(1) + "\u00A0°F)" : number(v, unit);
  }
  function span(row, unit) {
    if (unit === "on/off") return "on " + Math.round(row[2] * 100) + "% of the time";
    return (unit === "°C" || !unit ? row[1].toFixed(1) + " to " + row[3].toFixed(1) + "\u00A0°C" : number(row[1], unit) + " to " + number(row[3], unit)) + ", mean " + text(row[2], unit);
  }
  function nearest(rows, t) {
    var lo = 0, hi = rows.length - 1;
    while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (rows[mid][0] < t) lo = mid; else hi = mid; }
    return Math.abs(rows[lo][0] - t) <= Math.abs(rows[hi][0] - t) ? rows[lo] : rows[hi];
  }
  function setUp(box, data) {
    var img = box.querySelector("img"), out = box.querySelector(".tapped");
    var rows = data.bands || data.readings || [];
    if (!img || !out || rows.length === 0) return;
    var daily = data.bands && rows.length > 1 && rows[1][0] - rows[0][0] >= 86400;
    var time = new Intl.DateTimeFormat("en-GB", { timeZone: data.timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false });
    var clock = new Intl.DateTimeFormat("en-GB", { timeZone: data.timeZone, hour: "2-digit", minute: "2-digit", hour12: false });
    var date = new Intl.DateTimeFormat("en-GB", { timeZone: data.timeZone, weekday: "short", day: "numeric", month: "short" });
    // The note whose line is within slack seconds of t, or whose span holds t (the nearest line first).
    function noteAt(t, slack) {
      var best = null, gap = slack;
      (data.notes || []).forEach(function (n) {
        var d = Math.abs(n.timestamp - t);
        if (d <= gap) { best = n; gap = d; }
      });
      return best || (data.notes || []).filter(function (n) { return n.end && n.timestamp <= t && t <= n.end; })[0] || null;
    }
    var mark = document.createElement("span");
    mark.className = "mark"; mark.hidden = true; box.appendChild(mark);
    function show(event) {
      var narrow = data.charts.narrow && img.currentSrc && img.currentSrc.indexOf("-narrow.png") >= 0;
      var chart = narrow ? data.charts.narrow : data.charts.wide;
      var rect = img.getBoundingClientRect(), k = rect.width / chart.width;
      var p = chart.plot, x = (event.clientX - rect.left) / k;
      if (x < p[0] - 10 || x > p[2] + 10) return;
      var t = data.start + (Math.min(Math.max(x, p[0]), p[2]) - p[0]) / (p[2] - p[0]) * (data.end - data.start);
      var note = noteAt(t, 14 / k / (p[2] - p[0]) * (data.end - data.start));
      if (note && event.type === "pointerdown") {
        out.textContent = note.number + ". " + (note.end ? clock.format(new Date(note.timestamp * 1000)) + "\u2013" + clock.format(new Date(note.end * 1000)) : time.format(new Date(note.timestamp * 1000))) + ": " + note.text;
        out.hidden = false; mark.hidden = true;
        return;
      }
      var row = nearest(rows, t);
      var value = data.bands ? row[2] : row[1];
      var when = new Date(row[0] * 1000);
      out.textContent = data.bands
        ? (daily ? date.format(when) : time.format(when) + "\u2013" + clock.format(new Date((row[0] + 3600) * 1000))) + ": "
          + span(row, data.unit)
        : time.format(when) + ": " + text(value, data.unit);
      out.hidden = false;
      var mx = p[0] + (row[0] - data.start) / (data.end - data.start) * (p[2] - p[0]);
      var my = p[3] - (value - chart.celsius[0]) / (chart.celsius[1] - chart.celsius[0]) * (p[3] - p[1]);
      mark.style.left = (img.offsetLeft + mx * k) + "px";
      mark.style.top = (img.offsetTop + my * k) + "px";
      mark.hidden = false;
    }
    img.addEventListener("pointerdown", show);
    img.addEventListener("pointermove", show);
  }
  // The note form's token, given once and kept on this phone: filled in and its field hidden the next time.
  Array.prototype.forEach.call(document.querySelectorAll("form.note-form"), function (form) {
    var field = form.querySelector("input[name=token]"), kept = null;
    try { kept = window.localStorage.getItem("datalogger-token"); } catch (e) { }
    if (field && kept) { field.value = kept; field.closest("label").hidden = true; }
    form.addEventListener("submit", function () {
      try { if (field && field.value) window.localStorage.setItem("datalogger-token", field.value); } catch (e) { }
    });
  });
  var boxes = document.querySelectorAll(".chart[data-view]");
  Array.prototype.forEach.call(boxes, function (box) {
    fetch(box.getAttribute("data-view"), { cache: "no-cache" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) setUp(box, data); })
      .catch(function () { });
  });
})();
