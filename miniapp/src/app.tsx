import { useMemo } from "react";
import { createApi } from "./api.ts";
import { DemoHeader } from "./components/demo-header.tsx";
import { goBack, isRoot, useRoute } from "./navigation.ts";
import { CabinetScreen } from "./screens/cabinet.tsx";
import { HomeScreen } from "./screens/home.tsx";
import { OutsideTelegramScreen } from "./screens/outside-telegram.tsx";
import { SettingsScreen } from "./screens/settings.tsx";
import { TaskScreen } from "./screens/task.tsx";
import { SessionProvider } from "./session.tsx";
import { useBackButton } from "./telegram/back-button.ts";
import type { Launch } from "./telegram/init.ts";

export function App({ launch }: { launch: Launch }) {
  if (launch.mode === "outside") return <OutsideTelegramScreen />;
  return (
    <>
      {launch.mode === "demo" ? <DemoHeader /> : null}
      <SignedIn initData={launch.initData} />
    </>
  );
}

function SignedIn({ initData }: { initData: string }) {
  const api = useMemo(() => createApi(initData), [initData]);
  return (
    <SessionProvider api={api}>
      <Screens />
    </SessionProvider>
  );
}

function Screens() {
  const route = useRoute();
  useBackButton(!isRoot(route), goBack);
  switch (route.name) {
    case "home":
      return <HomeScreen />;
    case "settings":
      return <SettingsScreen />;
    case "task":
      // Keyed by id: another task's screen starts afresh rather than showing the last one's data.
      return <TaskScreen key={route.id} id={route.id} />;
    case "cabinet":
      return <CabinetScreen key={route.id} id={route.id} />;
  }
}
