export { DEMO_ACCOUNT_PHONE, DEMO_PROSPECTS, stockDemoTelegram } from "./demo-prospects.ts";
export { type Delivery, SIMULATED_LOGIN_CODE, SimulatedTelegram, type SimulatedUser } from "./simulated-telegram.ts";
