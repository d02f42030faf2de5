import type { DeviceIdentity } from "./port.ts";

/**
 * Devices real Telegram Desktop and mobile clients report. One is picked when an account is added
 * and stored with it, so the account keeps presenting the same device for its whole life.
 */
const DEVICES: readonly Omit<DeviceIdentity, "langCode" | "systemLangCode">[] = [
  { deviceModel: "Samsung Galaxy S23", systemVersion: "SDK 34", appVersion: "11.5.3 (5426)" },
  { deviceModel: "Xiaomi Redmi Note 12", systemVersion: "SDK 33", appVersion: "11.5.3 (5426)" },
  { deviceModel: "Google Pixel 8", systemVersion: "SDK 35", appVersion: "11.6.1 (5466)" },
  { deviceModel: "iPhone 14", systemVersion: "17.6.1", appVersion: "11.5 (29981)" },
  { deviceModel: "iPhone 15 Pro", systemVersion: "18.1", appVersion: "11.6 (30112)" },
  { deviceModel: "Desktop", systemVersion: "Windows 11 x64", appVersion: "5.8.3 x64" },
  { deviceModel: "MacBook Air", systemVersion: "macOS 14.6", appVersion: "11.5.1" },
];

/** A device for a new account; `random` in [0, 1). */
export function pickDevice(random: number, langCode = "ru"): DeviceIdentity {
  const device = DEVICES[Math.floor(random * DEVICES.length) % DEVICES.length] ?? DEVICES[0];
  if (!device) throw new Error("no devices");
  return { ...device, langCode, systemLangCode: langCode === "ru" ? "ru-RU" : "en-US" };
}
