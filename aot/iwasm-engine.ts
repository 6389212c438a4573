/**
 * iwasm-ts's view of an .aot module (platforms/node/iwasm.ts `Engine`
 * interface): load, instantiate, exported functions and memory, with load,
 * link and trap failures reported through the CLI's own error classes.
 */
import { Trap, WasmError } from "../core/runtime.js";
import { AotRuntime, AotFunction, type AotRuntimeOptions } from "./loader.js";

export { isAot, isBytecodeAot } from "./format.js";

interface Failures {
  LoadFailure: new (m: string) => Error;
  LinkFailure: new (m: string) => Error;
  TrapFailure: new (m: string, backtrace: string[]) => Error;
}

export function aotEngine(options: AotRuntimeOptions, f: Failures) {
  const rt = new AotRuntime(options);
  const rethrow = (e: unknown, as: new (m: string) => Error): never => {
    if (e instanceof Trap) throw new f.TrapFailure(e.message, e.backtrace);
    if (e instanceof WasmError) throw new as(e.message);
    throw e;
  };
  return {
    runtime: rt,
    load(bytes: Uint8Array) {
      let mod;
      try { mod = rt.load(bytes); } catch (e) { return rethrow(e, f.LoadFailure); }
      const m = mod;
      return {
        describe: () => `js target, ${m.asm ? "asm.js" : "plain"} flavor${m.file.code.source && m.file.code.asmSource ? " (the file has both)" : ""}, ${m.pairs ? "i64 pairs" : "i64 BigInt"}${m.metered ? ", metered" : ""}`,
        instantiate(imports: Record<string, Record<string, unknown>>) {
          let inst;
          try { inst = rt.instantiate(mod, imports); } catch (e) { return rethrow(e, f.LinkFailure); }
          return {
            func(name: string) {
              const fn = inst.exports[name];
              if (!(fn instanceof AotFunction)) return undefined;
              return {
                type: fn.type,
                call: (...args: unknown[]) => {
                  try { return fn.call(...args); } catch (e) { return rethrow(e, Error); }
                },
              };
            },
            memory: () => inst.memory?.buffer(),
          };
        },
      };
    },
  };
}
