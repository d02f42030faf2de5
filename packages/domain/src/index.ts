export * from "./errors.ts";
export * from "./init-data.ts";
export * from "./locale.ts";
export * from "./roles.ts";
export * from "./sales/index.ts";
export * from "./slots/index.ts";
export * from "./tasks/index.ts";
export * from "./text.ts";
