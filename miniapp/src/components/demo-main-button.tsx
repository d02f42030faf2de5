import { useEffect } from "react";
import { useDemoMainButton } from "../telegram/demo-session.ts";

/** Demo mode: Telegram's MainButton, drawn by the page at the bottom as Telegram would. */
export function DemoMainButton() {
  const button = useDemoMainButton();
  // Overlays (a cell's sheet) end above the bar, as they end above Telegram's own button.
  useEffect(() => {
    document.documentElement.style.setProperty("--demo-main-button", button.visible ? "72px" : "0px");
  }, [button.visible]);
  if (!button.visible) return null;
  return (
    <>
      {/* Keeps the end of the page clear of the bar, as Telegram's own button is outside the page. */}
      <div className="demo-main-button-spacer" aria-hidden="true" />
      <div className="demo-main-button-bar">
        <button
          type="button"
          className="demo-main-button"
          disabled={!button.enabled || button.loading}
          aria-busy={button.loading}
          onClick={button.press}
        >
          {button.loading ? <span className="spinner spinner-light" aria-hidden="true" /> : null}
          {button.text}
        </button>
      </div>
    </>
  );
}
