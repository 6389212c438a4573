/**
 * The one host interface the runtime needs on an embedded JavaScript host,
 * and `runOnHost`, which loads and runs a module through it. The board
 * adapters (platforms/espruino, platforms/zephyr, platforms/nowasm) only
 * implement `Host`; everything else is here and in the core.
 *
 * Runs without WebAssembly, BigInt, eval or Promise: the core is the JS form
 * (`createCore` from core.mjs, inlined in the embedded bundle) and the
 * runtime is created with Runtime.createSync.
 */
import { Runtime, WasmError, Trap } from "../../core/runtime.js";
import { MiniWasi, WasiExit } from "./mini-wasi.js";
import { formatTrap } from "./trap-format.js";

export interface Host {
  /** The bytes of module `name` (a file name, a Storage key, ...). */
  readModule(name: string): Uint8Array;
  /** Write text to the console (no newline is added: `text` carries its own). */
  print(text: string): void;
  /**
   * Standard error, where the board has a separate channel (a second UART,
   * stderr on a desktop engine): the guest's fd 2, load errors and traps
   * (`Exception: ...` and the backtrace, as iwasm prints them). Defaults to `print`.
   */
  printErr?(text: string): void;
  /** Wall-clock time in milliseconds since 1970 (Date.now). */
  now(): number;
  /** A monotonic clock in milliseconds; defaults to `now`. */
  monotonic?(): number;
  /** Optional files, for WASI programs that open them (read-only). */
  readFile?(path: string): Uint8Array | undefined;
  /** Fill `buf` with random bytes; defaults to Math.random. */
  random?(buf: Uint8Array): void;
}

export interface RunOptions {
  /** argv[0] and the rest. */
  args?: string[];
  env?: Record<string, string>;
  /** Call this export with these arguments instead of running `_start`; prints its results as iwasm does. */
  invoke?: { name: string; args: any[] };
  stackSize?: number;
  maxMemoryPages?: number;
}

/**
 * Run module `name` on `host` with the JS core `createCore`. Returns the exit
 * status (proc_exit's code, 0 when `_start` returns, 1 after a trap, 255 when
 * the module cannot be loaded), printing errors as iwasm-ts does.
 */
export function runOnHost(host: Host, createCore: (env: any) => any, name: string, opts: RunOptions = {}): number {
  const err = (s: string) => (host.printErr ?? host.print)(s);
  let rt: Runtime;
  try {
    rt = Runtime.createSync({ loadCore: createCore, core: "js", stackSize: opts.stackSize ?? 64 << 10, maxMemoryPages: opts.maxMemoryPages });
  } catch (e) {
    err(`error: ${(e as Error).message}\n`);
    return 255;
  }
  let mod;
  try {
    mod = rt.load(host.readModule(name));
  } catch (e) {
    err(`error: ${(e as Error).message}\n`);
    return 255;
  }
  const wasi = new MiniWasi(host, { args: opts.args ?? [name], env: opts.env ?? {} });
  let inst;
  try {
    inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.importsFor(mod) });
  } catch (e) {
    if (e instanceof WasiExit) { wasi.flush(); return e.code; }
    err(`error: ${(e as Error).message}\n`);
    return 255;
  }
  wasi.bindMemory(() => inst.memory!.buffer());
  try {
    if (opts.invoke) {
      const f = inst.func(opts.invoke.name);
      if (!f) { err(`error: no exported function "${opts.invoke.name}"\n`); return 255; }
      const r = f.call(...opts.invoke.args);
      wasi.flush();
      const results = f.type.results.length === 1 ? [r] : f.type.results.length ? r : [];
      host.print(results.map((v: any, i: number) => formatValue(v, f.type.results[i])).join(",") + "\n");
      return 0;
    }
    const start = inst.func("_start");
    if (!start) { err("error: no _start export\n"); return 255; }
    start.call();
    wasi.flush();
    return 0;
  } catch (e) {
    wasi.flush();
    if (e instanceof WasiExit) return e.code;
    if (e instanceof Trap) {
      err(formatTrap(e.reason, e.backtrace));
      return 1;
    }
    if (e instanceof WasmError) { err(`error: ${e.message}\n`); return 1; }
    throw e;
  }
}

