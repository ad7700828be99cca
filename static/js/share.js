// Share panel: a copy-link and a print button. Without JavaScript both stay hidden and the
// address is still there to read, select and copy; the browser's own print works as usual.
(function () {
  "use strict";

  function announce(button, message) {
    var panel = button.closest(".share-panel");
    var status = panel && panel.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = message;
    }
  }

  function setUpCopy(button) {
    if (!navigator.clipboard || !window.isSecureContext) {
      return; // Clipboard access needs HTTPS; leave the button hidden rather than broken.
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(
        function () { announce(button, button.getAttribute("data-copied-message")); },
        function () { announce(button, button.getAttribute("data-failed-message")); }
      );
    });
  }

  function setUpPrint(button) {
    if (typeof window.print !== "function") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  document.querySelectorAll("[data-copy-url]").forEach(setUpCopy);
  document.querySelectorAll("[data-print-page]").forEach(setUpPrint);
})();
