#!/usr/bin/env node
/**
 * `iwasm-ts`: run a WebAssembly module from the command line, in the style of
 * WAMR's `iwasm`.
 *
 *     iwasm-ts [options] file.wasm [args...]
 *
 * Options stop at the first positional argument (the file): everything after
 * it goes to the guest (`argv[0]` is the file as given, as iwasm does), or,
 * with `-f FUNC`, is parsed as FUNC's parameters.
 *
 * Without `-f` it runs a WASI command (`_start`). With `-f` it calls the
 * export (after `_initialize` when the module exports one, as reactors need)
 * and prints its results the way iwasm's `wasm_application_execute_func`
 * does: `0x2a:i32`, `0x7:i64`, `%.7g:f32`, `%.7g:f64`, comma-separated, then a
 * newline (so a function without results prints an empty line).
 *
 * Exit status (iwasm's):
 * - the guest's `proc_exit` status (`& 0xff`), or 0 when `_start` / the function returns;
 * - 1 after a trap (`Exception: <message>` and a backtrace on stderr), a
 *   missing function, or bad `-f` arguments;
 * - 255 when the file cannot be read, loaded (decoded/validated) or instantiated;
 * - 1 for a usage error (unknown option, missing file argument).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError, Option } from "commander";
import { Wasi, WasiExit } from "./wasi.js";
import { formatTrap } from "../common/trap-format.js";
import type { FuncType, ValueType } from "../../core/types.js";

// ---------------------------------------------------------------------------
// Engines

/** An exported function as the CLI needs it: its type and a way to call it with JS-API values. */
export interface EngineFunction {
  type: FuncType;
  call(...args: unknown[]): unknown;
}

/** An instantiated module. */
export interface EngineInstance {
  /** The exported function `name`, or undefined if there is none. */
  func(name: string): EngineFunction | undefined;
  /** A fresh view of the first linear memory (undefined if the module has none). */
  memory(): Uint8Array | undefined;
}

/** A loaded (decoded and validated) module. */
export interface EngineModule {
  /** What runs the module, for the -v=3 log (e.g. an .aot file's code flavor); optional. */
  describe?(): string;
  /** Link against `imports` (as `WebAssembly.instantiate` takes them). @throws LinkFailure */
  instantiate(imports: Record<string, Record<string, unknown>>): EngineInstance;
}

/** What `createEngine` returns: decodes and validates a binary. */
export interface Engine {
  /** @throws LoadFailure for a malformed or invalid binary. */
  load(bytes: Uint8Array): EngineModule;
}

/** A module that could not be loaded; `message` is the reason and includes the byte offset when known. */
export class LoadFailure extends Error {}
/** A module that could not be instantiated (missing import, type mismatch, start function trapped…). */
export class LinkFailure extends Error {}
/** A trap, in engine-neutral form: the spec's message and the wasm call stack, innermost first. */
export class TrapFailure extends Error {
  constructor(message: string, readonly backtrace: string[]) {
    super(message);
  }
}

export interface EngineOptions {
  /** `wamr` (the wamr-ts runtime, default) or `node` (Node's own WebAssembly; hidden, for testing the CLI). */
  engine: "wamr" | "node";
  core?: "wasm" | "js";
  /** Interpreter; undefined: the runtime's default (fast when built in). */
  interp?: "classic" | "fast";
  /** Fast interpreter: the translator's optimization level (RuntimeOptions.translateOpt; default 0). */
  translateOpt?: number;
  /** Interpreter value stack in bytes (WAMR's --stack-size). */
  stackSize?: number;
  maxMemoryPages?: number;
  /** Ed25519 public keys (PEM): when given, .aot files must be signed by one of them. */
  trustedKeys?: Buffer[];
  /** js-target .aot files with both flavors: which runs (AotRuntimeOptions.jsFlavor; default "auto"). */
  jsFlavor?: "auto" | "asmjs" | "plain";
}

/**
 * Build the engine. This is the only place that knows the runtime's API.
 * @throws Error for a configuration this build cannot run.
 */
