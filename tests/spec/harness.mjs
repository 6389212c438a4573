/**
 * Runs the commands of one converted spec script (wast2json JSON) on an
 * engine context (engines.mjs) and tallies the outcome.
 *
 * Every command counts once: passed, failed, or n/a (text-format modules,
 * which need a text parser we do not have). For rejections and traps the
 * expected message is also compared with ours (ours must contain it); a
 * difference is a "message mismatch", reported apart and never a failure.
 */
import { HarnessError } from "./engines.mjs";
import { format, formatAll, matchesAll, parseValue } from "./values.mjs";

/** What each assertion must be rejected/stopped with, and at which step. */
const EXPECTED_KIND = {
  assert_trap: "trap",
  assert_exhaustion: "exhaustion",
  assert_invalid: "invalid",
  assert_malformed: "malformed",
  assert_unlinkable: "link",
  assert_uninstantiable: "trap",
};

/** Slots of the Int32Array through which a worker shares its progress (run.mjs, worker.mjs). */
export const PROGRESS = { passed: 0, failed: 1, na: 2, mismatches: 3, index: 4, line: 5, total: 6, size: 8 };

/** Whether our error message agrees with the script's expected text. */
export function messageMatches(expected, actual) {
  if (!expected) return true;
  return actual.startsWith(expected) || actual.includes(expected);
}

/** A short description of an action, e.g. `invoke "add"(i32:1, i32:2)` or `get $M.g`. */
function describeAction(a) {
  const mod = a.module ? `${a.module}.` : "";
  if (a.type === "get") return `get ${mod}${a.field}`;
  const args = (a.args ?? []).map((v) => {
    try {
      return format(parseValue(v));
    } catch {
      return JSON.stringify(v);
    }
  });
  return `invoke ${mod}"${a.field}"(${args.join(", ")})`;
}

/** One-line description of an error: `trap: integer divide by zero`. */
function describeError(kind, e) {
  const msg = e?.message ?? String(e);
  return kind === "other" ? `${e?.name ?? "error"}: ${msg}` : `${kind}: ${msg}`;
}

/**
 * Run one script.
 *   json        the wast2json object ({ source_filename, commands })
 *   readModule  (filename) → Uint8Array, for the files the commands name
 *   ctx         an engine context (engines.mjs)
 *   onProgress  optional (index, command, counts) callback, called before each command
 * Returns { passed, failed, na, mismatches, failures: [{line, command, detail}], mismatchDetails: [...] }.
 */
