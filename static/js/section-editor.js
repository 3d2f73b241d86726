// The section editor: add, reorder and remove objectives and activities,
// and warn before leaving with unsaved changes. Plain script, served by the
// portal itself (no inline code: the Content-Security-Policy forbids it).
(function () {
  "use strict";
  const form = document.getElementById("section-form");
  if (!form) return;

  let dirty = false;
  const markDirty = () => { dirty = true; };
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  // The rich-text editors are contenteditable areas inside the form.
  form.addEventListener("keydown", (event) => {
    if (event.target.isContentEditable) markDirty();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = form.dataset.unsaved;  // older browsers show this text
  });

  const total = (prefix) => form.querySelector(`#id_${prefix}-TOTAL_FORMS`);

  function addRow(prefix, list) {
    const counter = total(prefix);
    const index = Number(counter.value);
    const html = document.getElementById(`template-${prefix}`).innerHTML.replaceAll("__prefix__", String(index));
    const holder = document.createElement("div");
    holder.innerHTML = html.trim();
    const row = holder.firstElementChild;
    list.appendChild(row);
    counter.value = String(index + 1);
    markDirty();
    // The first field to fill, not the "Remove" checkbox in the row's heading.
    const first = row.querySelector(".fields input:not([type=hidden]), .fields textarea, .fields select");
    if (first) first.focus();
    return row;
  }

  function objectiveCode(objectiveRow) {
    const input = objectiveRow.querySelector("input[name$='-code']");
    return input ? input.value.trim() : "";
  }

  function syncActivities(objectiveRow) {
    const code = objectiveCode(objectiveRow);
    objectiveRow.querySelectorAll("[data-row=act] input[name$='-objective']").forEach((input) => {
      input.value = code;
    });
  }

  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    if (add) {
      event.preventDefault();
      const prefix = add.dataset.add;
      if (prefix === "obj") {
        addRow("obj", form.querySelector("[data-list=obj]"));
      } else {
        const objectiveRow = add.closest("[data-row=obj]");
        addRow("act", objectiveRow.querySelector("[data-list=act]"));
        syncActivities(objectiveRow);
      }
      return;
    }
    const move = event.target.closest("[data-move]");
    if (move) {
      event.preventDefault();
      const row = move.closest("[data-row]");
      const sibling = move.dataset.move === "up" ? row.previousElementSibling : row.nextElementSibling;
      if (sibling && sibling.dataset.row === row.dataset.row) {
        if (move.dataset.move === "up") sibling.before(row); else sibling.after(row);
        move.focus();
        markDirty();
      }
    }
  });

  // Keep the code shown in a row's heading, and its activities' objective, in step.
  form.addEventListener("input", (event) => {
    if (!event.target.matches("input[name$='-code']")) return;
    const row = event.target.closest("[data-row]");
    const echo = row.querySelector("[data-code-echo]");
    if (echo) echo.textContent = event.target.value;
    if (row.dataset.row === "obj") syncActivities(row);
  });

  // Removal is a checkbox, so it can be undone until the save.
  form.addEventListener("change", (event) => {
    if (!event.target.matches("input[name$='-DELETE']")) return;
    event.target.closest("[data-row]").classList.toggle("removed", event.target.checked);
  });

  form.addEventListener("submit", () => {
    // Order is the order on screen; activities belong to the objective they sit under.
    let objectiveOrder = 0;
    let activityOrder = 0;
    form.querySelectorAll("[data-list=obj] > [data-row=obj]").forEach((objectiveRow) => {
      objectiveRow.querySelector("input[name$='-ORDER']").value = String(++objectiveOrder);
      syncActivities(objectiveRow);
      objectiveRow.querySelectorAll("[data-row=act] input[name$='-ORDER']").forEach((input) => {
        input.value = String(++activityOrder);
      });
    });
    dirty = false;
  });
})();