/** A loaded and instantiated module on a host (see `startOnHost`). */
export interface Started {
  /**
   * Call export `name` with `args`: its result (an array when it has several,
   * undefined when none). Throws Trap, WasmError or WasiExit as Runtime does,
   * after writing the guest's buffered output.
   */
  call(name: string, args?: any[]): any;
  /** The same, formatted as iwasm prints results ("0x5:i32"). */
  callText(name: string, args?: any[]): string;
  /** Export names. */
  exports(): string[];
  /** Drop the runtime: later calls throw; its memory goes with the last reference. */
  stop(): void;
}

/**
 * Load and instantiate module `name` on `host` without running `_start`: for
 * reactor modules whose exports the board calls later (from a timer, a button
 * handler, ...). Calls `_initialize` when the module exports it. Throws
 * WasmError when the module cannot be loaded or instantiated.
 */
export function startOnHost(host: Host, createCore: (env: any) => any, name: string, opts: RunOptions = {}): Started {
  let rt: Runtime | null = Runtime.createSync({ loadCore: createCore, core: "js", stackSize: opts.stackSize ?? 64 << 10, maxMemoryPages: opts.maxMemoryPages });
  const mod = rt.load(host.readModule(name));
  const wasi = new MiniWasi(host, { args: opts.args ?? [name], env: opts.env ?? {} });
  const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.importsFor(mod) });
  wasi.bindMemory(() => inst.memory!.buffer());
  const call = (fn: string, args: any[] = []): any => {
    if (!rt) throw new Error("stopped");
    const f = inst.func(fn);
    if (!f) throw new WasmError("link", `no exported function "${fn}"`);
    try { return f.call(...args); } finally { wasi.flush(); }
  };
  if (inst.func("_initialize")) call("_initialize");
  return {
    call,
    callText(fn: string, args: any[] = []): string {
      const r = call(fn, args);
      const types = inst.func(fn)!.type.results;
      const results = types.length === 1 ? [r] : types.length ? r : [];
      return results.map((v: any, i: number) => formatValue(v, types[i])).join(",");
    },
    exports: () => mod.exports().map((e) => e.name),
    // (a Runtime has no explicit free: dropping it frees its core memory with it)
    stop() { rt = null; },
  };
}

/**
 * Text to whole lines: for hosts whose only output adds a newline per call
 * (console.log on Espruino, JerryScript, Duktape's print). `flush` writes a
 * partial last line.
 */
export function lineWriter(log: (line: string) => void): { write(text: string): void; flush(): void } {
  let buf = "";
  return {
    write(text: string) {
      buf += text;
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) { log(buf.slice(0, i)); buf = buf.slice(i + 1); }
    },
    flush() { if (buf) { log(buf); buf = ""; } },
  };
}

/** iwasm's result format: `0x1:i32`, `0x1:i64`, `1.5:f64`. */
function formatValue(v: any, t: string): string {
  if (t === "i32") return `0x${(v >>> 0).toString(16)}:i32`;
  if (t === "i64") {
    if (typeof v === "object") return `0x${hex64(v.hi >>> 0, v.lo >>> 0)}:i64`;
    return `0x${BigInt.asUintN(64, BigInt(v)).toString(16)}:i64`;
  }
  if (t === "f32" || t === "f64") return `${formatG(v)}:${t}`;
  return `${String(v)}:${t}`;
}

function hex64(hi: number, lo: number): string {
  if (!hi) return lo.toString(16);
  const l = lo.toString(16);
  return hi.toString(16) + "00000000".slice(l.length) + l;
}

/** C's %g with 7 significant digits, as iwasm prints floats (platforms/node/iwasm.ts formatG, in ES5-level JS). */
function formatG(x: number): string {
  const precision = 7;
  if (x !== x) {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return v.getUint8(0) & 0x80 ? "-nan" : "nan";
  }
  if (x === Infinity || x === -Infinity) return x < 0 ? "-inf" : "inf";
  if (x === 0) return 1 / x < 0 ? "-0" : "0";
  const strip = (m: string): string => (m.indexOf(".") >= 0 ? m.replace(/0+$/, "").replace(/\.$/, "") : m);
  const parts = x.toExponential(precision - 1).split("e");
  const exp = Number(parts[1]);
  if (exp < -4 || exp >= precision) {
    const a = Math.abs(exp);
    return `${strip(parts[0])}e${exp < 0 ? "-" : "+"}${a < 10 ? "0" : ""}${a}`;
  }
  return strip(x.toFixed(precision - 1 - exp));
}
