// The rich-text editor names its toolbar in English and leaves its text boxes unnamed. This names both in the
// page's language: each toolbar button from the labels the page gives (data-editor-labels on the form, keyed by
// the button's data-name), and each text box by its field's label. Run once the editors are built, and again on
// the block-type button, which the editor redraws as the cursor moves.
(function () {
  "use strict";
  const form = document.querySelector("[data-editor-labels]");
  if (!form) {
    return;
  }
  const labels = JSON.parse(form.dataset.editorLabels);
  // The block-type button is a copy of an item's button without its data-name: it is known by its English title.
  const byTitle = { paragraph: "paragraph", "heading 2": "heading2", "heading 3": "heading3" };

  function nameButton(button) {
    const key = button.dataset.name || byTitle[button.title];
    const label = labels[key];
    if (!label) {
      return;
    }
    if (button.classList.contains("prose-menubar__option")) {
      (button.firstElementChild || button).textContent = label;
    } else if (button.title !== label) {
      button.title = label;
      button.setAttribute("aria-label", label);
    }
  }

  function nameAll() {
    form.querySelectorAll(".prose-menubar button").forEach(nameButton);
    form.querySelectorAll(".prose-field").forEach(function (field) {
      const box = field.querySelector('[contenteditable="true"]');
      const label = field.querySelector("label");
      if (box && label) {
        label.id = label.id || label.htmlFor + "-label";
        box.setAttribute("aria-labelledby", label.id);
      }
    });
  }

  function ready() {
    const fields = form.querySelectorAll(".prose-field");
    const built = (field) => field.querySelector('[contenteditable="true"]') && field.querySelector(".prose-menubar button");
    return fields.length && Array.from(fields).every(built);
  }

  function start() {
    nameAll();
    form.querySelectorAll(".prose-menubar__selected").forEach(function (selected) {
      new MutationObserver(() => selected.querySelectorAll("button").forEach(nameButton)).observe(selected, {
        childList: true,
        subtree: true,
      });
    });
  }

  if (ready()) {
    start();
    return;
  }
  const watch = new MutationObserver(function () {
    if (ready()) {
      watch.disconnect();
      start();
    }
  });
  watch.observe(form, { childList: true, subtree: true });
})();
