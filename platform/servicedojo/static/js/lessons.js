// Lessons, glossary and search behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Glossary terms in lessons: show the definition as a tooltip on hover and on keyboard focus.
  function initTermTooltips() {
    if (!window.bootstrap || !window.bootstrap.Tooltip) { return; }  // the title attribute still works
    document.querySelectorAll(".sd-prose a.sd-term[title]").forEach(function (link) {
      window.bootstrap.Tooltip.getOrCreateInstance(link, { placement: "top", trigger: "hover focus" });
    });
  }

  // Table of contents: mark the section being read.
  function initTocHighlight() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".sd-lesson-aside [data-toc-link]"));
    if (!links.length || !("IntersectionObserver" in window)) { return; }
    var byId = {};
    links.forEach(function (link) { byId[decodeURIComponent(link.hash.slice(1))] = link; });
    var headings = Object.keys(byId).map(function (id) { return document.getElementById(id); }).filter(Boolean);
    var visible = {};
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { current = headings[i].id; break; }
      }
      if (!current) { return; }
      links.forEach(function (link) {
        var on = link === byId[current];
        link.classList.toggle("is-current", on);
        if (on) { link.setAttribute("aria-current", "location"); } else { link.removeAttribute("aria-current"); }
      });
    }, { rootMargin: "0px 0px -65% 0px" });
    headings.forEach(function (heading) { observer.observe(heading); });
  }

  // Glossary: filter the entries as the learner types; the form still works without JavaScript.
  function initGlossaryFilter() {
    var input = document.querySelector("[data-glossary-filter]");
    if (!input) { return; }
    var entries = Array.prototype.slice.call(document.querySelectorAll("[data-term-entry]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-letter-group]"));
    var count = document.getElementById("glossary-count");
    var empty = document.querySelector("[data-glossary-empty]");
    var total = count ? count.getAttribute("data-total") : String(entries.length);
    var timer = null;

    function apply() {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      entries.forEach(function (entry) {
        var match = !needle || entry.getAttribute("data-filter-text").indexOf(needle) !== -1;
        entry.hidden = !match;
        if (match) { shown += 1; }
      });
      groups.forEach(function (group) {
        var letter = group.getAttribute("data-letter-group");
        var any = group.querySelector("[data-term-entry]:not([hidden])") !== null;
        group.hidden = !any;
        var link = document.querySelector('[data-letter-link="' + letter + '"]');
        if (link) { link.hidden = !any; }
      });
      if (empty) { empty.classList.toggle("d-none", shown !== 0); }
      if (count) {
        count.textContent = needle ? shown + " of " + total + " terms match." : "Showing all " + total + " terms.";
      }
      var url = new URL(window.location.href);
      if (needle) { url.searchParams.set("q", input.value.trim()); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 120);
    });
    var form = input.form;
    if (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    }
  }

  initTermTooltips();
  initTocHighlight();
  initGlossaryFilter();
})();
