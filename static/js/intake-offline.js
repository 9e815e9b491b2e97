// The intake table without a connection: visits kept in a queue on this device and
// sent once each when the connection returns, a search over the roster of recent
// visitors, and the wipe of all of it at logout. Loaded on every signed-in page (the
// logout button is on all of them); the table's parts wake only on a session page,
// which carries #offline-table with the URLs and the translated words.
//
// What is kept where (and wiped when) is told in the README, "The intake table
// offline". The service worker (intake-sw.js) only keeps the page and its files.
(function () {
  "use strict";

  const DB_NAME = "wcc-intake";
  const KEPT_PREFIX = "wcc.intake."; // localStorage keys of intake.js (the fold state)
  const CACHE_PREFIX = "wcc-intake-"; // Cache Storage names of intake-sw.js
  const PERSONAL_CACHE = "wcc-intake-personal";
  const RETRY_MS = 20000;
  // Set once this device has kept anything for the table (queue, roster, the worker),
  // so that a logout from a device that never did goes at once (see the logout below).
  const KEPT_FLAG = "wcc.intake.kept";

  const table = document.getElementById("offline-table");
  const words = table ? table.dataset : {};
  const sessionUrl = table ? table.dataset.sessionUrl : "";
  const maxAgeMs = (Number(words.maxAgeHours) || 12) * 60 * 60 * 1000;

  function say(name, values) {
    let text = words[name] || "";
    for (const [key, value] of Object.entries(values || {})) {
      text = text.replace(`%(${key})s`, value);
    }
    return text;
  }

  // --- IndexedDB: two stores, "queue" (unsent visits, by submission key) and
  // "roster" (recent visitors, by session page) ------------------------------------
  let dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("queue", { keyPath: "key" });
          request.result.createObjectStore("roster", { keyPath: "session" });
        };
        request.onsuccess = () => {
          // Another tab wiping at logout must not wait for this one.
          request.result.onversionchange = () => {
            request.result.close();
            dbPromise = null;
          };
          resolve(request.result);
        };
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function store(name, mode) {
    if (mode === "readwrite") localStorage.setItem(KEPT_FLAG, "yes");
    return (await openDb()).transaction(name, mode).objectStore(name);
  }

  const queue = {
    all: async () => done((await store("queue", "readonly")).getAll()),
    put: async (item) => done((await store("queue", "readwrite")).put(item)),
    remove: async (key) => done((await store("queue", "readwrite")).delete(key)),
  };
  const rosters = {
    get: async (session) => done((await store("roster", "readonly")).get(session)),
    all: async () => done((await store("roster", "readonly")).getAll()),
    put: async (entry) => done((await store("roster", "readwrite")).put(entry)),
    remove: async (session) => done((await store("roster", "readwrite")).delete(session)),
  };

  // A device left unused: after the set hours, unsent visits and rosters go too, so a
  // lost phone does not carry names for long.
  async function expire() {
    const now = Date.now();
    for (const item of await queue.all()) if (item.expiresAt < now) await queue.remove(item.key);
    for (const entry of await rosters.all()) {
      if (entry.expiresAt < now) await rosters.remove(entry.session);
    }
    // The worker stamps each page it keeps (intake-sw.js, X-WCC-Stored-At).
    if (window.caches && (await caches.has(PERSONAL_CACHE))) {
      const cache = await caches.open(PERSONAL_CACHE);
      for (const request of await cache.keys()) {
        const kept = await cache.match(request);
        const stored = Number(kept && kept.headers.get("X-WCC-Stored-At"));
        if (!stored || now - stored > maxAgeMs) await cache.delete(request);
      }
    }
  }

  // Logout: nothing personal may stay. The logout answer's Clear-Site-Data does the
  // same again, for browsers that honor it.
  async function wipeDevice() {
    if (dbPromise) {
      (await dbPromise).close();
      dbPromise = null;
    }
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(KEPT_PREFIX)) localStorage.removeItem(key);
    }
    if (navigator.serviceWorker) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        if (registration.active) await tell(registration.active, { type: "wipe" });
      }
    }
    if (window.caches) {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX)) await caches.delete(name);
      }
    }
  }

  // A message to the service worker, answered once it has done the work.
  function tell(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      worker.postMessage(message, [channel.port2]);
      setTimeout(resolve, 5000); // a worker being replaced may never answer
    });
  }

  // --- Sending -------------------------------------------------------------------

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const field = document.querySelector("[name=csrfmiddlewaretoken]");
      return field ? field.value : "";
    }
  }

  function signedOut(response) {
    return (
      response.headers.has("HX-Redirect") ||
      (response.redirected && new URL(response.url).pathname.startsWith("/accounts/login"))
    );
  }

  function status(text, isError) {
    const line = document.getElementById("save-status");
    if (!line) return;
    line.textContent = text;
    line.classList.toggle("save-status--error", Boolean(isError));
  }

  // One visit, sent as the form would send it (an htmx request, so the answer is the
  // form's own partial). Its submission key makes a second send of it, from a reload
  // mid-sync or a second tab, return the visit the first one saved.
  async function send(item) {
    const response = await fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() },
      body: new URLSearchParams(item.fields),
    });
    if (signedOut(response)) return { outcome: "signed-out" };
    if (response.status === 403 || response.status === 404) {
      return { outcome: "problem", problem: say("textClosed"), html: "" };
    }
    if (!response.ok) return { outcome: "retry" }; // the server's trouble: try again later
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const form = page.getElementById("intake-form");
    if (form && form.dataset.saved === "yes") return { outcome: "saved", page };
    // Not saved: a conflict or a field the server refused. Keep it, with the server's
    // form (what was typed, and why), for the volunteer to open and resolve.
    const reason = page.getElementById("save-status");
    return {
      outcome: "problem",
      problem: (reason && reason.textContent.trim()) || say("textFailed"),
      html: form ? form.outerHTML : "",
    };
  }

  async function sendQueue() {
    if (!navigator.onLine) return;
    const waiting = (await queue.all()).filter((item) => !item.problem);
    waiting.sort((a, b) => a.keptAt - b.keptAt);
    if (waiting.length && table) status(say("textSending"));
    let lastSaved = null;
    for (const item of waiting) {
      let result;
      try {
        result = await send(item);
      } catch (error) {
        break; // still no connection: the next "online" or retry tries again
      }
      if (result.outcome === "signed-out") {
        status(say("textSignedOut"), true);
        break;
      }
      if (result.outcome === "retry") break;
      if (result.outcome === "saved") {
        await queue.remove(item.key);
        if (item.session === sessionUrl) lastSaved = result.page;
      } else {
        await queue.put({ ...item, problem: result.problem, html: result.html });
      }
    }
    if (lastSaved) showVisitList(lastSaved);
    await showQueue();
    if (table && !lastSaved && waiting.length) status("");
    if (lastSaved) {
      status("");
      await refreshRoster();
    }
  }

  let syncing = null;
  // One sync at a time on this device, across tabs too (Web Locks); a second call
  // while one runs waits for it rather than sending the same visits again.
  function sync() {
    if (!syncing) {
      const run = navigator.locks
        ? navigator.locks.request("wcc-intake-sync", () => sendQueue())
        : sendQueue();
      syncing = run.finally(() => {
        syncing = null;
      });
    }
    return syncing;
  }

  // The session's visit list from the last answer, so the synced rows show at once.
  function showVisitList(page) {
    const fresh = page.getElementById("visit-list");
    const current = document.getElementById("visit-list");
    if (!fresh || !current) return;
    fresh.removeAttribute("hx-swap-oob");
    const list = document.importNode(fresh, true);
    current.replaceWith(list);
    if (window.htmx) htmx.process(list);
  }

  // --- The table page: the queue line, the problems, the form -----------------------

  async function showQueue() {
    if (!table) return;
    const items = (await queue.all()).filter((item) => item.session === sessionUrl);
    const waiting = items.filter((item) => !item.problem).length;
    const line = document.getElementById("offline-queue");
    if (line) {
      line.hidden = waiting === 0;
      line.textContent =
        waiting === 1 ? say("textWaitingOne") : say("textWaitingMany", { count: waiting });
    }
    const problems = items.filter((item) => item.problem);
    const section = document.getElementById("offline-problems");
    const list = document.getElementById("offline-problem-list");
    const row = document.getElementById("offline-problem-row");
    if (!section || !list || !row) return;
    list.replaceChildren();
    for (const item of problems) {
      const entry = row.content.firstElementChild.cloneNode(true);
      entry.querySelector(".offline-problem__name").textContent = item.name;
      entry.querySelector(".offline-problem__reason").textContent = item.problem;
      const open = entry.querySelector("[data-action=open]");
      if (item.html) open.addEventListener("click", () => openProblem(item));
      else open.remove();
      entry.querySelector("[data-action=discard]").addEventListener("click", async () => {
        if (!window.confirm(say("textDiscard"))) return;
        await queue.remove(item.key);
        await showQueue();
      });
      list.append(entry);
    }
    section.hidden = problems.length === 0;
  }

  // A visit the server refused, back in the form as the server drew it (with the
  // reason and everything typed). Saving it removes it from the queue (see below).
  function openProblem(item) {
    const current = document.getElementById("intake-form");
    const drawn = new DOMParser().parseFromString(item.html, "text/html");
    const form = drawn.getElementById("intake-form");
    if (!current || !form) return;
    const fresh = document.importNode(form, true);
    current.replaceWith(fresh);
    if (window.htmx) htmx.process(fresh);
    fresh.scrollIntoView({ block: "start" });
    if (typeof window.focusFirstProblem === "function") window.focusFirstProblem(fresh);
  }

  // A copy of the blank form, to start the next person after one is kept offline.
  let blankForm = null;

  function rememberBlank(form) {
    const visitor = form.querySelector("[name=visitor]");
    if (visitor && !visitor.value && !form.querySelector(".field--invalid, .error-summary")) {
      blankForm = form.cloneNode(true);
    }
  }

  // Every blank form gets a key made here: a page reloaded offline is the same kept
  // copy each time, and its key must not name two different visits.
  function freshKey(form) {
    const key = form.querySelector("[name=submission_key]");
    const visitor = form.querySelector("[name=visitor]");
    if (key && visitor && !visitor.value) key.value = newKey();
  }

  function nextBlankForm() {
    const current = document.getElementById("intake-form");
    if (!current) return null;
    let form = current;
    if (blankForm) {
      form = blankForm.cloneNode(true);
      current.replaceWith(form);
      if (window.htmx) htmx.process(form);
    } else {
      current.reset();
      for (const name of ["visitor", "visitor_version", "visit_version"]) {
        const field = current.querySelector(`[name=${name}]`);
        if (field) field.value = "";
      }
      const picked = current.querySelector("#offline-picked");
      if (picked) picked.hidden = true;
    }
    freshKey(form);
    if (typeof window.applyRememberedFolds === "function") window.applyRememberedFolds(form);
    return form;
  }

  // Keep the form's visit in the queue; ``next`` (offline) clears the form for the next
  // person, as a save would.
  async function keepVisit(form, { next = true } = {}) {
    const data = new FormData(form);
    const name = [data.get("first_name"), data.get("last_name")]
      .map((part) => (part || "").trim())
      .filter(Boolean)
      .join(" ");
    if (!(data.get("first_name") || "").trim()) {
      if (!next) return; // the server will say what is missing when it is reached
      status(say("textNameNeeded"), true);
      const field = form.querySelector("[name=first_name]");
      if (field) field.focus();
      return;
    }
    const now = Date.now();
    await queue.put({
      key: data.get("submission_key"),
      url: form.getAttribute("action"),
      session: sessionUrl,
      fields: [...data.entries()].filter(([field]) => field !== "csrfmiddlewaretoken"),
      name,
      visitor: data.get("visitor") || "",
      keptAt: now,
      expiresAt: now + maxAgeMs,
      problem: "",
      html: "",
    });
    if (next) {
      nextBlankForm();
      status(say("textKept", { name }));
      const search = document.getElementById("visitor-search");
      if (search) {
        search.value = "";
        search.focus();
      }
    }
    await showQueue();
  }

  // --- The roster: recent visitors, for finding a returning visitor offline -------------

  // Visitors saved online since the roster came are in it after the next fetch: one
  // after a save, at most every few minutes (the list is a few hundred rows).
  const ROSTER_REFRESH_MS = 3 * 60 * 1000;
  let rosterFetchedAt = 0;

  async function refreshRoster() {
    if (!table || !navigator.onLine) return;
    rosterFetchedAt = Date.now();
    let response;
    try {
      response = await fetch(table.dataset.rosterUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      return; // keep the roster kept so far
    }
    if (response.ok && !response.redirected) {
      const roster = await response.json();
      await rosters.put({
        session: sessionUrl,
        visitors: roster.visitors,
        expiresAt: Date.now() + maxAgeMs,
      });
    } else if (response.status === 403 || response.status === 404 || signedOut(response)) {
      await rosters.remove(sessionUrl); // the session closed, or it is no longer theirs
    }
  }

  function normalized(text) {
    return (text || "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .join(" ");
  }

  async function findOffline(text) {
    const roster = await rosters.get(sessionUrl);
    const visitors = roster ? roster.visitors : [];
    const name = normalized(text);
    const digits = text.replace(/\D/g, "");
    if (name.length < 2) return null;
    const byPhone = digits.length >= 3 && !/\p{L}/u.test(name);
    const found = visitors.filter((visitor) =>
      byPhone ? visitor.digits.includes(digits) : visitor.search.includes(name),
    );
    const keptHere = new Set(
      (await queue.all())
        .filter((item) => item.session === sessionUrl && item.visitor)
        .map((item) => String(item.visitor)),
    );
    return found.slice(0, 8).map((visitor) => ({
      ...visitor,
      here_today: visitor.here_today || keptHere.has(String(visitor.id)),
    }));
  }

  async function searchOffline(text) {
    const results = document.getElementById("search-results");
    const notice = document.getElementById("search-offline");
    const row = document.getElementById("roster-result");
    if (!results || !row) return;
    const found = await findOffline(text);
    results.replaceChildren();
    if (notice) notice.hidden = true;
    if (found === null) return;
    const list = document.createElement("ul");
    list.className = "search-results";
    const caption = document.createElement("li");
    caption.className = "muted";
    caption.textContent = found.length ? say("textOfflineResults") : say("textNobody");
    list.append(caption);
    for (const visitor of found) {
      const entry = row.content.firstElementChild.cloneNode(true);
      const pick = entry.querySelector(".roster-pick");
      pick.textContent = visitor.name;
      pick.addEventListener("click", () => pickOffline(visitor));
      entry.querySelector(".roster-detail").textContent = detailOf(visitor);
      list.append(entry);
    }
    results.append(list);
  }

  function detailOf(visitor) {
    const parts = [];
    if (visitor.digits) parts.push(`···${visitor.digits.slice(-4)}`);
    if (visitor.here_today) parts.push(say("textHereToday"));
    else if (visitor.last_visit_on) {
      const date = new Date(`${visitor.last_visit_on}T12:00:00`).toLocaleDateString(
        document.documentElement.lang || undefined,
        { day: "numeric", month: "short", year: "numeric" },
      );
      parts.push(say("textLastVisit", { date }));
    }
    return parts.join(" · ");
  }

  // The returning visitor into a blank form, as picking them online would draw it.
  function pickOffline(visitor) {
    const form = nextBlankForm();
    if (!form) return;
    const set = (name, value) => {
      const field = form.querySelector(`[name=${name}]`);
      if (field) field.value = value === null || value === undefined ? "" : String(value);
    };
    set("visitor", visitor.id);
    set("visitor_version", visitor.version);
    for (const name of ["first_name", "last_name", "phone", "household_size", "languages"]) {
      set(name, visitor[name]);
    }
    set("contact_by", visitor.contact_by);
    const consent = form.querySelector("[name=contact_consent]");
    if (consent) consent.checked = Boolean(visitor.contact_consent);
    const notice = form.querySelector("#offline-picked");
    if (notice) {
      let text = say("textPicked", { name: visitor.name });
      if (visitor.here_today) text += ` ${say("textHereToday")}.`;
      notice.querySelector("span").textContent = text;
      notice.hidden = false;
    }
    const results = document.getElementById("search-results");
    if (results) results.replaceChildren();
    const search = document.getElementById("visitor-search");
    if (search) search.value = "";
    form.scrollIntoView({ block: "start" });
    const firstNeed = form.querySelector("[name=needs]");
    if (firstNeed) firstNeed.focus({ preventScroll: true });
  }

  // --- Wiring --------------------------------------------------------------------------

  let sendingKey = null; // the submission key of the save htmx is sending

  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    if (!table || !elt) return;
    if (elt.id === "intake-form") {
      if (!navigator.onLine) {
        event.preventDefault(); // no connection: keep it here instead of failing
        keepVisit(elt);
        return;
      }
      sendingKey = event.detail.requestConfig.formData.get("submission_key");
    }
    if (elt.id === "visitor-search" && !navigator.onLine) {
      event.preventDefault();
      searchOffline(elt.value);
    }
  });

  // The device thinks it is online but the save did not get through (bad wifi): the
  // form keeps everything and asks for another tap (intake.js), and the visit is also
  // kept in the queue, so it is sent even if nobody taps again. The one key makes both
  // paths save one visit, and if the first send did arrive, it returns that one.
  // (A search failing this way keeps intake.js's "cannot search": the roster is for
  // when the device knows it is offline.)
  document.addEventListener("htmx:sendError", (event) => {
    const elt = event.detail.elt;
    if (table && elt && elt.id === "intake-form") keepVisit(elt, { next: false });
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const form = event.target;
    if (!table || form.id !== "intake-form") return;
    // Saved online (data-saved is "yes", or "done" once intake.js has seen it): if
    // that visit was one kept in the queue (a problem opened and fixed), it is sent.
    const saved = form.dataset.saved !== "no";
    const key = sendingKey;
    sendingKey = null;
    (async () => {
      if (saved && key) await queue.remove(key);
      if (saved) rememberBlank(form);
      await showQueue();
      if (saved && Date.now() - rosterFetchedAt > ROSTER_REFRESH_MS) await refreshRoster();
    })();
  });

  // The search form's own button, offline: search the roster instead of the server.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (table && form.matches(".search-form") && !navigator.onLine) {
      event.preventDefault();
      const search = document.getElementById("visitor-search");
      if (search) searchOffline(search.value);
    }
  });

  function forgetFolds() {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(KEPT_PREFIX) && key !== KEPT_FLAG) localStorage.removeItem(key);
    }
  }

  // Logout: ask first when visits are still waiting on this device, then wipe it. A
  // device that never kept anything for the table logs out at once (the fold state,
  // in synchronous localStorage, goes first; Clear-Site-Data does the rest).
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form[data-logout]") || form.dataset.wiped === "yes") return;
    forgetFolds();
    if (localStorage.getItem(KEPT_FLAG) !== "yes") return;
    event.preventDefault();
    let waiting = 0;
    try {
      waiting = (await queue.all()).length;
    } catch (error) {
      waiting = 0; // no IndexedDB (a private window may refuse it): nothing was kept
    }
    if (waiting) {
      const question =
        waiting === 1
          ? form.dataset.unsentOne
          : form.dataset.unsentMany.replace("%(count)s", String(waiting));
      if (!window.confirm(question)) return;
    }
    try {
      await wipeDevice();
    } catch (error) {
      // A storage the browser refuses to open or delete: log out all the same, and
      // the logout answer's Clear-Site-Data asks the browser to clear it.
    }
    form.dataset.wiped = "yes";
    form.submit();
  });

  async function startTable() {
    await expire();
    const form = document.getElementById("intake-form");
    if (form) {
      freshKey(form);
      rememberBlank(form);
    }
    if (table.dataset.sessionOpen !== "yes") {
      // A closed session: its roster and its kept page go; visits still waiting stay
      // (listed, to be discarded deliberately or sent once a coordinator reopens).
      await rosters.remove(sessionUrl);
      if (window.caches) {
        const cache = await caches.open(PERSONAL_CACHE);
        await cache.delete(new URL(sessionUrl, location.href).href);
      }
      await showQueue();
      document.documentElement.dataset.offlineReady = "wiped";
      return;
    }
    await showQueue();
    if (navigator.serviceWorker) await registerWorker();
    await refreshRoster();
    await sync();
    // For the people and the tests who need to know the page can now go offline.
    document.documentElement.dataset.offlineReady = "yes";
  }

  async function registerWorker() {
    const controlled = Boolean(navigator.serviceWorker.controller);
    try {
      localStorage.setItem(KEPT_FLAG, "yes"); // its caches will hold the session page
      const registration = await navigator.serviceWorker.register(table.dataset.workerUrl);
      if (controlled) return; // the worker keeps the page itself as it loads it
      await navigator.serviceWorker.ready;
      const assets = [
        ...document.querySelectorAll(
          "script[src], link[rel=stylesheet][href], link[rel=icon][href], link[rel=manifest][href]",
        ),
      ].map((element) => element.src || element.href);
      await tell(registration.active || (await navigator.serviceWorker.ready).active, {
        type: "keep",
        assets,
        page: sessionUrl,
      });
    } catch (error) {
      // No worker (an old browser, a private window): the table still works online.
    }
  }

  if (table) {
    window.addEventListener("online", () => sync());
    setInterval(() => {
      if (navigator.onLine) sync();
    }, RETRY_MS);
    document.addEventListener("DOMContentLoaded", () => startTable());
  }

  // For the browser tests: the queue and a sync, read and started as the page does.
  window.wccOffline = { queue, sync, sendQueue, wipeDevice };
})();
