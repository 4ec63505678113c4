// The API's documentation (Swagger UI, served by Bangkom itself: no CDN, no inline script for the CSP).
(function () {
  var element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: element.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: false,
  });
})();
