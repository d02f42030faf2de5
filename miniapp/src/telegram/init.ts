import {
  backButton,
  closingBehavior,
  init,
  isTMA,
  mainButton,
  miniApp,
  retrieveLaunchParams,
  retrieveRawInitData,
  themeParams,
  viewport,
} from "@telegram-apps/sdk-react";
import { mockTelegramClient, requestDemoInitData } from "./demo-session.ts";

/** Where the app runs, and the initData it signs in with. */
export type Launch =
  | { mode: "telegram"; initData: string; languageCode: string | undefined }
  | { mode: "demo"; initData: string; languageCode: string | undefined }
  /** A plain browser and no demo API: nothing to sign in with. */
  | { mode: "outside" };

/**
 * Finds out whether we are inside Telegram; in a plain browser signs in through the demo API and
 * mocks the Telegram client; then initialises the SDK and binds Telegram's theme to CSS variables.
 */
export async function startTelegram(): Promise<Launch> {
  // The thorough check asks the client for its theme: launch parameters alone are not proof, as
  // the SDK keeps them in sessionStorage and a reloaded demo tab still has them.
  let demoInitData: string | undefined;
  if (!(await isTMA("complete"))) {
    const signed = await requestDemoInitData();
    if (signed === null) return { mode: "outside" };
    mockTelegramClient(signed);
    demoInitData = signed;
  }

  init();
  mountComponents();
  const languageCode = retrieveLaunchParams(true).tgWebAppData?.user?.languageCode;
  if (demoInitData) return { mode: "demo", initData: demoInitData, languageCode };
  const initData = retrieveRawInitData();
  return initData ? { mode: "telegram", initData, languageCode } : { mode: "outside" };
}

function mountComponents() {
  backButton.mount.ifAvailable();
  mainButton.mount.ifAvailable();
  closingBehavior.mount.ifAvailable();
  if (miniApp.mountSync.isAvailable()) {
    // Also mounts the theme parameters, which the Mini App's colours are derived from.
    miniApp.mountSync();
    themeParams.bindCssVars.ifAvailable();
    miniApp.bindCssVars.ifAvailable();
    // Screens are grouped sections on the secondary background, like Telegram's own settings;
    // the header and the overscroll area should match it.
    miniApp.setHeaderColor.ifAvailable("secondary_bg_color");
    miniApp.setBackgroundColor.ifAvailable("secondary_bg_color");
    followColorScheme();
  }
  if (viewport.mount.isAvailable()) {
    viewport
      .mount()
      .then(() => {
        viewport.bindCssVars.ifAvailable();
        viewport.expand.ifAvailable();
      })
      // Without the viewport the app still works; only the safe-area padding is lost.
      .catch((error: unknown) => console.warn("Telegram viewport unavailable", error));
  }
  miniApp.ready.ifAvailable();
}

/** Native controls (scrollbars, focus rings) follow Telegram's light or dark theme. */
function followColorScheme() {
  const apply = () => {
    document.documentElement.style.colorScheme = themeParams.isDark() ? "dark" : "light";
  };
  apply();
  themeParams.isDark.sub(apply);
}
