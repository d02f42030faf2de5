import { z } from "zod";
import type { AcceptanceCost, PortalDraft, PortalRecommendation, PortalSlotRow, PortalSupply } from "./driver.ts";
import { PortalUnavailable } from "./errors.ts";

/**
 * The portal's JSON-RPC results, checked: a page may answer in a shape this code does not know
 * (WB changed it), and that must be a clear failure, not a half-read calendar.
 */
const num = z.number();
const slotRow = z.object({
  date: z.string(),
  coefficient: num,
  warehouseID: z.number().int(),
  warehouseName: z.string().optional(),
  allowUnload: z.boolean(),
  boxTypeID: z.number().int().optional(),
  isSortingCenter: z.boolean().optional(),
});

const schemas = {
  report: z.object({ report: z.array(slotRow) }),
  drafts: z.object({
    drafts: z.array(
      z.object({ draftID: z.string(), createdAt: z.string().nullish(), goodQuantity: num.nullish() }).loose(),
    ),
  }),
  supplies: z.object({
    supplies: z.array(
      z
        .object({
          preorderID: z.number().int(),
          supplyID: z.number().int().nullish(),
          statusID: z.number().int(),
          warehouseID: z.number().int().nullish(),
          warehouseName: z.string().nullish(),
          boxTypeID: z.number().int().nullish(),
          isBoxOnPallet: z.boolean().nullish(),
          createDate: z.string().nullish(),
          supplyDate: z.string().nullish(),
          draftID: z.string().nullish(),
        })
        .loose(),
    ),
  }),
  recommendations: z.object({
    recommendations: z.array(
      z
        .object({
          warehouseID: z.number().int(),
          warehouseName: z.string(),
          boxTypeID: z.number().int().nullish(),
          logisticCoefficient: num.nullish(),
          coefficients: z.array(z.object({ date: z.string(), coefficient: num, allowUnload: z.boolean() })),
        })
        .loose(),
    ),
  }),
  costs: z.object({
    costs: z.array(z.object({ date: z.string(), coefficient: num, cost: num.nullish() }).loose()),
  }),
};

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new PortalUnavailable(`the portal answered ${what} in an unknown shape`);
  return result.data;
}

export const readReport = (value: unknown): PortalSlotRow[] => parse(schemas.report, value, "the report").report;

export const readDrafts = (value: unknown): PortalDraft[] =>
  parse(schemas.drafts, value, "the drafts").drafts.map((d) => ({
    draftId: d.draftID,
    createdAt: d.createdAt ?? null,
    goodQuantity: d.goodQuantity ?? null,
  }));

export const readSupplies = (value: unknown): PortalSupply[] =>
  parse(schemas.supplies, value, "the supplies").supplies.map((s) => ({
    preorderId: s.preorderID,
    supplyId: s.supplyID ?? null,
    statusId: s.statusID,
    warehouseId: s.warehouseID ?? null,
    warehouseName: s.warehouseName ?? null,
    boxTypeId: s.boxTypeID ?? null,
    isBoxOnPallet: s.isBoxOnPallet ?? null,
    createdAt: s.createDate ?? null,
    supplyDate: s.supplyDate ?? null,
    draftId: s.draftID ?? null,
  }));

export const readRecommendations = (value: unknown): PortalRecommendation[] =>
  parse(schemas.recommendations, value, "the recommendations").recommendations.map((r) => ({
    warehouseId: r.warehouseID,
    warehouseName: r.warehouseName,
    boxTypeId: r.boxTypeID ?? null,
    logisticCoefficient: r.logisticCoefficient ?? null,
    coefficients: r.coefficients,
  }));

export const readCosts = (value: unknown): AcceptanceCost[] =>
  parse(schemas.costs, value, "the acceptance costs").costs.map((c) => ({
    date: c.date,
    coefficient: c.coefficient,
    cost: c.cost ?? null,
  }));
