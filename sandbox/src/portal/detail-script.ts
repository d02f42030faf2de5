import { AUTH_PATHS, HOST_PREFIXES, POW_PATHS, RPC_PATHS } from "../paths.ts";

/**
 * The preorder page's behaviour, kept to what the real flow needs: keep a fresh `wb-seller-lk`
 * header token, load the calendar over JSON-RPC, solve the proof-of-work and call `plan/add`.
 * A 401 means the session is gone: bounce to login, like the real portal.
 */
export const DETAIL_SCRIPT = `
const P = {
  auth: ${JSON.stringify(HOST_PREFIXES["seller-auth"])},
  supply: ${JSON.stringify(HOST_PREFIXES["seller-supply"])},
  pow: ${JSON.stringify(HOST_PREFIXES.pow)},
};
const LOGIN = P.auth + ${JSON.stringify(AUTH_PATHS.login)} + "?redirect_url=" + encodeURIComponent(location.pathname + location.search);
const D = document.body.dataset;
const MONTHS = ["января","февраля","марта","апреля","мая","июня","июля","августа","сентября","октября","ноября","декабря"];
const WEEKDAYS = ["вс","пн","вт","ср","чт","пт","сб"];
let lk = null, lkExpires = 0, rpcId = 1, selected = null;

async function refreshToken() {
  const r = await fetch(P.auth + ${JSON.stringify(AUTH_PATHS.headerToken)}, { method: "POST", credentials: "same-origin" });
  if (r.status === 401) { location.href = LOGIN; throw new Error("Сессия истекла"); }
  const j = await r.json();
  lk = j.payload.access_token;
  lkExpires = Date.now() + (j.payload.expires_in - 30) * 1000;
}
setInterval(() => { refreshToken().catch(() => {}); }, 4 * 60 * 1000);

async function rpc(path, params, headers, retry) {
  if (!lk || Date.now() > lkExpires) await refreshToken();
  const r = await fetch(P.supply + path, {
    method: "POST", credentials: "same-origin",
    headers: Object.assign({ "content-type": "application/json", "wb-seller-lk": lk }, headers || {}),
    body: JSON.stringify({ params: params, jsonrpc: "2.0", id: "json-rpc_" + (rpcId++) }),
  });
  if (r.status === 401) {
    if (retry !== false) { lk = null; return rpc(path, params, headers, false); }
    location.href = LOGIN; throw new Error("Сессия истекла");
  }
  const j = await r.json().catch(() => ({ error: { message: "Сервис временно недоступен" } }));
  if (j.error) throw new Error(j.error.message);
  return j.result;
}

function zeroBits(d) { let b = 0; for (const x of d) { if (x === 0) { b += 8; continue; } return b + Math.clz32(x) - 24; } return b; }
async function captcha() {
  const started = performance.now();
  const task = await (await fetch(P.pow + ${JSON.stringify(POW_PATHS.getTask)})).json();
  const enc = new TextEncoder();
  let answer = null;
  for (let n = 0; answer === null; n++) {
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(task.challenge + n)));
    if (zeroBits(d) >= task.difficulty) answer = String(n);
  }
  const r = await fetch(P.pow + ${JSON.stringify(POW_PATHS.verifyAnswer)}, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: task.id, answer: answer }),
  });
  if (!r.ok) throw new Error("Не пройдена проверка. Обновите страницу и попробуйте снова");
  const j = await r.json();
  return { token: j["wb-captcha-short-token"], latency: String(Math.round(performance.now() - started)) };
}

function ruDate(ymd) {
  const d = new Date(ymd + "T00:00:00Z");
  return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + ", " + WEEKDAYS[d.getUTCDay()];
}

function addDays(ymd, n) { return new Date(Date.parse(ymd + "T00:00:00Z") + n * 864e5).toISOString().slice(0, 10); }

const modal = document.getElementById("plan-modal");
const grid = document.getElementById("calendar");
const confirmButton = document.getElementById("plan-confirm");
const result = document.getElementById("plan-result");

async function loadCalendar() {
  grid.textContent = "Загрузка…";
  selected = null; confirmButton.disabled = true;
  const res = await rpc(${JSON.stringify(RPC_PATHS.acceptanceCosts)}, {
    dateFrom: D.today + "T00:00:00Z", dateTo: addDays(D.today, 29) + "T00:00:00Z", preorderID: Number(D.preorderId),
  });
  grid.textContent = "";
  for (const cost of res.costs) {
    const ymd = cost.date.slice(0, 10);
    const open = cost.coefficient >= 0;
    const cell = document.createElement("div");
    cell.className = "cell"; cell.dataset.date = ymd; cell.dataset.available = String(open);
    cell.setAttribute("data-testid", "calendar-cell");
    const date = document.createElement("div"); date.className = "cell-date"; date.textContent = ruDate(ymd);
    const coef = document.createElement("div"); coef.className = "cell-coefficient";
    coef.textContent = open ? "✕" + cost.coefficient : "Пока недоступно";
    cell.append(date, coef);
    if (open) {
      const choose = document.createElement("button");
      choose.type = "button"; choose.textContent = "Выбрать"; choose.setAttribute("data-testid", "calendar-cell-select");
      choose.onclick = () => {
        for (const c of grid.querySelectorAll(".cell.selected")) c.classList.remove("selected");
        cell.classList.add("selected"); selected = ymd; confirmButton.disabled = false;
        document.getElementById("selected-date").textContent = ruDate(ymd);
      };
      cell.append(choose);
    }
    grid.append(cell);
  }
}

const planButton = document.getElementById("plan-supply");
if (planButton) planButton.onclick = () => {
  modal.hidden = false; result.textContent = "";
  loadCalendar().catch((e) => { grid.textContent = e.message; });
};
document.getElementById("plan-close").onclick = () => { modal.hidden = true; };

confirmButton.onclick = async () => {
  if (!selected) return;
  confirmButton.disabled = true; result.className = ""; result.textContent = "Планируем…";
  try {
    const c = await captcha();
    const params = { preOrderId: Number(D.preorderId), deliveryDate: selected + "T00:00:00Z", warehouseId: Number(D.warehouseId) };
    if (D.boxTypeId === "5") params.monopalletCount = Number(document.getElementById("monopallet-count").value) || 1;
    await rpc(${JSON.stringify(RPC_PATHS.planAdd)}, params, { "x-wb-captcha-token": c.token, "x-wb-captcha-latency": c.latency });
    result.className = "ok"; result.setAttribute("data-testid", "plan-success");
    result.textContent = "Поставка запланирована на " + ruDate(selected);
    document.getElementById("supply-status").textContent = "Запланировано";
    document.getElementById("supply-date").textContent = ruDate(selected);
    if (planButton) planButton.remove();
  } catch (e) {
    result.className = "error"; result.setAttribute("data-testid", "plan-error"); result.textContent = e.message;
    confirmButton.disabled = false;
  }
};
`;
