/**
 * The one source of "now" for the whole sandbox (world steps, rate limits, sessions, captcha
 * tokens). Tests use a manual clock and move it explicitly; the standalone sandbox follows real
 * time, and `advance` still lets a demo or a test jump ahead.
 */
export interface Clock {
  now(): number;
  advance(ms: number): void;
  readonly manual: boolean;
}

export function createClock(options: { manual: boolean; start?: number }): Clock {
  if (options.manual) {
    let now = options.start ?? Date.now();
    return {
      manual: true,
      now: () => now,
      advance: (ms) => {
        now += ms;
      },
    };
  }
  let offset = options.start === undefined ? 0 : options.start - Date.now();
  return {
    manual: false,
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
