// newsdesk: the only script. Filters with a <select> apply as soon as one is chosen.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
