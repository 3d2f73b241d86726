// The section editor's texts: say whether they are saved (the bar at the bottom), warn before leaving with
// changes not saved, and keep what is typed on the server as it is typed (autosave, below). The plan's rows
// are saved one at a time (row-editor.js). Plain script, served by the portal itself (no inline code: the
// Content-Security-Policy forbids it).
(function () {
  "use strict";
  const form = document.getElementById("section-form");
  if (!form) return;
  const saveState = document.getElementById("save-state");

  // The state shown in the bar: saved, unsaved, saving, offline or conflict, in the page's language.
  function show(state) {
    if (!saveState) return;
    saveState.dataset.state = state;
    saveState.textContent = saveState.dataset[state];
  }
  const conflict = saveState && saveState.dataset.state === "conflict";

  let dirty = false;
  const markDirty = () => {
    dirty = true;
    if (!conflict) show(navigator.onLine === false ? "offline" : "unsaved");
  };
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
  window.addEventListener("offline", () => { if (dirty) show("offline"); });
  window.addEventListener("online", () => { if (dirty) show(conflict ? "conflict" : "unsaved"); });

  form.addEventListener("submit", () => {
    dirty = false;
    show("saving");
  });

  autosave(form, () => {});
})();

// Autosave: while the person types, the whole form is sent to their working copy on the server (3 s after the
// last keystroke, at least every 10 s while they keep typing, and when the page is hidden or closed). When the
// connection is down the form is kept in this browser (localStorage) and sent when it returns, so that a
// closed tab, a crash or a dropped connection loses nothing. The texts shown come from the page's data-
// attributes, in the page's language.
function autosave(form, numberRows) {
  "use strict";
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById("autosave-status");
  if (!url || !status) return;
  const key = form.dataset.autosaveKey;
  const QUIET = 3000;
  const MOST = 10000;
  const RETRY = 10000;
  // Browsers refuse a keepalive request (and a beacon) above 64 kB: a larger form is kept in this browser.
  const KEEPALIVE_LIMIT = 60000;

  let changed = false;       // typed since the last send
  let burstStart = 0;        // when the first keystroke not yet sent was typed
  let timer = null;
  let retry = null;
  let sending = false;
  let submitting = false;

  function say(state, detail) {
    const text = form.dataset["autosave" + state[0].toUpperCase() + state.slice(1)];
    status.textContent = detail ? `${text} (${detail})` : text;
    status.dataset.state = state;
  }

  function formData() {
    numberRows();
    return new FormData(form);
  }

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function keepHere(data, serverStamp) {
    const store = storage();
    if (!store) return;
    const fields = [];
    for (const [name, value] of data.entries()) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    }
    try {
      store.setItem(key, JSON.stringify({ keptAt: Date.now(), server: serverStamp || form.dataset.autosaveServer || "", fields }));
    } catch (error) {
      // The browser's storage is full or off: the server's copy is the only one.
    }
  }

  function keptHere() {
    const store = storage();
    if (!store) return null;
    try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; }
  }

  function forgetHere() {
    const store = storage();
    if (store) store.removeItem(key);
  }

  function schedule() {
    clearTimeout(timer);
    const now = Date.now();
    if (!burstStart) burstStart = now;
    const wait = Math.max(0, Math.min(QUIET, burstStart + MOST - now));
    timer = setTimeout(flush, wait);
  }

  function offline(data) {
    keepHere(data);
    changed = true;
    say("offline");
    clearTimeout(retry);
    retry = setTimeout(flush, RETRY);
  }

  async function send(data, keepalive) {
    const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    data.set("csrfmiddlewaretoken", token);
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, Accept: "application/json" },
      keepalive,
    });
  }

  async function flush() {
    clearTimeout(timer);
    clearTimeout(retry);
    timer = null;
    if (!changed || sending || submitting) return;
    changed = false;
    burstStart = 0;
    const data = formData();
    if (navigator.onLine === false) {
      offline(data);
      return;
    }
    sending = true;
    say("keeping");
    let response;
    try {
      response = await send(data, false);
    } catch (error) {
      sending = false;
      offline(data);
      return;
    }
    sending = false;
    // A redirect is the sign-in page: the session has ended.
    if (!response.ok || response.redirected) {
      keepHere(data);
      let detail = "";
      try { detail = (await response.json()).detail || ""; } catch (error) { /* not JSON */ }
      say("failed", detail);
      return;
    }
    const answer = await response.json();
    form.dataset.autosaveServer = String(answer.kept_at_stamp);
    if (changed) {
      schedule();
    } else {
      forgetHere();
      say("kept");
    }
  }

  function typed() {
    if (submitting) return;
    changed = true;
    schedule();
  }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);

  // Leaving the page (another tab, another app on a phone, closing it): send now, and keep a copy here in case
  // the request does not make it.
  function leaving() {
    if (!changed || submitting) return;
    clearTimeout(timer);
    const data = formData();
    keepHere(data);
    const size = [...data.entries()].reduce((total, [name, value]) => total + name.length + String(value).length, 0);
    if (size > KEEPALIVE_LIMIT || navigator.onLine === false) return;
    changed = false;
    burstStart = 0;
    send(data, true).then((response) => {
      if (response.ok && !response.redirected && !changed) {
        forgetHere();
        say("kept");
      }
    }, () => { changed = true; });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") leaving();
  });
  window.addEventListener("pagehide", leaving);

  window.addEventListener("online", () => {
    if (changed) flush();
  });
  window.addEventListener("offline", () => {
    if (changed || sending) say("offline");
  });

  form.addEventListener("submit", () => {
    // The save sends the text itself, and deletes the working copy: nothing must be kept after it.
    submitting = true;
    clearTimeout(timer);
    clearTimeout(retry);
    forgetHere();
  });

  // Text kept in this browser by an earlier visit (closed while offline): send it to the server now, unless the
  // server has kept text for this section since (from another device, or this one's last request did arrive).
  const earlier = keptHere();
  if (earlier && Array.isArray(earlier.fields)) {
    const server = Number(form.dataset.autosaveServer || 0);
    if (server && server > Number(earlier.server || 0)) {
      forgetHere();
    } else {
      const data = new FormData();
      for (const [name, value] of earlier.fields) data.append(name, value);
      send(data, false).then(async (response) => {
        if (!response.ok || response.redirected) return;
        forgetHere();
        const answer = await response.json();
        form.dataset.autosaveServer = String(answer.kept_at_stamp);
        const offer = document.getElementById("working-copy-local");
        const older = document.getElementById("working-copy");
        if (older) older.hidden = true;
        if (offer) offer.hidden = false;
      }, () => { /* still offline: it stays here until the next visit */ });
    }
  }
}
