import { useDemoMainButton } from "../telegram/demo-session.ts";

/** Demo mode: Telegram's MainButton, drawn by the page at the bottom as Telegram would. */
export function DemoMainButton() {
  const button = useDemoMainButton();
  if (!button.visible) return null;
  return (
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
  );
}
