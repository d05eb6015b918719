// Comment on selected words: selecting text inside one paragraph of the draft fills the
// comment form (paragraph, quoted words, where they start). Without this script the form
// still works: the quoted words can be typed or pasted.
(function () {
  "use strict";
  function offsetIn(p, range) {
    var before = document.createRange();
    before.selectNodeContents(p);
    before.setEnd(range.startContainer, range.startOffset);
    return Array.from(before.toString()).length; // characters, as the server counts them
  }
  function onSelect() {
    var form = document.getElementById("add-form");
    var sel = window.getSelection();
    if (!form || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var p = node.nodeType === 1 ? node : node.parentElement;
    p = p && p.closest(".para p");
    if (!p) return;
    var para = p.closest(".para");
    var quote = sel.toString().trim();
    if (!quote) return;
    form.elements["paragraph"].value = para.getAttribute("data-number");
    form.elements["quote"].value = quote;
    form.elements["span_start"].value = String(offsetIn(p, range) + (sel.toString().length - sel.toString().trimStart().length));
    var hint = document.getElementById("selection-hint");
    if (hint) hint.hidden = false;
  }
  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", onSelect);
})();
