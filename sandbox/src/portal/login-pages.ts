import { AUTH_PATHS, HOST_PREFIXES } from "../paths.ts";
import { html, page } from "./html.ts";

const A = HOST_PREFIXES["seller-auth"];

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
const errorLine = (error?: string) =>
  error ? html`<p class="error" role="alert" data-testid="login-error">${error}</p>` : html``;

/** Step 1: the phone field pre-filled with `+7`, as on WB. */
export function phonePage(redirect: string, error?: string): string {
  return page(
    "Вход — Портал продавцов",
    html`<div class="card"><h1>Вход в личный кабинет</h1>
<form id="phone-form" method="post" action="${A}${AUTH_PATHS.phone}">
${hidden("redirect_url", redirect)}
<label for="phone">Номер телефона</label><br>
<input id="phone" name="phone" type="tel" value="+7" autocomplete="tel" data-testid="phone-input">
${errorLine(error)}
<p><button type="submit" id="phone-submit" data-testid="phone-submit">Получить код</button></p>
</form></div>`,
  );
}

/** Sometimes WB asks for an image captcha before it sends the code. */
export function captchaPage(phone: string, captchaId: string, redirect: string, error?: string): string {
  return page(
    "Проверка — Портал продавцов",
    html`<div class="card"><h1>Введите символы с картинки</h1>
<form id="captcha-form" method="post" action="${A}${AUTH_PATHS.captcha}">
${hidden("phone", phone)}${hidden("redirect_url", redirect)}
<img id="captcha-image" data-testid="captcha-image" alt="Капча" src="${A}/captcha/${captchaId}.svg" width="160" height="56"><br>
<input id="captcha" name="captcha" autocomplete="off" data-testid="captcha-input">
${errorLine(error)}
<p><button type="submit" id="captcha-submit" data-testid="captcha-submit">Продолжить</button></p>
</form></div>`,
  );
}

/** Step 2: the SMS code. */
export function codePage(phone: string, redirect: string, error?: string): string {
  const masked = `${phone.slice(0, 2)} ${phone.slice(2, 5)} ***-**-${phone.slice(-2)}`;
  return page(
    "Код из СМС — Портал продавцов",
    html`<div class="card"><h1>Введите код</h1>
<p>Код отправлен на номер ${masked}</p>
<form id="code-form" method="post" action="${A}${AUTH_PATHS.code}">
${hidden("phone", phone)}${hidden("redirect_url", redirect)}
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" data-testid="code-input">
${errorLine(error)}
<p><button type="submit" id="code-submit" data-testid="code-submit">Войти</button></p>
</form></div>`,
  );
}