export function runScript({ json, readModule, ctx, onProgress }) {
  const result = { passed: 0, failed: 0, na: 0, mismatches: 0, failures: [], mismatchDetails: [] };
  const named = new Map(); // "$name" → instance (null if it failed to instantiate)
  const registered = {}; // import module name → exports
  let current = null;
  let currentError = "no module instantiated yet";

  const imports = () => ({ spectest: ctx.spectest, ...registered });
  const pass = () => result.passed++;
  const fail = (cmd, detail) => {
    result.failed++;
    result.failures.push({ line: cmd.line, command: cmd.type, detail });
  };
  const checkMessage = (cmd, kind, e) => {
    const msg = e?.message ?? String(e);
    const notes = [];
    if (cmd.text !== undefined && !messageMatches(cmd.text, msg)) notes.push(`expected "${cmd.text}", got "${msg}"`);
    if (ctx.distinguishesMalformed && (cmd.type === "assert_invalid" || cmd.type === "assert_malformed") && kind !== EXPECTED_KIND[cmd.type]) {
      notes.push(`reported as ${kind}, expected ${EXPECTED_KIND[cmd.type]}`);
    }
    if (notes.length) {
      result.mismatches++;
      result.mismatchDetails.push({ line: cmd.line, command: cmd.type, detail: notes.join("; ") });
    }
  };

  const instanceFor = (moduleName) => {
    if (moduleName === undefined) {
      if (!current) throw new HarnessError(`no current module (${currentError})`);
      return current;
    }
    const inst = named.get(moduleName);
    if (!inst) throw new HarnessError(named.has(moduleName) ? `module ${moduleName} failed to instantiate` : `unknown module ${moduleName}`);
    return inst;
  };

  /** Perform an action; returns the result values. */
  const perform = (action, expectedTypes) => {
    const inst = instanceFor(action.module);
    switch (action.type) {
      case "invoke":
        return ctx.invoke(inst, action.field, (action.args ?? []).map(parseValue), expectedTypes);
      case "get":
        return [ctx.get(inst, action.field, expectedTypes[0])];
      default:
        throw new HarnessError(`unsupported action type ${action.type}`);
    }
  };

  const load = (cmd) => ctx.load(readModule(cmd.filename));

  json.commands.forEach((cmd, index) => {
    onProgress?.(index, cmd, result);
    if (cmd.module_type === "text") {
      result.na++;
      return;
    }
    const expectedTypes = (cmd.expected ?? []).map((v) => v.type);
    try {
      switch (cmd.type) {
        case "module": {
          let inst = null;
          try {
            inst = ctx.instantiate(load(cmd), imports());
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            currentError = `module at line ${cmd.line} failed`;
            current = null;
            if (cmd.name) named.set(cmd.name, null);
            fail(cmd, `module failed: ${describeError(ctx.classify(e), e)}`);
            return;
          }
          current = inst;
          if (cmd.name) named.set(cmd.name, inst);
          pass();
          return;
        }
        case "register": {
          const inst = instanceFor(cmd.name);
          registered[cmd.as] = ctx.exportsOf(inst);
          pass();
          return;
        }
        case "action": {
          try {
            perform(cmd.action, expectedTypes);
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            fail(cmd, `${describeAction(cmd.action)} threw ${describeError(ctx.classify(e), e)}`);
            return;
          }
          pass();
          return;
        }
        case "assert_return": {
          const expected = cmd.expected.map(parseValue);
          let got;
          try {
            got = perform(cmd.action, expectedTypes);
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            fail(cmd, `${describeAction(cmd.action)}: expected ${formatAll(expected)}, got ${describeError(ctx.classify(e), e)}`);
            return;
          }
          if (matchesAll(expected, got)) pass();
          else fail(cmd, `${describeAction(cmd.action)}: expected ${formatAll(expected)}, got ${formatAll(got)}`);
          return;
        }
        case "assert_trap":
        case "assert_exhaustion": {
          const want = EXPECTED_KIND[cmd.type];
          let got;
          try {
            got = perform(cmd.action, expectedTypes);
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            const kind = ctx.classify(e);
            if (kind === want) {
              pass();
              checkMessage(cmd, kind, e);
            } else {
              fail(cmd, `${describeAction(cmd.action)}: expected ${want} "${cmd.text}", got ${describeError(kind, e)}`);
            }
            return;
          }
          fail(cmd, `${describeAction(cmd.action)}: expected ${want} "${cmd.text}", got ${formatAll(got)}`);
          return;
        }
        case "assert_invalid":
        case "assert_malformed": {
          try {
            load(cmd);
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            const kind = ctx.classify(e);
            if (kind === "malformed" || kind === "invalid") {
              pass();
              checkMessage(cmd, kind, e);
            } else {
              fail(cmd, `${cmd.filename}: expected ${EXPECTED_KIND[cmd.type]} "${cmd.text}", got ${describeError(kind, e)}`);
            }
            return;
          }
          fail(cmd, `${cmd.filename}: expected ${EXPECTED_KIND[cmd.type]} "${cmd.text}", but the module loaded`);
          return;
        }
        case "assert_unlinkable":
        case "assert_uninstantiable": {
          const want = EXPECTED_KIND[cmd.type];
          let module;
          try {
            module = load(cmd);
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            fail(cmd, `${cmd.filename}: expected ${want} "${cmd.text}" at instantiation, but load failed: ${describeError(ctx.classify(e), e)}`);
            return;
          }
          try {
            ctx.instantiate(module, imports());
          } catch (e) {
            if (e instanceof HarnessError) throw e;
            const kind = ctx.classify(e);
            if (kind === want) {
              pass();
              checkMessage(cmd, kind, e);
            } else {
              fail(cmd, `${cmd.filename}: expected ${want} "${cmd.text}", got ${describeError(kind, e)}`);
            }
            return;
          }
          fail(cmd, `${cmd.filename}: expected ${want} "${cmd.text}", but the module instantiated`);
          return;
        }
        default:
          fail(cmd, `unsupported command type ${cmd.type}`);
      }
    } catch (e) {
      // Harness-level problems (missing module, unsupported value, engine crash in the adapter).
      const what = cmd.action ? `${describeAction(cmd.action)}: ` : "";
      fail(cmd, `${what}${e instanceof HarnessError ? "" : `${e?.name ?? "error"}: `}${e?.message ?? e}`);
    }
  });
  return result;
}
