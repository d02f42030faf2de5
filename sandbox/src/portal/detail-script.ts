import { RPC_PATHS } from "../paths.ts";

/**
 * The preorder page's behaviour, kept to what the real flow needs: load the calendar over JSON-RPC
 * and plan the chosen date with a token from the page's challenge (both through the portal runtime,
 * `runtime-script.ts`, which also bounces to login when the session is gone).
 */
export const DETAIL_SCRIPT = `
const { rpc, captcha } = window.__wbPortal;
const D = document.body.dataset;
const MONTHS = ["января","февраля","марта","апреля","мая","июня","июля","августа","сентября","октября","ноября","декабря"];
const WEEKDAYS = ["вс","пн","вт","ср","чт","пт","сб"];
let selected = null;

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
  modal.hidden = false; result.textContent = ""; result.removeAttribute("data-testid");
  loadCalendar().catch((e) => { grid.textContent = e.message; });
};
document.getElementById("plan-close").onclick = () => { modal.hidden = true; };

confirmButton.onclick = async () => {
  if (!selected) return;
  confirmButton.disabled = true; result.className = ""; result.removeAttribute("data-testid"); result.textContent = "Планируем…";
  try {
    const c = await captcha("ADD_OR_UPDATE_SUPPLY");
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
