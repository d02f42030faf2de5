import { emitEvent, mockTelegramEnv } from "@telegram-apps/sdk-react";
import { useSyncExternalStore } from "react";
import { ApiError, request } from "../api.ts";

/**
 * Demo mode in a plain browser: the API signs initData for a local demo user (`POST /dev/session`,
 * which exists only in demo mode) and the SDK's mocked environment plays the Telegram client, so the
 * app below runs exactly as it does inside Telegram — same launch parameters, same SDK calls.
 */

/** Telegram's own palettes (Telegram Web), so the demo looks like the real thing in either scheme. */
const LIGHT = {
  accent_text_color: "#3390ec",
  bg_color: "#ffffff",
  bottom_bar_bg_color: "#ffffff",
  button_color: "#3390ec",
  button_text_color: "#ffffff",
  destructive_text_color: "#e53935",
  header_bg_color: "#ffffff",
  hint_color: "#707579",
  link_color: "#3390ec",
  secondary_bg_color: "#f4f4f5",
  section_bg_color: "#ffffff",
  section_header_text_color: "#707579",
  section_separator_color: "#e7e7e7",
  subtitle_text_color: "#707579",
  text_color: "#000000",
} as const;

const DARK = {
  accent_text_color: "#8774e1",
  bg_color: "#212121",
  bottom_bar_bg_color: "#212121",
  button_color: "#8774e1",
  button_text_color: "#ffffff",
  destructive_text_color: "#ff595a",
  header_bg_color: "#212121",
  hint_color: "#aaaaaa",
  link_color: "#8774e1",
  secondary_bg_color: "#0f0f0f",
  section_bg_color: "#212121",
  section_header_text_color: "#aaaaaa",
  section_separator_color: "#303030",
  subtitle_text_color: "#aaaaaa",
  text_color: "#ffffff",
} as const;

const NO_INSETS = { top: 0, bottom: 0, left: 0, right: 0 };

/**
 * Signs in the demo user through the API. Null when the API is not in demo mode. The browser's
 * language plays the Telegram client's language, which picks the demo user's first locale.
 */
export async function requestDemoInitData(): Promise<string | null> {
  const languageCode = navigator.language.toLowerCase().split("-")[0];
  try {
    const { initData } = await request<{ initData: string }>(() =>
      fetch("/dev/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(languageCode && /^[a-z]{2}$/.test(languageCode) ? { languageCode } : {}),
      }),
    );
    return initData;
  } catch (error) {
    if (error instanceof ApiError && error.code === "route.not_found") return null;
    throw error;
  }
}

/** Installs the mocked Telegram client. Call once, before the SDK's `init()`. */
export function mockTelegramClient(initData: string) {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const theme = () => (dark.matches ? DARK : LIGHT);

  mockTelegramEnv({
    launchParams: {
      tgWebAppData: withSignature(initData),
      tgWebAppThemeParams: theme(),
      tgWebAppVersion: "8.0",
      tgWebAppPlatform: "weba",
    },
    // What a Telegram client answers to the requests the SDK makes while mounting.
    onEvent: (event) => {
      const [method, params] = event;
      if (method === "web_app_request_theme") emitEvent("theme_changed", { theme_params: theme() });
      if (method === "web_app_request_safe_area") emitEvent("safe_area_changed", NO_INSETS);
      if (method === "web_app_request_content_safe_area") emitEvent("content_safe_area_changed", NO_INSETS);
      if (method === "web_app_request_viewport") {
        emitEvent("viewport_changed", {
          height: window.innerHeight,
          width: window.innerWidth,
          is_expanded: true,
          is_state_stable: true,
        });
      }
      if (method === "web_app_setup_back_button") setBackVisible(isVisible(params));
      if (method === "web_app_setup_main_button") setMainButton(params);
      if (method === "web_app_open_invoice") answerInvoice(params);
    },
  });

  dark.addEventListener("change", () => emitEvent("theme_changed", { theme_params: theme() }));
}

/**
 * The SDK refuses launch parameters whose initData lacks `signature` (the Ed25519 signature for
 * third parties Telegram has sent since Bot API 8.0), and the demo signer does not add one. The
 * mocked client gets a placeholder so the SDK accepts the launch; the API is still sent exactly
 * what it signed (its HMAC covers every field, so the placeholder would not verify).
 */
function withSignature(initData: string): string {
  const params = new URLSearchParams(initData);
  if (!params.has("signature")) params.set("signature", "demo");
  return params.toString();
}

/**
 * The demo client has no Stars wallet: it asks the person at the browser whether to pay, and closes
 * the invoice as Telegram would (`paid` or `cancelled`). The plan changes only when the bot gets
 * the payment, as inside Telegram — in a demo without a bot, never.
 */
function answerInvoice(params: unknown) {
  const slug = typeof params === "object" && params !== null && "slug" in params ? String(params.slug) : "";
  window.setTimeout(() => {
    const paid = window.confirm(`Demo Telegram client: pay invoice ${slug} with Telegram Stars?`);
    emitEvent("invoice_closed", { slug, status: paid ? "paid" : "cancelled" });
  }, 0);
}

function isVisible(params: unknown): boolean {
  return typeof params === "object" && params !== null && "is_visible" in params && params.is_visible === true;
}

// The MainButton Telegram would draw under the app; the demo draws it instead.
export interface DemoMainButton {
  visible: boolean;
  text: string;
  enabled: boolean;
  loading: boolean;
}
let main: DemoMainButton = { visible: false, text: "", enabled: true, loading: false };
const mainListeners = new Set<() => void>();

function setMainButton(params: unknown) {
  const p = (params ?? {}) as Record<string, unknown>;
  main = {
    visible: p.is_visible === true,
    text: typeof p.text === "string" ? p.text : main.text,
    enabled: p.is_active !== false,
    loading: p.is_progress_visible === true,
  };
  for (const listener of mainListeners) listener();
}

export function useDemoMainButton(): DemoMainButton & { press: () => void } {
  const state = useSyncExternalStore(
    (listener) => {
      mainListeners.add(listener);
      return () => mainListeners.delete(listener);
    },
    () => main,
  );
  return { ...state, press: () => emitEvent("main_button_pressed") };
}

// The Back button Telegram would draw in its header; the demo header draws it instead.
let backVisible = false;
const backListeners = new Set<() => void>();

function setBackVisible(visible: boolean) {
  backVisible = visible;
  for (const listener of backListeners) listener();
}

export function useDemoBackButton(): { visible: boolean; press: () => void } {
  const visible = useSyncExternalStore(
    (listener) => {
      backListeners.add(listener);
      return () => backListeners.delete(listener);
    },
    () => backVisible,
  );
  return { visible, press: () => emitEvent("back_button_pressed") };
}
