import { launchChromium } from "@slotpilot/browser";

const url = process.argv[2] ?? "http://127.0.0.1:18610";
const browser = await launchChromium();
for (const scheme of ["light", "dark"] as const) {
  const context = await browser.newContext({
    locale: "ru-RU",
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    colorScheme: scheme,
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
  page.on("response", async (r) => {
    if (r.status() >= 400) console.log("HTTP", r.status(), r.url(), (await r.text()).slice(0, 200));
  });
  for (const path of ["/", "/calendar", "/tasks/new", "/tasks/1", "/cabinets", "/plan", "/nowhere"]) {
    await page.goto(url + path);
    await page.waitForTimeout(1500);
    await page.screenshot({
      path: `../screenshots/tmp-${scheme}${path.replace(/\//g, "_") || "_home"}.png`,
      fullPage: path !== "/calendar",
    });
  }
  await context.close();
}
await browser.close();
