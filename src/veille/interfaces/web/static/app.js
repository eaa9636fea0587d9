// Optional keyboard shortcuts; every page works without this file.
//   /        focus the search box
//   j / k    move to the next / previous item (result, quote, figure, highlight)
//   Enter    open the focused item's first link
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function items() {
    var marks = document.querySelectorAll("#article-text .hl-quote[id], #article-text .hl-figure[id]");
    if (marks.length) return Array.prototype.slice.call(marks);
    return Array.prototype.slice.call(document.querySelectorAll("main .item"));
  }
  var current = -1;
  function move(step) {
    var list = items();
    if (!list.length) return;
    if (current >= 0 && list[current]) list[current].classList.remove("kbd-current");
    current = Math.max(0, Math.min(list.length - 1, current + step));
    var el = list[current];
    el.classList.add("kbd-current");
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(document.activeElement)) return;
    if (ev.key === "/") {
      var box = document.getElementById("top-q");
      if (box) { ev.preventDefault(); box.focus(); box.select(); }
    } else if (ev.key === "j") { move(1); }
    else if (ev.key === "k") { move(-1); }
    else if (ev.key === "Enter" && current >= 0) {
      var el = items()[current];
      var link = el && (el.tagName === "A" ? el : el.querySelector("a"));
      if (link && document.activeElement === el) { ev.preventDefault(); link.click(); }
    }
  });
})();
