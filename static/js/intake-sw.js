// The intake table's service worker: it lets a session page that was opened once
// online reload without a connection. Served by intake/offline.py from the intake's
// own path, so it only ever sees the neighborhood's intake pages and what they load.
//
// Two caches, because they are not alike:
// - SHELL holds our static files (styles, scripts, icons): nothing personal in them.
// - PERSONAL holds the session pages themselves, which list visitors by name. It is
//   wiped at logout (the page posts "wipe"; the logout answer's Clear-Site-Data does
//   it again), when a session is found closed ("forget"), and when an entry is older
//   than the hours given in this script's URL (?hours=12, from WCC_OFFLINE_HOURS).
// The queue of unsent visits and the roster live in IndexedDB (intake-offline.js).

const SHELL = "wcc-intake-shell-v1";
const PERSONAL = "wcc-intake-personal";
const HOURS = Number(new URL(self.location.href).searchParams.get("hours")) || 12;
const MAX_AGE_MS = HOURS * 60 * 60 * 1000;
const STORED_AT = "X-WCC-Stored-At";
const SESSION_PAGE = /\/intake\/sessions\/\d+\/$/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // An older worker's shell cache is left from a previous release: drop it.
      for (const name of await caches.keys()) {
        if (name.startsWith("wcc-intake-shell-") && name !== SHELL) await caches.delete(name);
      }
      await expirePersonal();
      await self.clients.claim();
    })(),
  );
});

async function expirePersonal() {
  const cache = await caches.open(PERSONAL);
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    if (!response || isStale(response)) await cache.delete(request);
  }
}

function isStale(response) {
  const stored = Number(response.headers.get(STORED_AT));
  return !stored || Date.now() - stored > MAX_AGE_MS;
}

// The page without its query (?visitor=..., ?older=...): offline, any of them opens
// the session's blank page.
function pageKey(url) {
  const key = new URL(url, self.location.href);
  key.search = "";
  key.hash = "";
  return key.href;
}

async function keepPage(url, response) {
  // Stamp the copy with the time it was stored, to expire it after MAX_AGE_MS.
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const body = await response.blob();
  const copy = new Response(body, { status: response.status, headers });
  const cache = await caches.open(PERSONAL);
  await cache.put(pageKey(url), copy);
}

function isLoginPage(response) {
  return response.redirected && new URL(response.url).pathname.startsWith("/accounts/login");
}

// A session page: the network first (it is always fresh when there is one); the copy
// kept on this device only when the network cannot answer.
async function sessionPage(request) {
  try {
    const response = await fetch(request);
    // A navigation is fetched with redirect: "manual", so the answer to a signed-out
    // person (a redirect to the login page) arrives as an "opaqueredirect".
    if (response.type === "opaqueredirect" || isLoginPage(response)) {
      // Signed out (or the session expired): the kept copy is no longer theirs to see.
      await (await caches.open(PERSONAL)).delete(pageKey(request.url));
    } else if (response.ok && response.type === "basic" && !new URL(request.url).search) {
      // Only the plain page is kept: "?visitor=" would keep one person's form as the
      // page every offline reload opens.
      await keepPage(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PERSONAL);
    const kept = await cache.match(pageKey(request.url), { ignoreVary: true });
    if (kept && !isStale(kept)) return kept;
    if (kept) await cache.delete(pageKey(request.url));
    throw error;
  }
}

// Static files: the network first too (so a new release is never hidden behind an old
// copy), the shell cache when offline.
async function staticFile(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // visits are sent by the page, never replayed here
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && SESSION_PAGE.test(url.pathname)) {
    event.respondWith(sessionPage(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  }
});

// Messages from the page (intake-offline.js).
self.addEventListener("message", (event) => {
  const message = event.data || {};
  const done = (async () => {
    if (message.type === "keep") {
      // The first visit ran before this worker controlled the page: fetch what the
      // page is made of, and the page itself, so that it reloads offline.
      const shell = await caches.open(SHELL);
      await Promise.all(
        (message.assets || []).map((asset) => shell.add(asset).catch(() => undefined)),
      );
      if (message.page) {
        const response = await fetch(message.page, { credentials: "same-origin" });
        if (response.ok && !isLoginPage(response)) await keepPage(message.page, response);
      }
    } else if (message.type === "forget" && message.page) {
      await (await caches.open(PERSONAL)).delete(pageKey(message.page));
    } else if (message.type === "wipe") {
      for (const name of await caches.keys()) {
        if (name.startsWith("wcc-intake-")) await caches.delete(name);
      }
    }
    if (event.ports[0]) event.ports[0].postMessage({ done: true });
  })();
  event.waitUntil(done);
});
