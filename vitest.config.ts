import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**", ".data/**", ".tools/**"],
    globalSetup: ["./vitest.global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // 2-core machines: files run in parallel, but never more than the CPU can carry
    maxWorkers: 2,
  },
});
