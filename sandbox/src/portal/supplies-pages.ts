import type { Cabinet, Supply } from "../accounts.ts";
import { STATUS_NAMES } from "../accounts.ts";
import { BOX_TYPE_NAMES, MONOPALLET } from "../box-types.ts";
import { dayToYmd, ruDate } from "../dates.ts";
import { AUTH_PATHS, HOST_PREFIXES, PORTAL_PATHS } from "../paths.ts";
import type { Warehouse } from "../warehouses.ts";
import { DETAIL_SCRIPT } from "./detail-script.ts";
import { type Html, html, type PageChallenge, page, raw } from "./html.ts";

const S = HOST_PREFIXES.seller;

/** The top bar with the cabinet switch: one phone, several cabinets, each its own `x-supplier-id`. */
function header(cabinet: Cabinet, cabinets: readonly Cabinet[], back: string): Html {
  const options = cabinets.map(
    (cab) =>
      html`<option value="${cab.supplierId}" ${cab.supplierId === cabinet.supplierId ? raw("selected") : ""}>${cab.name}</option>`,
  );
  const switchUrl = `${S}${PORTAL_PATHS.switchSupplier}?back=${encodeURIComponent(back)}&supplierId=`;
  return html`<header><strong>Портал продавцов</strong>
<a href="${S}${PORTAL_PATHS.supplies}">Поставки</a>
<label>Кабинет: <select id="supplier-switch" data-testid="supplier-switch"
  onchange="location.href=${JSON.stringify(switchUrl)}+this.value">${options}</select></label>
<span data-testid="current-supplier" data-supplier-id="${cabinet.supplierId}">${cabinet.name}</span>
<a href="${HOST_PREFIXES["seller-auth"]}${AUTH_PATHS.logout}" data-testid="logout">Выйти</a></header>`;
}

const detailUrl = (supply: Supply) => `${S}${PORTAL_PATHS.supplyDetail}?preorderId=${supply.preorderId}`;

export function suppliesPage(
  cabinet: Cabinet,
  cabinets: readonly Cabinet[],
  supplies: readonly Supply[],
  warehouses: ReadonlyMap<number, Warehouse>,
  challenge: PageChallenge,
): string {
  const rows = supplies.map(
    (
      s,
    ) => html`<tr data-testid="supply-row" data-preorder-id="${s.preorderId}" data-supply-id="${s.supplyId ?? ""}" data-status-id="${s.statusId}">
<td><a href="${detailUrl(s)}" data-testid="supply-link">${s.preorderId}</a></td>
<td>${s.supplyId ?? "—"}</td>
<td>${warehouses.get(s.warehouseId)?.name ?? s.warehouseId}</td>
<td>${BOX_TYPE_NAMES[s.boxTypeId]}</td>
<td data-testid="supply-status">${STATUS_NAMES[s.statusId] ?? ""}</td>
<td>${s.supplyDay === null ? "—" : ruDate(s.supplyDay)}</td></tr>`,
  );
  const body =
    supplies.length === 0
      ? html`<p data-testid="supplies-empty">Поставок пока нет</p>`
      : html`<table id="supplies" data-testid="supplies-table"><thead><tr><th>Номер заказа</th><th>№ поставки</th><th>Склад</th>
<th>Тип поставки</th><th>Статус</th><th>Плановая дата</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page("Поставки — Портал продавцов", html`<div class="card"><h1>Поставки</h1>${body}</div>`, {
    header: header(cabinet, cabinets, `${S}${PORTAL_PATHS.supplies}`),
    challenge,
  });
}

/** A preorder: details, and for an unplanned one the «Запланировать поставку» calendar. */
export function supplyDetailPage(
  cabinet: Cabinet,
  cabinets: readonly Cabinet[],
  supply: Supply,
  warehouse: Warehouse | undefined,
  today: number,
  challenge: PageChallenge,
): string {
  const unplanned = supply.statusId === 1;
  const pallets =
    supply.boxTypeId === MONOPALLET
      ? html`<p><label>Количество монопаллет: <input id="monopallet-count" type="number" min="1" value="1"></label></p>`
      : html``;
  const body = html`<div class="card" data-testid="supply-detail">
<h1>Заказ № ${supply.preorderId}</h1>
<p>Склад: <span id="supply-warehouse">${warehouse?.name ?? supply.warehouseId}</span></p>
<p>Тип поставки: ${BOX_TYPE_NAMES[supply.boxTypeId]}</p>
<p>Статус: <span id="supply-status" data-testid="supply-status">${STATUS_NAMES[supply.statusId] ?? ""}</span></p>
<p>Плановая дата: <span id="supply-date" data-testid="supply-date">${supply.supplyDay === null ? "—" : ruDate(supply.supplyDay)}</span></p>
${unplanned ? html`<button type="button" id="plan-supply" data-testid="plan-supply">Запланировать поставку</button>` : html``}
</div>
<div id="plan-modal" class="modal" hidden data-testid="plan-modal"><div class="card">
<h2>Выберите дату поставки</h2>
<div id="calendar" class="calendar" data-testid="calendar"></div>
${pallets}
<p>Выбрано: <span id="selected-date">—</span></p>
<p id="plan-result" role="status"></p>
<p><button type="button" id="plan-confirm" data-testid="plan-confirm" disabled>Запланировать</button>
<button type="button" id="plan-close">Закрыть</button></p>
</div></div>
<script>${raw(DETAIL_SCRIPT)}</script>`;
  return page(`Заказ № ${supply.preorderId} — Портал продавцов`, body, {
    header: header(cabinet, cabinets, `${S}${PORTAL_PATHS.supplyDetail}?preorderId=${supply.preorderId}`),
    dataset: {
      "preorder-id": String(supply.preorderId),
      "warehouse-id": String(supply.warehouseId),
      "box-type-id": String(supply.boxTypeId),
      today: dayToYmd(today),
    },
    challenge,
  });
}
