/**
 * Node flags the product really starts with (`./slotpilot start`, `pnpm start`, the tests and
 * benchmarks that run it as a process). A 2 MB young generation keeps the demo product near 180 MB
 * resident instead of ~290 MB, for a little more frequent minor GC (bench: product-memory).
 * The `slotpilot` script and package.json spell the same flags; a test keeps the three in step.
 */
export const NODE_RUNTIME_FLAGS = ["--max-semi-space-size=2"] as const;