export async function createEngine(o: EngineOptions): Promise<Engine> {
  if (o.engine === "node") return nodeEngine();
  // Loaded lazily so that --engine=node works without a built core.
  const { Runtime, WasmError, Trap } = await import("../../core/runtime.js");
  let verify;
  if (o.trustedKeys?.length) {
    const { trustedKeys } = await import("../../aot/sign.js");
    try {
      verify = trustedKeys(o.trustedKeys);
    } catch (e) {
      throw new Error(`--trusted-key: ${(e as Error).message}`);
    }
  }
  // .wasm and .aot files of the bytecode target run on the core; .aot js ones on aot/loader.ts
  const rt = await Runtime.create({ core: o.core, interpreter: o.interp, stackSize: o.stackSize, maxMemoryPages: o.maxMemoryPages, translateOpt: o.translateOpt, verify });
  const rethrow = (e: unknown, as: new (m: string) => Error): never => {
    if (e instanceof Trap) throw new TrapFailure(e.message, e.backtrace);
    if (e instanceof WasmError) throw new as(e.message);
    throw e;
  };
  // .aot files of the js target (wamrc-ts) run on the AoT loader (aot/loader.ts), without binaryen.
  const aot = await import("../../aot/iwasm-engine.js");
  const aotEngine = aot.aotEngine({ maxMemoryPages: o.maxMemoryPages, verify, jsFlavor: o.jsFlavor }, { LoadFailure, LinkFailure, TrapFailure });
  return {
    load(bytes) {
      if (aot.isAot(bytes) && !aot.isBytecodeAot(bytes)) return aotEngine.load(bytes);
      let mod;
      try {
        mod = rt.load(bytes);
      } catch (e) {
        return rethrow(e, LoadFailure);
      }
      return {
        instantiate(imports) {
          let inst;
          try {
            inst = rt.instantiate(mod, imports);
          } catch (e) {
            return rethrow(e, LinkFailure);
          }
          return {
            func(name) {
              const f = inst.exports[name];
              if (!f || !("call" in f)) return undefined;
              return {
                type: f.type,
                call: (...args: unknown[]) => {
                  try {
                    return f.call(...args);
                  } catch (e) {
                    return rethrow(e, Error); // traps become TrapFailure; host exceptions pass through
                  }
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

/** Spec wording (as WAMR prints it) for V8's trap messages. */
const V8_TRAPS: Record<string, string> = {
  "unreachable": "unreachable",
  "memory access out of bounds": "out of bounds memory access",
  "divide by zero": "integer divide by zero",
  "remainder by zero": "integer divide by zero",
  "integer overflow": "integer overflow",
  "float unrepresentable in integer range": "invalid conversion to integer",
  "table index is out of bounds": "undefined element",
  "null function or function signature mismatch": "indirect call type mismatch",
  "data segment out of bounds": "out of bounds memory access",
  "Maximum call stack size exceeded": "call stack exhausted",
};

/** Node's own WebAssembly as an engine (stack size and memory limits are not applied). */
function nodeEngine(): Engine {
  Error.stackTraceLimit = 200;
  const trapOf = (e: unknown): unknown => {
    if (e instanceof WebAssembly.RuntimeError || (e instanceof RangeError && /call stack/.test(e.message))) {
      const message = V8_TRAPS[(e as Error).message] ?? (e as Error).message;
      return new TrapFailure(message, wasmFrames((e as Error).stack ?? ""));
    }
    return e;
  };
  return {
    load(bytes) {
      let mod: WebAssembly.Module;
      try {
        mod = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
      } catch (e) {
        // V8: "WebAssembly.Module(): <reason> @+<offset>"
        const m = /^WebAssembly\.Module\(\): (.*?)(?: @\+(\d+))?$/.exec((e as Error).message);
        throw new LoadFailure(m ? (m[2] ? `${m[1]} (at byte offset ${m[2]}, 0x${(+m[2]).toString(16)})` : m[1]) : (e as Error).message);
      }
      const types = exportedFuncTypes(bytes);
      return {
        instantiate(imports) {
          let inst: WebAssembly.Instance;
          try {
            inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
          } catch (e) {
            const t = trapOf(e);
            if (t instanceof TrapFailure) throw t;
            throw new LinkFailure((e as Error).message.replace(/^WebAssembly\.Instance\(\): /, ""));
          }
          const exports = inst.exports as Record<string, unknown>;
          const memory = Object.values(exports).find((x) => x instanceof WebAssembly.Memory) as WebAssembly.Memory | undefined;
          return {
            func(name) {
              const f = exports[name];
              const type = types.get(name);
              if (typeof f !== "function" || !type) return undefined;
              return {
                type,
                call: (...args: unknown[]) => {
                  try {
                    return (f as (...a: unknown[]) => unknown)(...args);
                  } catch (e) {
                    throw trapOf(e);
                  }
                },
              };
            },
            memory: () => (memory ? new Uint8Array(memory.buffer) : undefined),
          };
        },
      };
    },
  };
}

/** Names of the wasm frames in a V8 stack trace, innermost first (`$f<index>` when unnamed). */
function wasmFrames(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    const m = /^\s*at (?:(\S+) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]/.exec(line);
    if (m) out.push(m[1] && !m[1].startsWith("wasm://") ? m[1].replace(/^\$/, "") : `$f${m[2]}`);
  }
  return out;
}

/**
 * Function types of a binary's exported functions, read from its type,
 * import, function and export sections (Node's WebAssembly does not expose
 * them). Assumes the binary already passed `new WebAssembly.Module`.
 */
export function exportedFuncTypes(bytes: Uint8Array): Map<string, FuncType> {
  const VT: Record<number, ValueType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x70: "funcref", 0x6f: "externref" };
  let p = 8;
  const u32 = (): number => {
    let result = 0, shift = 0, b: number;
    do {
      b = bytes[p++];
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return result >>> 0;
  };
  const name = (): string => {
    const n = u32();
    const s = new TextDecoder().decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const limits = (): void => {
    const flags = bytes[p++];
    u32();
    if (flags & 1) u32();
  };
  const types: FuncType[] = [];
  const funcs: number[] = []; // type index per function index
  const result = new Map<string, FuncType>();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u32();
    const end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        p++; // 0x60
        const params = Array.from({ length: u32() }, () => VT[bytes[p++]] ?? ("v128" as ValueType));
        const results = Array.from({ length: u32() }, () => VT[bytes[p++]] ?? ("v128" as ValueType));
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        name();
        name();
        const kind = bytes[p++];
        if (kind === 0) funcs.push(u32());
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) limits();
        else if (kind === 3) p += 2;
        else if (kind === 4) { p++; u32(); }
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcs.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const field = name();
        const kind = bytes[p++];
        const index = u32();
        if (kind === 0 && types[funcs[index]]) result.set(field, types[funcs[index]]);
      }
    }
    p = end;
  }
  return result;
}

// ---------------------------------------------------------------------------
// -f arguments and results (wasm_application_execute_func)

/**
 * Parse a C integer as `strtoul(s, &end, 0)` does (decimal, `0x` hex,
 * leading-`0` octal, optional sign; a trailing `_` is tolerated as iwasm does)
 * and wrap it to `bits`. Returns undefined if `s` is not such a number.
 */
export function parseCInteger(s: string, bits: 32 | 64): bigint | undefined {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)_?$/.exec(s);
  if (!m) return undefined;
  const digits = m[2];
  let v = /^0[0-7]+$/.test(digits) ? BigInt("0o" + digits.slice(1)) : BigInt(digits);
  if (m[1] === "-") v = -v;
  return BigInt.asUintN(bits, v);
}

/**
 * Parse a float as `strtod`/`strtof` do (decimal, hex floats `0x1.8p3`,
 * `inf`/`infinity`, `nan`), plus iwasm's `nan:0xPAYLOAD` for NaN payloads.
 * Returns the value's bit pattern (u32 for f32, u64 for f64), or undefined.
 */
export function parseCFloat(s: string, bits: 32 | 64): bigint | undefined {
  const t = s.trim().replace(/_$/, "");
  const m = /^([+-]?)(.*)$/.exec(t)!;
  const neg = m[1] === "-";
  const body = m[2].toLowerCase();
  const buf = new DataView(new ArrayBuffer(8));
  const bitsOf = (x: number): bigint => {
    if (bits === 32) {
      buf.setFloat32(0, x);
      return BigInt(buf.getUint32(0));
    }
    buf.setFloat64(0, x);
    return buf.getBigUint64(0);
  };
  const signBit = bits === 32 ? 1n << 31n : 1n << 63n;
  const nan = /^nan(?::(0x[0-9a-f]+|[0-9]+))?$/.exec(body);
  if (nan) {
    const quiet = bits === 32 ? 0x7fc00000n : 0x7ff8000000000000n;
    const expBits = bits === 32 ? 0x7f800000n : 0x7ff0000000000000n;
    const mantMask = bits === 32 ? 0x7fffffn : 0xfffffffffffffn;
    let v = nan[1] ? expBits | (BigInt(nan[1]) & mantMask) : quiet;
    if (v === expBits) v = quiet; // a zero payload would be infinity
    return neg ? v | signBit : v;
  }
  let x: number;
  if (body === "inf" || body === "infinity") x = Infinity;
  else if (/^0x([0-9a-f]*)\.?([0-9a-f]*)(p[+-]?\d+)?$/.test(body) && body !== "0x" && body !== "0x.") {
    const hm = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/.exec(body)!;
    const mant = BigInt("0x" + ((hm[1] + hm[2]) || "0"));
    x = Number(mant) * 2 ** (Number(hm[3] ?? 0) - 4 * hm[2].length);
  } else if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(body)) x = Number(body);
  else return undefined;
  return bitsOf(neg ? -x : x);
}

/** Convert command-line argument `s` to a JS-API value of type `t`. @throws Error iwasm's "invalid input argument". */
export function parseArgument(s: string, t: ValueType, index: number): unknown {
  const bad = (): never => {
    throw new Error(s === "" ? `invalid input argument ${index}` : `invalid input argument ${index}: ${s}`);
  };
  if (s === "") bad();
  const view = new DataView(new ArrayBuffer(8));
  switch (t) {
    case "i32": {
      const v = parseCInteger(s, 32) ?? bad();
      return Number(BigInt.asIntN(32, v));
    }
    case "i64":
      return BigInt.asIntN(64, parseCInteger(s, 64) ?? bad());
    case "f32":
      view.setUint32(0, Number(parseCFloat(s, 32) ?? bad()));
      return view.getFloat32(0);
    case "f64":
      view.setBigUint64(0, parseCFloat(s, 64) ?? bad());
      return view.getFloat64(0);
    case "funcref":
    case "externref":
      if (/^null$/i.test(s)) return null;
      throw new Error(`invalid input argument ${index}: only null references can be given on the command line`);
  }
  return bad();
}

/** C's `%.<precision>g` (glibc spelling of infinities and NaNs). */
export function formatG(x: number, precision = 7): string {
  if (Number.isNaN(x)) {
    const v = new DataView(new ArrayBuffer(8));
    v.setFloat64(0, x);
    return v.getUint8(0) & 0x80 ? "-nan" : "nan";
  }
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const strip = (m: string): string => (m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m);
  const [mant, e] = x.toExponential(precision - 1).split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= precision) {
    return `${strip(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return strip(x.toFixed(precision - 1 - exp));
}

/** One result as iwasm prints it: `0x2a:i32`, `0xff:i64`, `1.5:f32`, `2.5:f64`, `func:ref.null`. */
export function formatResult(v: unknown, t: ValueType): string {
  switch (t) {
    case "i32":
      return `0x${((v as number) >>> 0).toString(16)}:i32`;
    case "i64":
      return `0x${BigInt.asUintN(64, v as bigint).toString(16)}:i64`;
    case "f32":
      return `${formatG(v as number)}:f32`;
    case "f64":
      return `${formatG(v as number)}:f64`;
    case "funcref":
      return v === null ? "func:ref.null" : "ref.func";
    case "externref":
      return v === null ? "extern:ref.null" : "ref.extern";
  }
  return String(v);
}

// ---------------------------------------------------------------------------
// The command

/** The package version, from the package.json above this file (in the source tree or dist/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = path.join(dir, "package.json");
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8"));
      if (pkg.name === "wamr-ts") return String(pkg.version);
    }
    const up = path.dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

const out = (s: string): void => {
  fs.writeSync(1, s);
};
const err = (s: string): void => {
  fs.writeSync(2, s);
};

function integer(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The CLI's option definitions (exported for tests and docs). */
export function buildCommand(): Command {
  return new Command()
    .name("iwasm-ts")
    .usage("[options] <wasm-file> [args...]")
    .description("Run a WebAssembly module (a WASI command, or one export with -f) on the wamr-ts runtime.")
    .argument("<wasm-file>", "the module to run (.wasm, or .aot from wamrc-ts)")
    .argument("[args...]", "the program's arguments, or with -f the function's arguments")
    .passThroughOptions()
    .helpOption("-h, --help", "show this help")
    .version(`iwasm-ts ${packageVersion()}`, "--version", "print the version")
    .option("-f, --function <name>", "call this exported function instead of _start; the args are its parameters")
    .option("--dir <dir>", "preopen host directory <dir> (the guest sees it as <dir>); repeatable", collect)
    .option("--map-dir <guest::host>", "preopen host directory <host> as guest path <guest>; repeatable", collect)
    .option("--env <name=value>", 'set a WASI environment variable, e.g. --env="key=value"; repeatable', collect, [])
    .option("--stack-size <bytes>", "interpreter value stack size in bytes (default 1 MiB)", integer("--stack-size", 4096, 256 << 20))
    .option("--heap-size <bytes>", "accepted for iwasm compatibility and ignored: wamr-ts has no app heap (use --max-memory-pages)",
      integer("--heap-size", 0, 2 ** 32))
    .option("--max-memory-pages <n>", "largest linear memory, in 64 KiB pages (default 16383)", integer("--max-memory-pages", 0, 65536))
    .addOption(new Option("--interp <mode>", "interpreter (default: fast when the core has it, else classic)").choices(["classic", "fast"]))
    .option("--translate-opt <level>", "fast interpreter: translation level, 0 (load-time, default) or 1 (AoT-grade: slower load, faster code)", integer("--translate-opt", 0, 1))
    .addOption(new Option("--js-flavor <flavor>", "js-target .aot files with both flavors (wamrc-ts --js-flavor=auto): auto runs asm.js where the host validates it (faster code, slower first instantiation), plain the plain flavor").choices(["auto", "asmjs", "plain"]).default("auto"))
    .option("--trusted-key <key.pem>", "run .aot files only when signed (wamrc-ts --sign-key) by this Ed25519 public key; repeatable", collect)
    .addOption(new Option("--core <build>", "core build: wasm (core.wasm on Node's WebAssembly) or js (its wasm2js form)").choices(["wasm", "js"]))
    // Hidden, for testing the CLI without the runtime: Node's own WebAssembly.
    // IWASM_TS_ENGINE=node makes it the default (e.g. to run the examples tests).
    .addOption(new Option("--engine <engine>").choices(["wamr", "node"]).default(process.env.IWASM_TS_ENGINE ?? "wamr").hideHelp())
    .option("-v, --verbose <level>", "log level 0-5 (iwasm's -v=N): 3 shows load steps, 5 traces WASI calls", (v: string) => {
      const n = Number(v.replace(/^=/, ""));
      if (!Number.isInteger(n) || n < 0 || n > 5) throw new InvalidArgumentError("use -v=N with N from 0 to 5.");
      return n;
    }, 2)
    .addHelpText("after", `
Options stop at the file: anything after it is passed to the program
(argv[0] is the file as given), so program options like -x pass through.

Exit status: the program's proc_exit status, 0 when _start (or the -f
function) returns, 1 after a trap ("Exception: ..." and a backtrace on
stderr), 255 when the file cannot be read, loaded or instantiated.

With -f, arguments are parsed by the function's parameter types (integers as
in C: 42, 0x2a, -1; floats: 1.5, inf, nan, nan:0x200000) and results are
printed as iwasm does: 0x2a:i32, 0x2a:i64, 1.5:f32, 2.5:f64.`);
}

interface Parsed {
  file: string;
  args: string[];
  function?: string;
  dir?: string[];
  mapDir?: string[];
  env?: string[];
  stackSize?: number;
  heapSize?: number;
  maxMemoryPages?: number;
  interp?: "classic" | "fast";
  translateOpt?: number;
  core?: "wasm" | "js";
  jsFlavor: "auto" | "asmjs" | "plain";
  engine: "wamr" | "node";
  verbose: number;
  trustedKey?: string[];
}

/** Run the CLI; resolves to the exit status. `argv` as process.argv (node, script, ...). */
export async function main(argv: string[]): Promise<number> {
  const cmd = buildCommand();
  cmd.parse(argv);
  const o = cmd.opts();
  const [file, args] = cmd.processedArgs as [string, string[]];
  return run({ ...(o as Omit<Parsed, "file" | "args">), file, args });
}

async function run(o: Parsed): Promise<number> {
  const log = (level: number, msg: string): void => {
    if (o.verbose >= level) err(`[iwasm-ts] ${msg}\n`);
  };

  const env: string[] = [];
  for (const e of o.env ?? []) {
    if (!e.includes("=")) {
      err(`iwasm-ts: --env=${e}: expected name=value\n`);
      return 1;
    }
    env.push(e);
  }
  const preopens: Record<string, string> = {};
  for (const d of o.dir ?? []) preopens[d] = d;
  for (const m of o.mapDir ?? []) {
    const i = m.indexOf("::");
    if (i <= 0 || i + 2 >= m.length) {
      err(`iwasm-ts: --map-dir=${m}: expected <guest-path>::<host-path>\n`);
      return 1;
    }
    preopens[m.slice(0, i)] = m.slice(i + 2);
  }

  const trustedKeys: Buffer[] = [];
  for (const k of o.trustedKey ?? []) {
    try {
      trustedKeys.push(fs.readFileSync(k));
    } catch (e) {
      err(`iwasm-ts: --trusted-key=${k}: ${(e as Error).message}\n`);
      return 255;
    }
  }
  let engine: Engine;
  try {
    engine = await createEngine({ engine: o.engine, core: o.core, interp: o.interp, translateOpt: o.translateOpt, stackSize: o.stackSize, maxMemoryPages: o.maxMemoryPages, trustedKeys, jsFlavor: o.jsFlavor });
  } catch (e) {
    err(`iwasm-ts: ${(e as Error).message}\n`);
    return 255;
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(o.file);
  } catch (e) {
    err(`iwasm-ts: cannot read ${o.file}: ${(e as Error).message}\n`);
    return 255;
  }

  log(3, `engine ${o.engine}${o.engine === "wamr" ? ` (core ${o.core ?? "default"}, ${o.interp ?? "default"} interpreter)` : ""}`);
  if (o.heapSize !== undefined) log(3, "--heap-size is ignored: wamr-ts has no app heap");

  let mod: EngineModule;
  try {
    mod = engine.load(bytes);
  } catch (e) {
    if (!(e instanceof LoadFailure)) throw e;
    err(`WASM module load failed: ${e.message}\n`);
    return 255;
  }
  log(3, `loaded ${o.file} (${bytes.length} bytes)${mod.describe ? `: ${mod.describe()}` : ""}`);

  let wasi: Wasi;
  try {
    wasi = new Wasi({
      args: [o.file, ...o.args], env, preopens, returnOnExit: true,
      trace: o.verbose >= 5 ? (line) => err(`[wasi] ${line}\n`) : undefined,
    });
  } catch (e) {
    err(`iwasm-ts: cannot preopen a directory: ${(e as Error).message}\n`);
    return 255;
  }

  let inst: EngineInstance;
  try {
    inst = mod.instantiate({ wasi_snapshot_preview1: wasi.imports });
  } catch (e) {
    if (e instanceof TrapFailure) return reportTrap(e);
    if (!(e instanceof LinkFailure)) throw e;
    err(`WASM module instantiate failed: ${e.message}\n`);
    return 255;
  }
  wasi.bindMemory(() => {
    const m = inst.memory();
    if (!m) throw new Error("the module has no memory for WASI to use");
    return m;
  });
  log(3, "instantiated");

  try {
    if (o.function === undefined) {
      const start = inst.func("_start");
      if (!start) {
        err("Exception: lookup the entry point symbol (like _start, main, _main, __main_argc_argv) failed\n");
        return 1;
      }
      return wasi.start(() => start.call()) & 0xff;
    }
    const init = inst.func("_initialize");
    if (init) init.call();
    const f = inst.func(o.function);
    if (!f) {
      err(`Exception: lookup function ${o.function} failed\n`);
      return 1;
    }
    if (f.type.params.length !== o.args.length) {
      err("Exception: invalid input argument count\n");
      return 1;
    }
    let values: unknown[];
    try {
      values = o.args.map((a, i) => parseArgument(a, f.type.params[i], i));
    } catch (e) {
      err(`Exception: ${(e as Error).message}\n`);
      return 1;
    }
    const r = f.call(...values);
    const results = f.type.results.length === 1 ? [r] : f.type.results.length === 0 ? [] : (r as unknown[]);
    out(f.type.results.map((t, i) => formatResult(results[i], t)).join(",") + "\n");
    return 0;
  } catch (e) {
    if (e instanceof WasiExit) return e.code & 0xff;
    if (e instanceof TrapFailure) return reportTrap(e);
    throw e;
  }
}

/** Print a trap as iwasm does (`Exception: <message>`) with the call stack, innermost first; exit status 1. */
function reportTrap(t: TrapFailure): number {
  err(formatTrap(t.message, t.backtrace));
  return 1;
}

// Run when executed directly (not when imported by tests).
const invokedAs = process.argv[1] ? fs.realpathSync(process.argv[1]) : "";
if (invokedAs === fileURLToPath(import.meta.url)) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      err(`iwasm-ts: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
