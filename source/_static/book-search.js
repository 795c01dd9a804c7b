/* Search results with text around the hit, linked to the section that has it.
 *
 * Sphinx's searchtools.js takes each result's excerpt from the whole [role=main]
 * block, which in sphinx-book-theme begins with the page's table of contents:
 * the excerpt was a run of section titles. This takes it from the article,
 * from the section that holds the search words, and points the result's link
 * at that section. A static file (no inline script), loaded on search.html only.
 */
(function () {
  "use strict";

  function ownText(section) {
    const copy = section.cloneNode(true);
    copy.querySelectorAll("section").forEach((inner) => inner.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function bestSection(article, keywords) {
    let best = null;
    let bestScore = 0;
    for (const section of article.querySelectorAll("section[id]")) {
      const text = ownText(section).toLowerCase();
      const score = keywords.filter((k) => text.includes(k)).length;
      if (score > bestScore) {
        best = section;
        bestScore = score;
      }
    }
    return best;
  }

  function excerpt(text, keywords) {
    const lower = text.toLowerCase();
    const hits = keywords.map((k) => lower.indexOf(k)).filter((i) => i > -1);
    const hit = hits.length ? Math.min(...hits) : 0;
    const start = Math.max(hit - 100, 0);
    const head = start > 0 ? "..." : "";
    const tail = start + 240 < text.length ? "..." : "";
    return head + text.substr(start, 240).trim() + tail;
  }

  function patch() {
    if (typeof Search === "undefined" || Search.bookPatched) return;
    Search.bookPatched = true;
    const original = Search.makeSearchSummary;
    Search.makeSearchSummary = function (htmlString, keywords, anchor) {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      const article = page.querySelector("article.bd-article");
      if (!article) return original.call(Search, htmlString, keywords, anchor);
      article.querySelectorAll(".headerlink, script, style, svg").forEach((el) => el.remove());
      const words = [...keywords].map((k) => k.toLowerCase());
      let section = null;
      if (anchor) section = article.querySelector(`[id="${CSS.escape(anchor.slice(1))}"]`);
      if (!section) section = bestSection(article, words);
      const text = section ? ownText(section) : article.textContent.replace(/\s+/g, " ").trim();
      const summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = excerpt(text, words);
      const top = article.querySelector("section[id]");
      if (!anchor && section && section !== top) {
        // The summary is appended to its result right after this returns.
        queueMicrotask(() => {
          const link = summary.parentElement && summary.parentElement.querySelector("a");
          if (link && !link.hash) link.hash = section.id;
        });
      }
      return summary;
    };
  }

  patch();
  document.addEventListener("DOMContentLoaded", patch);
})();
