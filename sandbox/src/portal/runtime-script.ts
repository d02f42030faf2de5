import { CHALLENGE_ACTION } from "../challenge.ts";
import { AUTH_PATHS, HOST_PREFIXES, POW_PATHS } from "../paths.ts";

/**
 * What every portal page runs, as WB's own pages do: keep a fresh `wb-seller-lk` header token
 * (cached in sessionStorage, refreshed every 4 minutes and on a 401), call the JSON-RPC with it,
 * keep the browser's device id (IndexedDB, mirrored in localStorage), and answer the anti-bot
 * challenge for planning (see `challenge.ts`). Exposed as `window.__wbPortal` so the page's own
 * scripts — and a driver working inside the page — use the same code path.
 */
export const RUNTIME_SCRIPT = `
(() => {
const P = {
  auth: ${JSON.stringify(HOST_PREFIXES["seller-auth"])},
  supply: ${JSON.stringify(HOST_PREFIXES["seller-supply"])},
  pow: ${JSON.stringify(HOST_PREFIXES.pow)},
};
const LOGIN = P.auth + ${JSON.stringify(AUTH_PATHS.login)} + "?redirect_url=" + encodeURIComponent(location.pathname + location.search);
const LK = "wb-seller-lk", LK_EXP = "wb-seller-lk-expires", DEVICE = "wb-device-id";
let rpcId = 1;

class SessionGone extends Error { name = "SessionGone"; }

async function refreshToken() {
  const r = await fetch(P.auth + ${JSON.stringify(AUTH_PATHS.headerToken)}, { method: "POST", credentials: "same-origin" });
  if (r.status === 401) { sessionStorage.removeItem(LK); throw new SessionGone("Сессия истекла"); }
  if (!r.ok) throw new Error("Сервис временно недоступен");
  const j = await r.json();
  sessionStorage.setItem(LK, j.payload.access_token);
  sessionStorage.setItem(LK_EXP, String(Date.now() + (j.payload.expires_in - 30) * 1000));
  return { expiresIn: j.payload.expires_in };
}
setInterval(() => { refreshToken().catch(() => {}); }, 4 * 60 * 1000);

async function headerToken() {
  const token = sessionStorage.getItem(LK);
  if (!token || Date.now() > Number(sessionStorage.getItem(LK_EXP) || 0)) await refreshToken();
  return sessionStorage.getItem(LK);
}

/**
 * One JSON-RPC call. Resolves to {result} or {error} — or, with {raw: true}, to {raw: body text}
 * (a large answer crosses to a driver faster as text). Throws SessionGone when the session is over.
 */
async function call(path, params, headers, options, retry) {
  const lk = await headerToken();
  const r = await fetch(P.supply + path, {
    method: "POST", credentials: "same-origin",
    headers: Object.assign({ "content-type": "application/json", "wb-seller-lk": lk }, headers || {}),
    body: JSON.stringify({ params: params, jsonrpc: "2.0", id: "json-rpc_" + (rpcId++) }),
  });
  if (r.status === 401) {
    sessionStorage.removeItem(LK);
    if (retry !== false) return call(path, params, headers, options, false);
    throw new SessionGone("Сессия истекла");
  }
  const text = await r.text();
  let j = null;
  try { j = JSON.parse(text); } catch (e) { j = null; }
  if (!j) return { error: { code: r.status, message: "Сервис временно недоступен", data: { status: r.status } } };
  if (j.error) return { error: Object.assign({}, j.error, { data: Object.assign({ status: r.status }, j.error.data || {}) }) };
  return options && options.raw ? { raw: text } : { result: j.result };
}

async function rpc(path, params, headers) {
  let answer;
  try { answer = await call(path, params, headers); }
  catch (e) { if (e instanceof SessionGone) location.href = LOGIN; throw e; }
  if (answer.error) throw new Error(answer.error.message);
  return answer.result;
}

function idb(mode, fn) {
  return new Promise((resolve) => {
    const open = indexedDB.open("wb-antibot", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("kv");
    open.onerror = () => resolve(null);
    open.onsuccess = () => {
      const tx = open.result.transaction("kv", mode);
      const req = fn(tx.objectStore("kv"));
      tx.oncomplete = () => { open.result.close(); resolve(req.result ?? null); };
      tx.onerror = () => { open.result.close(); resolve(null); };
    };
  });
}

async function deviceId() {
  let id = (await idb("readonly", (s) => s.get(DEVICE))) || localStorage.getItem(DEVICE);
  if (!id) id = crypto.randomUUID();
  localStorage.setItem(DEVICE, id);
  await idb("readwrite", (s) => s.put(id, DEVICE));
  return id;
}

function zeroBits(d) { let b = 0; for (const x of d) { if (x === 0) { b += 8; continue; } return b + Math.clz32(x) - 24; } return b; }

/** The planning challenge: measure the page, solve the proof of work, trade both for a token. */
async function captcha(action) {
  const started = performance.now();
  const nonce = document.querySelector('meta[name="wb-challenge"]').content;
  const layout = [...document.querySelectorAll("#wb-fp > i")].map((e) => e.getBoundingClientRect().width);
  const q = "?nonce=" + encodeURIComponent(nonce) + "&action=" + encodeURIComponent(action || ${JSON.stringify(CHALLENGE_ACTION)});
  const task = await (await fetch(P.pow + ${JSON.stringify(POW_PATHS.getTask)} + q)).json();
  const enc = new TextEncoder();
  let answer = null;
  for (let n = 0; answer === null; n++) {
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(task.challenge + n)));
    if (zeroBits(d) >= task.difficulty) answer = String(n);
  }
  const fingerprint = { layout: layout, deviceId: await deviceId(), userAgent: navigator.userAgent, language: navigator.language, pageAgeMs: Math.round(performance.now()) };
  const r = await fetch(P.pow + ${JSON.stringify(POW_PATHS.verifyAnswer)}, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: task.id, answer: answer, nonce: nonce, fingerprint: fingerprint }),
  });
  if (!r.ok) throw new Error("Не пройдена проверка. Обновите страницу и попробуйте снова");
  const j = await r.json();
  return { token: j["wb-captcha-short-token"], latency: String(Math.round(performance.now() - started)) };
}

deviceId().catch(() => {});
window.__wbPortal = { rpc: rpc, call: call, captcha: captcha, refreshToken: refreshToken, deviceId: deviceId };
})();
`;
