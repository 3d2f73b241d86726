// The plan's rows, one at a time. htmx opens a row's form in place of the row and puts the saved row back;
// this script keeps one row open at a time (asking before closing one with changes not saved), moves the
// focus where the person's eyes go (the form's first field, the error summary, the row just saved), closes a
// row with Escape, and makes the partner list filter as one types and name the organisations chosen.
// Without JavaScript every link and button here is a plain link or form, and works on its own page.
(function () {
  "use strict";
  const changed = new WeakSet();  // row forms with changes not saved
  let lastOpener = null;  // the link or button that opened or moved a row: the focus goes back to it

  document.addEventListener("input", (event) => {
    if (event.target.matches("[data-filter]")) return;  // the partner list's filter box is not the row's data
    const form = event.target.closest("[data-row-form]");
    if (form) changed.add(form);
  });
  window.addEventListener("beforeunload", (event) => {
    const form = document.querySelector("[data-row-form]");
    if (form && changed.has(form)) {
      event.preventDefault();
      event.returnValue = form.dataset.unsaved;
    }
  });

  // Close an open row form: a new activity's form simply goes; any other is replaced by the row it edits.
  function close(form) {
    const cancel = form.querySelector("[data-cancel-row]");
    const row = form.closest("tr");
    const newObjective = form.closest("#objective-new");
    if ((row && row.id === "activity-new") || newObjective) {
      if (newObjective) newObjective.textContent = ""; else row.remove();
      return Promise.resolve();
    }
    if (!cancel || !window.htmx) return Promise.resolve();
    const target = row || document.getElementById("logframe");
    return window.htmx.ajax("GET", cancel.dataset.cancelUrl, { target, swap: "outerHTML" });
  }

  function mayClose(form) {
    return !changed.has(form) || window.confirm(form.dataset.unsaved);
  }

  // The rows' links and buttons, done in place. Each is a plain link, or a button of the page's #row-actions
  // form, that works without this script too.
  function token() {
    const field = document.querySelector("#row-actions [name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, values) {
    return window.htmx.ajax("POST", url, {
      target: "#logframe", swap: "outerHTML", values, headers: { "X-CSRFToken": token() },
    });
  }

  function open(link) {
    const row = link.closest("tr");
    const target = link.dataset.target ? document.querySelector(link.dataset.target) : row;
    lastOpener = link.id || null;
    return window.htmx.ajax("GET", link.getAttribute("href"), {
      target, swap: link.dataset.swap || "outerHTML",
    });
  }

  // One row at a time: opening another closes the open one first (asking if it has changes), then opens it.
  document.addEventListener("click", (event) => {
    if (!window.htmx || event.defaultPrevented || event.button > 0 || event.ctrlKey || event.metaKey) return;
    const opener = event.target.closest("[data-open-row]");
    const move = event.target.closest("[data-row-move]");
    const remove = event.target.closest("[data-row-remove]");
    if (!opener && !move && !remove) return;
    event.preventDefault();
    const logframe = document.getElementById("logframe");
    // A move or removal draws the whole table again: a row open with changes would go with it unasked.
    const editing = document.querySelector("#logframe [data-row-form]");
    if ((move || remove) && editing && !(remove && editing.contains(remove)) && !mayClose(editing)) return;
    if (move) {
      lastOpener = move.id || null;
      post(move.dataset.url || move.getAttribute("formaction"), { direction: move.value });
      return;
    }
    if (remove) {
      const question = remove.hasAttribute("data-objective")
        ? logframe.dataset.confirmObjective : logframe.dataset.confirmActivity;
      if (!window.confirm(question.replace("%(code)s", remove.dataset.rowRemove))) return;
      const values = remove.dataset.version ? { version: remove.dataset.version } : {};
      post(remove.getAttribute("href"), values);
      return;
    }
    const openForm = document.querySelector("[data-row-form]");
    if (!openForm) {
      open(opener);
      return;
    }
    if (!mayClose(openForm)) return;
    const id = opener.id;
    close(openForm).then(() => {
      const again = id ? document.getElementById(id) : null;
      if (again && !document.querySelector("[data-row-form]")) open(again);
    });
  });

  // Cancel and Escape: ask first when the row has changes.
  document.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-cancel-row]");
    if (!cancel) return;
    const form = cancel.closest("[data-row-form]");
    event.preventDefault();
    if (form && mayClose(form)) close(form).then(() => focusAfter());
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const form = event.target.closest && event.target.closest("[data-row-form]");
    if (form && mayClose(form)) {
      event.preventDefault();
      close(form).then(() => focusAfter());
    }
  });

  // Where the focus goes after a swap.

  function focusAfter() {
    if (lastOpener) {
      const opener = document.getElementById(lastOpener);
      if (opener) opener.focus();
    }
  }

  document.addEventListener("htmx:afterSettle", (event) => {
    const target = event.detail.elt;
    if (!target || !target.isConnected) return;
    const form = target.matches("[data-row-form]") ? target : target.querySelector("[data-row-form]");
    if (form) {
      const summary = form.querySelector("[data-error-summary]");
      const conflict = form.querySelector(".conflict");
      // Sent back refused or in conflict: it holds what the person typed, still not saved.
      if (summary || conflict) changed.add(form);
      const first = form.querySelector("input:not([type=hidden]), textarea, select");
      (summary || conflict || first || form).focus();
      if (summary || conflict) (summary || conflict).scrollIntoView({ block: "nearest" });
      return;
    }
    const logframe = document.getElementById("logframe");
    if (target === logframe || target.id === "logframe") {
      const wanted = logframe.dataset.focus || "";
      const element = wanted && (document.getElementById(`edit-${wanted}`)
        || document.getElementById(`${wanted}-edit`) || document.getElementById(wanted));
      // Nowhere named (a refusal, or what had the focus is gone): the status line, which says what happened.
      (element || document.getElementById("rows-status")).focus();
      return;
    }
    if (target.matches && target.matches("tr.activity")) {
      const edit = target.querySelector("a[id^=edit-activity-]");
      if (edit) edit.focus();
    }
  });

  // The partner list: a box that filters it as one types, and the organisations chosen named above it.
  function picker(root) {
    const filter = root.querySelector("[data-filter]");
    const label = root.querySelector("[data-filter-label]");
    const chosen = root.querySelector("[data-chosen]");
    const none = root.querySelector("[data-no-match]");
    const choices = [...root.querySelectorAll(".choice")];
    if (label) label.hidden = false;

    function name(choice) {
      return choice.querySelector("span").textContent.trim();
    }

    function sayChosen() {
      const names = choices.filter((choice) => choice.querySelector("input").checked).map(name);
      chosen.textContent = "";
      chosen.append(document.createTextNode(`${chosen.dataset.prefix} `));
      if (!names.length) chosen.append(document.createTextNode(chosen.dataset.none));
      for (const text of names) {
        const chip = document.createElement("span");
        chip.className = "chip";
        chip.textContent = text;
        chosen.append(chip, document.createTextNode(" "));
      }
    }

    if (filter) {
      filter.addEventListener("input", () => {
        const wanted = filter.value.trim().toLocaleLowerCase();
        let shown = 0;
        for (const choice of choices) {
          const match = !wanted || name(choice).toLocaleLowerCase().includes(wanted);
          choice.hidden = !match;
          if (match) shown += 1;
        }
        if (none) none.hidden = shown > 0;
      });
      // Enter in the filter must not send the form.
      filter.addEventListener("keydown", (event) => {
        if (event.key === "Enter") event.preventDefault();
      });
    }
    root.addEventListener("change", sayChosen);
    sayChosen();
  }

  // A row that could not reach the server (offline, or the server failing): the form stays as typed, and the
  // status line says so in the page's language.
  function trouble(kind) {
    const status = document.getElementById("rows-status");
    if (!status) return;
    const message = document.createElement("p");
    message.className = "message message-error";
    message.setAttribute("role", "alert");
    message.textContent = status.dataset[kind];
    status.replaceChildren(message);
  }
  document.addEventListener("htmx:sendError", () => trouble("offline"));
  // Sent to the sign-in page (the session ended): that page must not take the row's place.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname.startsWith("/accounts/login/")) {
      event.detail.shouldSwap = false;
      trouble("signedOut");
    }
  });
  document.addEventListener("htmx:responseError", (event) => {
    const code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (code === 403) trouble("forbidden");
    else if (code >= 500 || code === 0) trouble("failed");
  });

  // On a phone the table's rows are shown as cards, each value under its column's name (portal.css): the
  // names are the table's own headings, given to each cell here rather than repeated in the page's markup.
  function label(root) {
    const tables = root.matches && root.matches(".logframe-table") ? [root] : root.querySelectorAll(".logframe-table");
    tables.forEach((table) => {
      const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
      table.querySelectorAll("tbody tr.activity").forEach((row) => {
        [...row.children].forEach((cell, index) => {
          if (names[index] && !cell.classList.contains("row-tools")) cell.dataset.label = names[index];
        });
      });
    });
  }

  // Each activity's arrows, which move it in place. The page does not repeat them in every row: without the
  // script, a row is moved from its own page.
  function arrows(root) {
    const logframe = document.getElementById("logframe");
    if (!logframe || !logframe.dataset.moveUrl) return;
    const rows = root.matches && root.matches("tr.activity") ? [root] : root.querySelectorAll("tr.activity");
    rows.forEach((row) => {
      const cell = row.querySelector(".row-tools");
      if (!cell || cell.querySelector("[data-row-move]")) return;
      const pk = row.id.replace("activity-", "");
      const url = logframe.dataset.moveUrl.replace("/0/", `/${pk}/`);
      for (const direction of ["up", "down"]) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "tool";
        button.id = `move-${direction}-${pk}`;
        button.value = direction;
        button.dataset.rowMove = "";
        button.dataset.url = url;
        button.setAttribute("aria-labelledby", `label-move-${direction} code-${pk}`);
        button.textContent = direction === "up" ? "↑" : "↓";
        cell.append(button);
      }
    });
  }

  function upgrade(root) {
    label(root.closest ? (root.closest(".logframe-table") || root) : root);
    arrows(root);
    root.querySelectorAll("[data-partner-picker]").forEach((element) => {
      if (element.dataset.ready) return;
      element.dataset.ready = "1";
      picker(element);
    });
  }
  upgrade(document);
  document.addEventListener("htmx:load", (event) => upgrade(event.detail.elt));
})();
