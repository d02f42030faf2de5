/**
 * Node flags the product really starts with (`./slotpilot start|workers`, `pnpm start|workers`,
 * the tests and benchmarks that run it as a process). A 2 MB young generation keeps the demo
 * product near 180 MB resident instead of ~290 MB, for a little more frequent minor GC (bench:
 * product-memory). A 20 % old-generation growth step (V8's default lets the heap grow up to four
 * times what is live before it collects) keeps a worker holding the monitor's calendar and 10,000
 * tasks under 150 MB instead of ~310 MB, for more frequent major GC (bench: monitor-memory).
 * The `slotpilot` script and package.json spell the same flags; a test keeps the three in step.
 */
export const NODE_RUNTIME_FLAGS = ["--max-semi-space-size=2", "--heap-growing-percent=20"] as const;

/**
 * The environment the product starts with, for the same reason. Two glibc malloc arenas instead of
 * one per thread (8 per core): the worker holding the monitor and 10,000 tasks stays ~6 MB lower
 * after 300 reads (bench: monitor-memory), for no read time one can see. Ignored off glibc.
 */
export const NODE_RUNTIME_ENV = { MALLOC_ARENA_MAX: "2" } as const;
