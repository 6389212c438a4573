// How a trap is printed, shared by iwasm-ts (platforms/node/iwasm.ts) and the
// embedded hosts (platforms/common/host.ts). No imports: iwasm-ts loads the
// runtime lazily and this must not pull it in.

/**
 * A trap as iwasm prints it: `Exception: <reason>` and, when the core keeps
 * backtraces (DUMP_CALL_STACK), `backtrace:` and one `  #NN: name` line per
 * frame, innermost first. (iwasm-ts prints the same, platforms/node/iwasm.ts.)
 */
export function formatTrap(reason: string, backtrace: string[]): string {
  let s = `Exception: ${reason}\n`;
  if (backtrace.length > 0) {
    s += "backtrace:\n";
    for (let i = 0; i < backtrace.length; i++) s += `  #${i < 10 ? "0" : ""}${i}: ${backtrace[i]}\n`;
  }
  return s;
}
