// Selects marked data-autosubmit send their form when changed (the language picker, list filters).
// A file of its own: the Content-Security-Policy allows no inline script.
document.addEventListener("change", function (event) {
  const field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) field.form.submit();
});

// Buttons marked data-print open the browser's print dialog (lists of codes, tabulations).
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});

// Buttons marked data-confirm ask before they send their form (withdrawing, deleting).
document.addEventListener("click", function (event) {
  const button = event.target.closest && event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
});
