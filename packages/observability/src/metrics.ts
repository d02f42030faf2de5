type Labels = Record<string, string | number>;

interface Series {
  help: string;
  type: "counter" | "gauge";
  values: Map<string, { labels: Labels; value: number }>;
  collect?: () => Promise<{ labels: Labels; value: number }[]> | { labels: Labels; value: number }[];
}

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");

const escapeLabel = (v: string | number) => String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/**
 * A minimal Prometheus registry: counters, gauges, and gauges collected on scrape. Enough for our
 * few series without a dependency; rendered in the text exposition format.
 */
export class Metrics {
  private readonly series = new Map<string, Series>();

  counter(name: string, help: string) {
    const s = this.define(name, help, "counter");
    return (labels: Labels = {}, by = 1) => {
      const k = key(labels);
      const current = s.values.get(k);
      s.values.set(k, { labels, value: (current?.value ?? 0) + by });
    };
  }

  gauge(name: string, help: string, collect: NonNullable<Series["collect"]>): void {
    this.define(name, help, "gauge").collect = collect;
  }

  async render(): Promise<string> {
    const out: string[] = [];
    for (const [name, s] of this.series) {
      const values = s.collect ? await s.collect() : [...s.values.values()];
      out.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} ${s.type}`);
      for (const { labels, value } of values) {
        const l = Object.entries(labels)
          .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
          .join(",");
        out.push(`${name}${l ? `{${l}}` : ""} ${value}`);
      }
    }
    return `${out.join("\n")}\n`;
  }

  private define(name: string, help: string, type: Series["type"]): Series {
    const existing = this.series.get(name);
    if (existing) return existing;
    const s: Series = { help, type, values: new Map() };
    this.series.set(name, s);
    return s;
  }
}

/** Process-level series every app exposes. */
export function registerProcessMetrics(metrics: Metrics): void {
  metrics.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", () => [
    { labels: {}, value: process.memoryUsage.rss() },
  ]);
  metrics.gauge("process_uptime_seconds", "Seconds since the process started.", () => [
    { labels: {}, value: Math.round(process.uptime()) },
  ]);
}
