// Draws the dashboard charts from the JSON the page embeds (no inline script, CSP-friendly).
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const series = data[canvas.dataset.chart];
    if (!series || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: series.labels, datasets: [{ data: series.data, backgroundColor: "#0d6efd" }] },
      options: {
        indexAxis: canvas.dataset.horizontal ? "y" : "x",
        locale: document.documentElement.lang || "id",
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
      },
    });
  });
})();
