import { z } from "zod";

/** Response shapes from WB's published API specification (see shared/wb/FACTS.md). */

const tariff = z.string().nullable().optional();

export const coefficientRow = z.object({
  date: z.string(),
  coefficient: z.number(),
  warehouseID: z.number().int(),
  warehouseName: z.string(),
  allowUnload: z.boolean(),
  /** Absent for "QR-поставка с коробами". */
  boxTypeID: z.number().int().optional(),
  boxTypeName: z.string().optional(),
  storageCoef: tariff,
  deliveryCoef: tariff,
  deliveryBaseLiter: tariff,
  deliveryAdditionalLiter: tariff,
  storageBaseLiter: tariff,
  storageAdditionalLiter: tariff,
  isSortingCenter: z.boolean().optional(),
});
export type CoefficientRow = z.output<typeof coefficientRow>;

export const warehouse = z.object({
  ID: z.number().int(),
  name: z.string(),
  address: z.string().optional(),
  workTime: z.string().optional(),
  isActive: z.boolean().optional(),
  isTransitActive: z.boolean().optional(),
});
export type Warehouse = z.output<typeof warehouse>;

export const supplyListItem = z.object({
  phone: z.string().optional(),
  supplyID: z.number().int().nullable(),
  preorderID: z.number().int(),
  createDate: z.string().nullable().optional(),
  supplyDate: z.string().nullable().optional(),
  factDate: z.string().nullable().optional(),
  updatedDate: z.string().nullable().optional(),
  statusID: z.number().int(),
});
export type SupplyListItem = z.output<typeof supplyListItem>;

export const supplyDetails = z
  .object({
    statusID: z.number().int(),
    boxTypeID: z.number().int().nullable().optional(),
    warehouseID: z.number().int().nullable().optional(),
    transitWarehouseID: z.number().int().nullable().optional(),
    supplyDate: z.string().nullable().optional(),
    acceptanceCost: z.number().nullable().optional(),
    paidAcceptanceCoefficient: z.number().nullable().optional(),
    rejectReason: z.string().nullable().optional(),
  })
  .loose();
export type SupplyDetails = z.output<typeof supplyDetails>;
