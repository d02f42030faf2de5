import { parseArgs } from "node:util";

/** A command's options as `parseArgs` takes them: string options and `-h, --help`. */
type Options = Record<string, { type: "string" } | { type: "boolean"; short?: string }>;

/**
 * A `./slotpilot` command's arguments, read leniently so that a mistake is one line for a person
 * (parseArgs' own errors are thrown and would print a stack): a request for help, what is wrong
 * (an unknown option, an argument no option takes, a string option without its value), or the
 * string options given.
 */
export function commandArgs(
  args: readonly string[],
  options: Options,
): { kind: "help" } | { kind: "error"; message: string } | { kind: "values"; values: Record<string, string> } {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option" && !(token.name in options))
      return { kind: "error", message: `unknown option ${token.rawName}` };
  }
  if (values.help === true) return { kind: "help" };
  if (positionals.length > 0) return { kind: "error", message: `unexpected argument "${positionals[0]}"` };
  const given: Record<string, string> = {};
  for (const [name, option] of Object.entries(options)) {
    const value = values[name];
    if (option.type !== "string" || value === undefined) continue;
    if (typeof value !== "string") return { kind: "error", message: `--${name} needs a value` };
    given[name] = value;
  }
  return { kind: "values", values: given };
}
