import { z } from "zod";
import { faultsPatchSchema } from "./faults.ts";

/**
 * A cell in a scenario: `day` counts days from the day the scenario was loaded (0 = today), so a
 * scenario replays the same on any date; `date` (YYYY-MM-DD) pins an absolute day instead.
 * `boxTypeId` 2 / 5 / 6, or 0 / null for QR supplies.
 */
const target = {
  warehouseId: z.number().int(),
  boxTypeId: z.number().int().nullable().default(2),
  day: z.number().int().min(0).optional(),
  date: z.string().optional(),
};

const at = z.number().int().min(0);

export const scenarioEventSchema = z.discriminatedUnion("type", [
  z.strictObject({
    at,
    type: z.literal("open"),
    ...target,
    coefficient: z.number().int().min(0).default(0),
    capacity: z.number().int().min(1).default(1),
    closeAfterMs: z.number().int().min(0).optional(),
  }),
  z.strictObject({ at, type: z.literal("close"), ...target }),
  z.strictObject({
    at,
    type: z.literal("set"),
    ...target,
    coefficient: z.number().int().min(-1),
    allowUnload: z.boolean().optional(),
    capacity: z.number().int().min(0).optional(),
  }),
  z.strictObject({
    at,
    type: z.literal("flap"),
    ...target,
    values: z.tuple([z.number().int().min(-1), z.number().int().min(-1)]).default([0, 10]),
    periodMs: z.number().int().min(1),
    times: z.number().int().min(1).max(10_000),
  }),
  z.strictObject({
    at,
    type: z.literal("burst"),
    count: z.number().int().min(1).max(100).default(1),
    coefficient: z.number().int().min(0).optional(),
  }),
  z.strictObject({ at, type: z.literal("faults"), faults: faultsPatchSchema }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  /** Replaces the sandbox seed for this replay. */
  seed: z.number().int().optional(),
  /** Random background dynamics (bursts, flapping, drift) on top of the timeline. */
  background: z.boolean().default(true),
  dynamics: z
    .strictObject({
      burstsPerHour: z.number().min(0).optional(),
      flappingCells: z.number().int().min(0).optional(),
      driftPerStep: z.number().min(0).max(1).optional(),
      quickCloseShare: z.number().min(0).max(1).optional(),
    })
    .optional(),
  faults: faultsPatchSchema.optional(),
  /** Events in any order; `at` is milliseconds after the scenario was loaded. */
  timeline: z.array(scenarioEventSchema).default([]),
});

export type Scenario = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = z.output<typeof scenarioEventSchema>;
