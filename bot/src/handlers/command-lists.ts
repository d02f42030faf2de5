import { SALES_ADMIN_COMMANDS } from "./sales/command-list.ts";

/** The seller's commands, in the order Telegram's menu and `/help` list them. */
export const SELLER_COMMANDS = [
  "start",
  "new",
  "tasks",
  "slots",
  "cabinets",
  "plan",
  "settings",
  "support",
  "language",
  "help",
] as const;

/** Commands only admins have: in their command menu and in their `/help`. Descriptions are locale keys. */
export const ADMIN_COMMANDS: readonly { command: string; description: string }[] = [
  { command: "status", description: "admin.status.command" },
  { command: "grant", description: "admin.billing.grantCommand" },
  { command: "refund", description: "admin.billing.refundCommand" },
  ...SALES_ADMIN_COMMANDS.map((command) => ({ command, description: `sales.bot.commands.${command}` })),
];
