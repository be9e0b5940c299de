/* paper.js - the "In phiếu" (print) button of the paper declaration slip. */
(function () {
  "use strict";
  var b = document.getElementById("print");
  if (!b || !window.print) return;
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
})();
