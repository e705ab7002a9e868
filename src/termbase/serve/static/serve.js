// termbase serve: search as you type. The page works without this file (the form submits);
// with it, results follow the typing. Data goes into the page as text, never as HTML.
"use strict";
(function () {
  const input = document.getElementById("q");
  const list = document.getElementById("results");
  const count = document.getElementById("result-count");
  const form = document.getElementById("search-form");
  if (!input || !list || !form) return;
  let timer = null;
  let asked = 0;

  function term(text, status) {
    const node = document.createElement(status === "deprecated" ? "del" : "span");
    if (status === "deprecated") node.title = "deprecated";
    node.textContent = text;
    return node;
  }

  function render(results) {
    list.replaceChildren();
    for (const result of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/concept/" + encodeURIComponent(result.concept);
      link.textContent = result.concept;
      const match = document.createElement("span");
      match.className = "match";
      match.textContent = result.match + " " + result.score;
      item.append(link, " ", match, " " + result.matched.lang + " ",
                  term(result.matched.term, result.matched.status));
      if (result.matched.use_instead) {
        const use = document.createElement("span");
        use.className = "use";
        use.textContent = " use «" + result.matched.use_instead.join("», «") + "»";
        item.append(use);
      }
      const terms = document.createElement("div");
      terms.className = "terms";
      for (const [lang, shown] of Object.entries(result.languages)) {
        if (terms.childNodes.length) terms.append("; ");
        terms.append(lang + ": ");
        shown.forEach((t, i) => {
          if (i) terms.append(", ");
          terms.append(term(t.term, t.status));
        });
      }
      item.append(terms);
      list.append(item);
    }
    count.textContent = results.length
      ? results.length + (results.length === 1 ? " concept" : " concepts") : "no match";
  }

  async function search() {
    const q = input.value.trim();
    const number = ++asked;
    if (!q) { list.replaceChildren(); count.textContent = ""; return; }
    const params = new URLSearchParams({ q: q });
    if (form.elements.fuzzy && form.elements.fuzzy.checked) params.set("fuzzy", "true");
    history.replaceState(null, "", "/?" + params.toString());
    try {
      const response = await fetch("/api/v1/lookup?" + params.toString());
      const answer = await response.json();
      if (number !== asked) return;  // a later keystroke's answer wins
      if (!response.ok) { list.replaceChildren(); count.textContent = answer.error; return; }
      render(answer);
    } catch (error) {
      count.textContent = "search failed: " + error;
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  if (form.elements.fuzzy) form.elements.fuzzy.addEventListener("change", search);
})();
