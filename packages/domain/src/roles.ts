/** Admins are named by Telegram id in configuration (ADMIN_TELEGRAM_IDS); everyone else is a seller. */
export function isAdmin(adminTelegramIds: readonly number[], telegramId: number): boolean {
  return adminTelegramIds.includes(telegramId);
}
