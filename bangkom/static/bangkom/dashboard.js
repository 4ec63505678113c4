// Draws the page's charts from the JSON it embeds (no inline script, CSP-friendly). A series is
// either {labels, data} (one bar per label) or {labels, datasets: [{label, data}]} (grouped bars).
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const colours = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const series = data[canvas.dataset.chart];
    if (!series || typeof Chart === "undefined") return;
    const datasets = series.datasets
      ? series.datasets.map(function (set, i) {
          return { label: set.label, data: set.data, backgroundColor: colours[i % colours.length] };
        })
      : [{ data: series.data, backgroundColor: colours[0] }];
    new Chart(canvas, {
      type: "bar",
      data: { labels: series.labels, datasets: datasets },
      options: {
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        locale: document.documentElement.lang || "id",
        maintainAspectRatio: false,
        plugins: { legend: { display: Boolean(series.datasets) } },
      },
    });
  });
})();
