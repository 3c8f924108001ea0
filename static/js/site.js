/* Enhancements only: every page works without this file.
 * - "/" focuses the search box
 * - typeahead of officials and document codes on search inputs
 * - facet lists narrow as you type in their filter box
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function fold(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();
  }

  function typing(target) {
    return target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var box = document.querySelector("input[type=search][name=q]");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  function searchUrl(form, item) {
    var params = new URLSearchParams();
    params.set(item.type === "official" ? "official" : "code", item.value);
    return form.getAttribute("action") + "?" + params.toString();
  }

  function setupTypeahead(input) {
    var form = input.form;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!form || !list) return;
    var items = [], active = -1, timer = null, last = "", controller = null;
    var kinds = { official: "nhân vật", code: "văn bản" };
    if (document.documentElement.lang === "en") kinds = { official: "official", code: "document" };

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      items = []; active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (item) window.location.assign(searchUrl(form, item));
    }

    function render(results) {
      list.textContent = "";
      items = results.slice(0, 8);
      if (!items.length) { close(); return; }
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = (kinds[item.type] || item.type) + " · " + item.count;
        li.appendChild(label);
        li.appendChild(kind);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = input.dataset.autocomplete + "?q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === q) render(data.results || []); })
        .catch(function () { /* offline or aborted: the plain form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function setupFacetFilter(input) {
    var list = document.getElementById(input.dataset.facetFilter);
    if (!list) return;
    input.addEventListener("input", function () {
      var wanted = fold(input.value);
      list.querySelectorAll("li[data-label]").forEach(function (li) {
        // data-also: the label's other spellings (abbreviated or in full).
        var forms = [fold(li.dataset.label)].concat((li.dataset.also || "").split("|"));
        li.hidden = wanted !== "" && !forms.some(function (f) {
          return f && f.indexOf(wanted) !== -1;
        });
      });
    });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(setupTypeahead);
  document.querySelectorAll("input[data-facet-filter]").forEach(setupFacetFilter);
}());
