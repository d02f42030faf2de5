import { useMemo } from "react";
import { createApi } from "./api.ts";
import { DemoHeader } from "./components/demo-header.tsx";
import { DemoMainButton } from "./components/demo-main-button.tsx";
import { LiveProvider } from "./live/live.tsx";
import { goBack, isRoot, useRoute } from "./navigation.ts";
import { CabinetsScreen } from "./screens/cabinets.tsx";
import { CalendarScreen } from "./screens/calendar.tsx";
import { HomeScreen } from "./screens/home.tsx";
import { NotFoundScreen } from "./screens/not-found.tsx";
import { OutsideTelegramScreen } from "./screens/outside-telegram.tsx";
import { PlanScreen } from "./screens/plan.tsx";
import { SettingsScreen } from "./screens/settings.tsx";
import { TaskScreen } from "./screens/task.tsx";
import { TaskEditScreen } from "./screens/task-edit.tsx";
import { TaskFormScreen } from "./screens/task-form.tsx";
import { SessionProvider } from "./session.tsx";
import { useBackButton } from "./telegram/back-button.ts";
import type { Launch } from "./telegram/init.ts";

export function App({ launch }: { launch: Launch }) {
  if (launch.mode === "outside") return <OutsideTelegramScreen />;
  return (
    <>
      {launch.mode === "demo" ? <DemoHeader /> : null}
      <SignedIn initData={launch.initData} />
      {launch.mode === "demo" ? <DemoMainButton /> : null}
    </>
  );
}

function SignedIn({ initData }: { initData: string }) {
  const api = useMemo(() => createApi(initData), [initData]);
  return (
    <SessionProvider api={api}>
      <LiveProvider initData={initData}>
        <Screens />
      </LiveProvider>
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
    case "calendar":
      return <CalendarScreen />;
    case "cabinets":
      return <CabinetsScreen login={route.login} />;
    case "plan":
      return <PlanScreen />;
    case "newTask":
      return <TaskFormScreen prefill={route.prefill} />;
    case "task":
      // Keyed by id: another task's screen starts afresh rather than showing the last one's data.
      return <TaskScreen key={route.id} id={route.id} />;
    case "editTask":
      return <TaskEditScreen key={route.id} id={route.id} />;
    case "notFound":
      return <NotFoundScreen path={route.path} />;
  }
}
