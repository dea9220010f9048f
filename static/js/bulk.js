// Bulk approval (issue 11): the header box selects every listed post.
(function () {
  "use strict";
  var all = document.getElementById("bulk-all");
  if (all) all.addEventListener("change", function () {
    document.querySelectorAll("input[name=posts]").forEach(function (b) { b.checked = all.checked; });
  });
})();
