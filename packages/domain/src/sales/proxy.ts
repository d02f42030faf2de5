/**
 * A user account's proxy, written as a URL: `socks5://user:pass@host:1080` or
 * `mtproxy://host:443?secret=ee…` (also Telegram's own `tg://proxy?server=…&port=…&secret=…` and
 * `https://t.me/proxy?…` links).
 */
export type ProxySpec =
  | { type: "socks5"; host: string; port: number; username?: string; password?: string }
  | { type: "mtproxy"; host: string; port: number; secret: string };

export function parseProxy(input: string): ProxySpec | null {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(
      text
        .replace(/^tg:\/\/proxy\?/, "mtproxy://telegram/?")
        .replace(/^https:\/\/t\.me\/proxy\?/, "mtproxy://telegram/?"),
    );
  } catch {
    return null;
  }
  const port = (value: string) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null;
  };
  if (url.protocol === "socks5:") {
    const p = port(url.port);
    if (!url.hostname || p === null) return null;
    return {
      type: "socks5",
      host: url.hostname,
      port: p,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    };
  }
  if (url.protocol === "mtproxy:") {
    const host = url.hostname === "telegram" ? (url.searchParams.get("server") ?? "") : url.hostname;
    const p = port(url.hostname === "telegram" ? (url.searchParams.get("port") ?? "") : url.port);
    const secret = url.searchParams.get("secret") ?? "";
    if (!host || p === null || !/^([0-9a-f]{32,}|[A-Za-z0-9_\-+/=]{22,})$/i.test(secret)) return null;
    return { type: "mtproxy", host, port: p, secret };
  }
  return null;
}

/** What an admin may see of a proxy: its kind and address, never credentials or the secret. */
export function proxyLabel(proxy: ProxySpec): string {
  return `${proxy.type} ${proxy.host}:${proxy.port}`;
}
