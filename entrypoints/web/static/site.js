// Progressive enhancement only: every page works without this file.
// "Copy link" buttons stay hidden unless the clipboard can be used.
(function () {
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button.copy-link[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(
        function () { button.textContent = "Copied"; },
        function () { button.textContent = "Copy failed"; }
      );
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });
})();
