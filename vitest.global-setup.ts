import { startTestCluster } from "@slotpilot/db/testing";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/** One real PostgreSQL cluster per test run; each test file creates its own databases on it. */
export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  return () => cluster.stop();
}
