/** The sales commands admins see in Telegram's command menu (their own chats only). */
export const SALES_ADMIN_COMMANDS = [
  "add_account",
  "list_accounts",
  "disable_account",
  "enable_account",
  "list",
  "view",
  "stop",
  "export",
  "export_all",
  "takeover",
  "handback",
  "prompt",
  "set_prompt",
] as const;
