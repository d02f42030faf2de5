/**
 * The portal's JSON-RPC paths on `seller-supply` (FACTS.md; the sandbox serves the same paths).
 * The listing and report paths are the sandbox's approximations of methods FACTS.md names without
 * a path: unverified against live WB.
 */
export const RPC = {
  draftCreate: "/ns/sm-draft/supply-manager/api/v1/draft/create",
  draftGoods: "/ns/sm-draft/supply-manager/api/v1/draft/UpdateDraftGoods",
  draftList: "/ns/sm-draft/supply-manager/api/v1/draft/listDrafts",
  supplyCreate: "/ns/sm-supply/supply-manager/api/v1/supply/create",
  /** A GUESS: FACTS.md names no way to remove a preorder. The sandbox serves it; real WB may not. */
  supplyDelete: "/ns/sm-supply/supply-manager/api/v1/supply/delete",
  supplyList: "/ns/sm-supply/supply-manager/api/v1/supply/listSupplies",
  acceptanceCosts: "/ns/sm-supply/supply-manager/api/v1/supply/getAcceptanceCosts",
  coefficientsReport: "/ns/sm-supply/supply-manager/api/v1/supply/acceptanceCoefficientsReport",
  recommendations: "/ns/sm-recommendations/supply-manager/api/v1/recommendations/getRecommendationsForWarehouses",
  planAdd: "/ns/sm/supply-manager/api/v1/plan/add",
  planUpdate: "/ns/sm/supply-manager/api/v1/plan/update",
} as const;

/** The anti-bot challenge's action for planning (FACTS.md). */
export const PLAN_CHALLENGE = "ADD_OR_UPDATE_SUPPLY";
