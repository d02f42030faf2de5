import { describe, expect, it } from "vitest";
import { pickDevice } from "./device.ts";
import { TelegramUserError } from "./errors.ts";
import { SIMULATED_LOGIN_CODE, SimulatedTelegram } from "./simulated-telegram.ts";

const device = pickDevice(0);

describe("SimulatedTelegram (the port's contract, as the engine relies on it)", () => {
  it("refuses a second message with the same random_id as Telegram does", async () => {
    const tg = new SimulatedTelegram();
    tg.addAccount({ phone: "+70000000001" });
    const anna = tg.addUser({ username: "anna_seller" });
    const client = await tg.connect({
      phone: "+70000000001",
      session: tg.issueSession("+70000000001"),
      device,
      proxy: null,
    });
    const peer = { userId: anna.userId, accessHash: anna.accessHash };
    expect((await client.sendMessage(peer, "hi", 77)).duplicate).toBe(false);
    expect(await client.sendMessage(peer, "hi", 77)).toEqual({ messageId: null, duplicate: true });
    expect(tg.deliveredTo("anna_seller")).toHaveLength(1);
  });

  it("kills a session connected from two places at once (AUTH_KEY_DUPLICATED)", async () => {
    const tg = new SimulatedTelegram();
    tg.addAccount({ phone: "+70000000002" });
    const session = tg.issueSession("+70000000002");
    await tg.connect({ phone: "+70000000002", session, device, proxy: null });
    await expect(tg.connect({ phone: "+70000000002", session, device, proxy: null })).rejects.toMatchObject({
      kind: "auth_key_duplicated",
    });
  });

  it("logs in with the code and the 2FA password, refusing wrong ones", async () => {
    const tg = new SimulatedTelegram();
    tg.addAccount({ phone: "+70000000003", password: "pw" });
    const login = await tg.beginLogin({ phone: "+70000000003", device, proxy: null });
    await expect(login.submitCode("00000")).rejects.toBeInstanceOf(TelegramUserError);
    expect(await login.submitCode(SIMULATED_LOGIN_CODE)).toEqual({ status: "password_needed", hint: "demo" });
    await expect(login.submitPassword("nope")).rejects.toMatchObject({ kind: "password_invalid" });
    const done = await login.submitPassword("pw");
    expect(done.status).toBe("done");
  });
});
