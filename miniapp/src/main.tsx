import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { messageOf } from "./api.ts";
import { App } from "./app.tsx";
import { ErrorScreen, LoadingScreen } from "./components/status-screen.tsx";
import { applyLocale, guessLocale, setupI18n } from "./i18n.ts";
import { startTelegram } from "./telegram/init.ts";
import "./styles.css";
import "./styles/forms.css";
import "./styles/plan.css";
import "./styles/calendar.css";
import "./styles/timeline.css";

setupI18n(guessLocale(navigator.language));

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
const root = createRoot(container);
root.render(<LoadingScreen />);

async function start() {
  try {
    const launch = await startTelegram();
    // Telegram's language is a better guess than the browser's until the API answers.
    if (launch.mode !== "outside" && launch.languageCode) await applyLocale(guessLocale(launch.languageCode));
    root.render(
      <StrictMode>
        <App launch={launch} />
      </StrictMode>,
    );
  } catch (error) {
    console.error("Slotpilot could not start", error);
    root.render(<ErrorScreen message={messageOf(error)} onRetry={() => window.location.reload()} />);
  }
}

void start();
