/**
 * The wamr-ts host API: WAMR's embedding model in TypeScript terms.
 *
 *   const rt = await Runtime.create();                 // wasm_runtime_full_init
 *   const mod = rt.load(bytes);                        // wasm_runtime_load (decode + validate)
 *   const inst = rt.instantiate(mod, imports);         // wasm_runtime_instantiate
 *   const add = inst.exports.add as WasmFunction;      // wasm_runtime_lookup_function
 *   add.call(1, 2);                                    // wasm_runtime_call_wasm
 *
 * Values follow the WebAssembly JS API: i32/f32/f64 are numbers, i64 is a
 * bigint, funcref is a WasmFunction or null, externref any JS value.
 * Errors are WasmError (kind malformed | invalid | link | resource) and Trap
 * (kind trap | exhaustion, with a backtrace); an exception thrown by a host
 * function propagates out of `call` unchanged.
 *
 * The core (AssemblyScript) runs either as core.wasm on the host's engine or
 * as its wasm2js JavaScript form; this file talks to it only through i32/f64
 * values and its memory (see core/assembly/index.ts).
 */
import { isAot, readAotChecked } from "../aot/bytecode-container.js";
import { MESSAGES } from "./messages.generated.js";
import { AOT_MESSAGES, FIELDS } from "./aot-messages.generated.js";
import type { ReadOptions } from "../aot/format.js";
import type { CoreBuild, InterpreterKind, ExternKind, FuncType, ImportDesc, ExportDesc, Imports, RuntimeOptions, ValueType } from "./types.js";

export type { CoreBuild, InterpreterKind, ExternKind, FuncType, ImportDesc, ExportDesc, Imports, RuntimeOptions, ValueType } from "./types.js";

/** The core's exports (core/assembly/index.ts). */
interface CoreExports {
  memory: { buffer: ArrayBuffer };
  wt_alloc(size: number): number;
  wt_free(ptr: number): void;
  wt_scratch(): number;
  wt_init(stackBytes: number, maxMemoryPages: number, maxTableSize: number, interpreter: number): void;
  /** Interpreters built in: 1 classic, 2 fast (absent in older cores: classic); 4: the AoT bytecode loader. */
  wt_interpreters?(): number;
  /** AoT bytecode payloads (core/assembly/aot-bytecode.ts; builds with AOT_LOADER). */
  wt_module_load_aot(ptr: number, len: number): number;
  /** The serializer (wamrc-ts; core/assembly/aot-writer-exports.ts): builds with AOT_LOADER and WASM_LOADER only. */
  wt_aot_serialize?(h: number, trace: number): number;
  wt_aot_serialized_len?(): number;
  wt_aot_trace?(): number;
  /** 1 when some function of module h has memory.init or data.drop (validated modules; AOT_LOADER and WASM_LOADER builds). */
  wt_module_uses_data_indices?(h: number): number;
  wt_set_translate_opt?(level: number): number;
  wt_module_code_size(h: number, which: number): number;
  wt_error_kind(): number;
  wt_error_message(): number;
  wt_error_offset(): number;
  /** The error's coded message (core/messages.mjs; 0: its text is wt_error_message's) and its arguments 0..2. */
  wt_error_code(): number;
  wt_error_arg(i: number): number;
  wt_module_load(ptr: number, len: number): number;
  wt_module_free(h: number): void;
  wt_module_import_count(h: number): number;
  wt_module_import_module(h: number, i: number): number;
  wt_module_import_name(h: number, i: number): number;
  wt_module_import_kind(h: number, i: number): number;
  wt_module_import_type(h: number, i: number): number;
  wt_module_export_count(h: number): number;
  wt_module_export_name(h: number, i: number): number;
  wt_module_export_kind(h: number, i: number): number;
  wt_module_export_type(h: number, i: number): number;
  wt_host_func_new(sigPtr: number, sigLen: number, hostId: number): number;
  wt_table_new(elemType: number, min: number, max: number): number;
  wt_memory_new(min: number, max: number): number;
  wt_global_new(type: number, mutable: number, valuePtr: number): number;
  wt_instantiate(h: number, importsPtr: number): number;
  wt_instance_export(ia: number, i: number): number;
  wt_instance_memory(ia: number): number;
  wt_host_caller(): number;
  wt_func_type(fa: number): number;
  wt_call(fa: number, argsPtr: number, resultsPtr: number): number;
  wt_fuel_set(fuel: number, suspend: number): number;
  wt_fuel_get(): number;
  wt_resume(resultsPtr: number): number;
  wt_abandon(): void;
  wt_backtrace_count(): number;
  wt_backtrace_name(i: number): number;
  wt_func_name(fa: number): number;
  wt_memory_base(ma: number): number;
  wt_memory_pages(ma: number): number;
  wt_memory_grow(ma: number, delta: number): number;
  wt_memory_type(ma: number): number;
  wt_table_size(ta: number): number;
  wt_table_elem_type(ta: number): number;
  wt_table_get(ta: number, i: number): number;
  wt_table_set(ta: number, i: number, ref: number): number;
  wt_table_grow(ta: number, delta: number, ref: number): number;
  wt_table_type(ta: number): number;
  wt_global_type(ga: number): number;
  wt_global_get(ga: number, outPtr: number): void;
  wt_global_set(ga: number, inPtr: number): void;
}

/** Imports the core needs from its host. */
interface CoreImports {
  abort(msg: number, file: number, line: number, col: number): void;
  host_call(hostId: number, slots: number, nargs: number, nresults: number): number;
}

export type ErrorKind = "malformed" | "invalid" | "link" | "trap" | "exhaustion" | "resource" | "host" | "suspended";
/**
 * The text of the core's coded error message `code` (1-based, core/messages.mjs)
 * with its arguments: `{i}` argument i in decimal, `{i:x}` in hexadecimal,
 * `{i:f}` the name of the AoT payload field whose number is argument i.
 */
export function formatMessage(code: number, args: readonly number[]): string {
  const text = code <= MESSAGES.length ? MESSAGES[code - 1] : AOT_MESSAGES[code - 1 - MESSAGES.length];
  if (text === undefined) return `core error ${code} (${args.join(", ")})`;
  return text.replace(/\{(\d)(?::([xf]))?\}/g, (_, i: string, how: string | undefined) => {
    const v = args[+i] >>> 0;
    return how === "f" ? FIELDS[v] ?? `field ${v}` : v.toString(how === "x" ? 16 : 10);
  });
}

const KINDS: ErrorKind[] = ["malformed", "malformed", "invalid", "link", "trap", "exhaustion", "resource", "host"];
const STATUS_HOST = 7;
const STATUS_SUSPENDED = 8;

/** An error reported by the runtime. `reason` is the spec's wording; `offset` the byte offset in the module binary for load errors. */
export class WasmError extends Error {
  readonly kind: ErrorKind;
  readonly reason: string;
  readonly offset: number | undefined;
  constructor(kind: ErrorKind, reason: string, offset?: number) {
    super(offset !== undefined && offset >= 0 ? `${kind} module: ${reason} (at byte offset ${offset}, 0x${offset.toString(16)})` : reason);
    this.name = "WasmError";
    this.kind = kind;
    this.reason = reason;
    this.offset = offset !== undefined && offset >= 0 ? offset : undefined;
    // ES5 targets (embedded.es5.js on Duktape) lose the prototype of Error
    // subclasses: `instanceof Trap` would fail there. new.target keeps Trap's.
    if (Object.getPrototypeOf(this) !== new.target.prototype) Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A trap (spec 4.4) or call stack exhaustion, with the wasm call stack at the point of the trap, innermost first. */
export class Trap extends WasmError {
  readonly backtrace: string[];
  constructor(kind: "trap" | "exhaustion", reason: string, backtrace: string[]) {
    super(kind, reason);
    this.name = "Trap";
    this.backtrace = backtrace;
  }
}

const TYPE_CODES: Record<ValueType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, funcref: 0x70, externref: 0x6f };
const LETTERS: Record<string, ValueType> = { i: "i32", I: "i64", f: "f32", F: "f64", r: "funcref", e: "externref" };
const LETTER_OF: Record<ValueType, string> = { i32: "i", i64: "I", f32: "f", f64: "F", funcref: "r", externref: "e" };
const EXTERN_KINDS: ExternKind[] = ["func", "table", "memory", "global"];

/** Parse a signature such as "(iI)f" into a FuncType. */
export function parseSignature(sig: string): FuncType {
  const m = /^\(([iIfFre]*)\)([iIfFre]*)$/.exec(sig);
  if (!m) throw new WasmError("link", `malformed signature "${sig}"`);
  return { params: [...m[1]].map((c) => LETTERS[c]), results: [...m[2]].map((c) => LETTERS[c]) };
}

export function signatureOf(t: FuncType): string {
  return `(${t.params.map((p) => LETTER_OF[p]).join("")})${t.results.map((r) => LETTER_OF[r]).join("")}`;
}

/**
 * A native symbol, registered the WAMR way (`wasm_runtime_register_natives`):
 * `signature` uses WAMR's letters: `i` i32, `I` i64, `f` f32, `F` f64,
 * `*` a buffer address (i32), `~` the length in bytes of the preceding buffer,
 * `$` a NUL-terminated string address, `r` funcref, `e` externref; results after `)`.
 * Before `fn` runs, every `*`/`~` pair and `$` is checked against the calling
 * instance's linear memory (a bad one traps with "out of bounds memory access"),
 * and `fn` receives a Uint8Array view for `*` (exactly `~` bytes long, or to the
 * end of memory when no `~` follows), the length for `~`, and a string for `$`.
 */
export interface NativeSymbol {
  name: string;
  signature: string;
  fn: (env: ExecEnv, ...args: any[]) => any;
}

/** What a native function receives first: its calling instance (WAMR's exec env). */
export interface ExecEnv {
  instance: Instance | undefined;
  memory: WasmMemory | undefined;
}

interface HostFunc {
  params: ValueType[];
  results: ValueType[];
  call: (args: any[], callerInstance: number) => any;
}

const SLOT = 8;
/** Names may begin with U+FEFF, which must survive decoding. Hosts without TextDecoder (QuickJS) get a small decoder. */
const utf8: { decode(b: Uint8Array): string } = typeof TextDecoder === "function" ? new TextDecoder("utf-8", { ignoreBOM: true }) : { decode: decodeUtf8 };

/** UTF-8 to string (replacement character for malformed input), for hosts without TextDecoder. */
function decodeUtf8(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length;) {
    const c = b[i++];
    let cp = 0xfffd;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c < 0xe0 && i < b.length && (b[i] & 0xc0) === 0x80) cp = ((c & 0x1f) << 6) | (b[i++] & 0x3f);
    else if (c >= 0xe0 && c < 0xf0 && i + 1 < b.length && (b[i] & 0xc0) === 0x80 && (b[i + 1] & 0xc0) === 0x80) {
      cp = ((c & 0x0f) << 12) | ((b[i] & 0x3f) << 6) | (b[i + 1] & 0x3f); i += 2;
    } else if (c >= 0xf0 && c < 0xf5 && i + 2 < b.length && (b[i] & 0xc0) === 0x80 && (b[i + 1] & 0xc0) === 0x80 && (b[i + 2] & 0xc0) === 0x80) {
      cp = ((c & 0x07) << 18) | ((b[i] & 0x3f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f); i += 3;
    }
    if (cp > 0xffff) { cp -= 0x10000; s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff)); }
    else s += String.fromCharCode(cp);
  }
  return s;
}

/** String to UTF-8 (TextEncoder when the host has it). */
export function encodeUtf8(s: string): Uint8Array {
  if (typeof TextEncoder === "function") return new TextEncoder().encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

/**
 * An i64 for hosts without BigInt: `lo` the low 32 bits (unsigned), `hi` the
 * high 32 bits (signed), so the value is `hi * 2**32 + lo`. With
 * `i64: "pair"` (the default when the host has no BigInt) i64 results and
 * arguments of host functions are pairs; i64 arguments may always be given as
 * a bigint, a pair, or a number (exact up to 2**53).
 */
export interface I64Pair { lo: number; hi: number }

/**
 * Loads the core: given the imports it needs (`env`), returns its exports:
 * core.wasm's instance exports, or the JS core's `createCore(imports)`.
 * Node's loader is the default (core/node-core.ts); other hosts pass their own.
 */
export type CoreLoader = (imports: { abort: Function; host_call: Function }) => any;

/** Options of Runtime.create beyond RuntimeOptions: how to get the core, how i64 values look. */
export interface HostOptions extends RuntimeOptions {
  loadCore?: CoreLoader;
  /** i64 values as `bigint` (default when the host has BigInt) or as {@link I64Pair}. */
  i64?: "bigint" | "pair";
  /** Signature policy for .aot files (aot/sign.ts `trustedKeys`): unsigned or untrusted ones are refused. */
  verify?: ReadOptions["verify"];
}

/** A loaded (decoded and validated) module. */
export class WasmModule {
  /** @internal */ readonly handle: number;
  readonly runtime: Runtime;
  constructor(runtime: Runtime, handle: number) {
    this.runtime = runtime;
    this.handle = handle;
  }

  /**
   * Code size in bytes: `bytecode`, the functions' wasm code; `translated`,
   * their fast-interpreter code (0 with the classic interpreter, which runs
   * the bytecode in place).
   */
  codeSize(): { bytecode: number; translated: number } {
    const c = this.runtime.core;
    return { bytecode: c.wt_module_code_size(this.handle, 0), translated: c.wt_module_code_size(this.handle, 1) };
  }

  imports(): ImportDesc[] {
    const c = this.runtime.core;
    const n = c.wt_module_import_count(this.handle);
    const out: ImportDesc[] = [];
    for (let i = 0; i < n; i++) {
      const kind = EXTERN_KINDS[c.wt_module_import_kind(this.handle, i)];
      const d: ImportDesc = {
        module: this.runtime.str(c.wt_module_import_module(this.handle, i)),
        name: this.runtime.str(c.wt_module_import_name(this.handle, i)),
        kind,
      };
      const t = this.runtime.str(c.wt_module_import_type(this.handle, i));
      if (kind === "func") d.type = parseSignature(t);
      else (d as any).typeString = t;
      out.push(d);
    }
    return out;
  }

  exports(): ExportDesc[] {
    const c = this.runtime.core;
    const n = c.wt_module_export_count(this.handle);
    const out: ExportDesc[] = [];
    for (let i = 0; i < n; i++) {
      const kind = EXTERN_KINDS[c.wt_module_export_kind(this.handle, i)];
      const d: ExportDesc = { name: this.runtime.str(c.wt_module_export_name(this.handle, i)), kind };
      if (kind === "func") d.type = parseSignature(this.runtime.str(c.wt_module_export_type(this.handle, i)));
      out.push(d);
    }
    return out;
  }
}

/** An exported or host function (a store address). */
export class WasmFunction {
  readonly runtime: Runtime;
  readonly addr: number;
  readonly type: FuncType;
  constructor(runtime: Runtime, addr: number, type: FuncType) {
    this.runtime = runtime;
    this.addr = addr;
    this.type = type;
  }
  /** The function's name from its module's name section, or `$f<index>`. */
  get name(): string { return this.runtime.str(this.runtime.core.wt_func_name(this.addr)); }

  /** Call with JS values; returns undefined, one value, or an array for several results. Throws Trap, or a host function's exception. */
  call(...args: any[]): any {
    const { params, results } = this.type;
    if (args.length !== params.length) throw new TypeError(`${this.name}: expected ${params.length} arguments, got ${args.length}`);
    const rt = this.runtime;
    const slots = rt.callSlots(this.addr, (view, base) => {
      for (let i = 0; i < params.length; i++) rt.writeValue(view, base + i * SLOT, params[i], args[i]);
    }, params.length, results.length);
    const out: any[] = [];
    for (let i = 0; i < results.length; i++) out.push(rt.readValue(slots.view, slots.base + i * SLOT, results[i]));
    return results.length === 0 ? undefined : results.length === 1 ? out[0] : out;
  }

  /** Call with raw 8-byte slots (bit-exact, e.g. for NaN payloads): i32/f32 in the low 32 bits, references as the core's raw values. */
  callRaw(args: bigint[]): bigint[] {
    const rt = this.runtime;
    const { params, results } = this.type;
    if (args.length !== params.length) throw new TypeError(`${this.name}: expected ${params.length} arguments, got ${args.length}`);
    const slots = rt.callSlots(this.addr, (view, base) => {
      for (let i = 0; i < args.length; i++) view.setBigUint64(base + i * SLOT, BigInt.asUintN(64, args[i]), true);
    }, params.length, results.length);
    const out: bigint[] = [];
    for (let i = 0; i < results.length; i++) out.push(slots.view.getBigUint64(slots.base + i * SLOT, true));
    return out;
  }
}

/** A linear memory (spec 4.2.8). */
export class WasmMemory {
  readonly runtime: Runtime;
  readonly addr: number;
  constructor(runtime: Runtime, addr: number) {
    this.runtime = runtime;
    this.addr = addr;
  }
  /** Size in 64 KiB pages. */
  get pages(): number { return this.runtime.core.wt_memory_pages(this.addr); }
  /** Size in bytes. */
  get size(): number { return this.pages * 65536; }
  /** A fresh view of the whole memory; invalid after the memory or the core grows, so take a new one after any call. */
  buffer(): Uint8Array {
    const c = this.runtime.core;
    return new Uint8Array(c.memory.buffer, c.wt_memory_base(this.addr), this.size);
  }
  /** Grow by `delta` pages; returns the old size in pages, or -1 (spec memory.grow). */
  grow(delta: number): number { return this.runtime.core.wt_memory_grow(this.addr, delta >>> 0); }
  /** "min max" limits as the core reports them (max -1 when none). */
  get typeString(): string { return this.runtime.str(this.runtime.core.wt_memory_type(this.addr)); }
}

/** A table (spec 4.2.7). */
export class WasmTable {
  readonly runtime: Runtime;
  readonly addr: number;
  constructor(runtime: Runtime, addr: number) {
    this.runtime = runtime;
    this.addr = addr;
  }
  get elemType(): ValueType { return this.runtime.core.wt_table_elem_type(this.addr) === 0x70 ? "funcref" : "externref"; }
  get size(): number { return this.runtime.core.wt_table_size(this.addr) >>> 0; }
  get(i: number): any {
    const raw = this.runtime.core.wt_table_get(this.addr, i >>> 0);
    if (raw === -1 && i >>> 0 >= this.size) throw new RangeError("table index out of bounds");
    return this.runtime.refFromRaw(this.elemType, raw >>> 0);
  }
  set(i: number, v: any): void {
    if (this.runtime.core.wt_table_set(this.addr, i >>> 0, this.runtime.refToRaw(this.elemType, v)) < 0) throw new RangeError("table index out of bounds");
  }
  grow(delta: number, init: any = null): number { return this.runtime.core.wt_table_grow(this.addr, delta >>> 0, this.runtime.refToRaw(this.elemType, init)); }
  get typeString(): string { return this.runtime.str(this.runtime.core.wt_table_type(this.addr)); }
}

/** A global (spec 4.2.9). */
export class WasmGlobal {
  readonly runtime: Runtime;
  readonly addr: number;
  readonly valueType: ValueType;
  readonly mutable: boolean;
  constructor(runtime: Runtime, addr: number) {
    this.runtime = runtime;
    this.addr = addr;
    const t = runtime.str(runtime.core.wt_global_type(addr));
    this.mutable = t.startsWith("mut ");
    this.valueType = LETTERS[t.slice(-1)];
  }
  get value(): any {
    const rt = this.runtime;
    const p = rt.scratchSlots(1);
    rt.core.wt_global_get(this.addr, p);
    return rt.readValue(rt.view(), p, this.valueType);
  }
  set value(v: any) {
    if (!this.mutable) throw new TypeError("global is immutable");
    const rt = this.runtime;
    const p = rt.scratchSlots(1);
    rt.writeValue(rt.view(), p, this.valueType, v);
    rt.core.wt_global_set(this.addr, p);
  }
  /** The raw 8-byte slot (bit-exact). */
  get raw(): bigint {
    const rt = this.runtime;
    const p = rt.scratchSlots(1);
    rt.core.wt_global_get(this.addr, p);
    return rt.view().getBigUint64(p, true);
  }
}

export type Extern = WasmFunction | WasmMemory | WasmTable | WasmGlobal;

/** A module instance. */
export class Instance {
  readonly runtime: Runtime;
  readonly addr: number;
  readonly module: WasmModule;
  /** Exports by name. */
  readonly exports: Record<string, Extern>;
  constructor(runtime: Runtime, addr: number, module: WasmModule) {
    this.runtime = runtime;
    this.addr = addr;
    this.module = module;
    const exports: Record<string, Extern> = {};
    module.exports().forEach((e, i) => {
      const a = runtime.core.wt_instance_export(addr, i);
      exports[e.name] = runtime.externOf(e.kind, a);
    });
    this.exports = exports;
  }
  /** The instance's first linear memory (exported or not), if any. */
  get memory(): WasmMemory | undefined {
    const a = this.runtime.core.wt_instance_memory(this.addr);
    return a < 0 ? undefined : (this.runtime.externOf("memory", a) as WasmMemory);
  }
  /** Look up an exported function (wasm_runtime_lookup_function). */
  func(name: string): WasmFunction | undefined {
    const e = this.exports[name];
    return e instanceof WasmFunction ? e : undefined;
  }
  /** Call an exported function by name. */
  call(name: string, ...args: any[]): any {
    const f = this.func(name);
    if (!f) throw new WasmError("link", `no exported function "${name}"`);
    return f.call(...args);
  }
}

/** A call started with `Runtime.startCall`: finished (`done`, `result`) or suspended (resume it). */
export class Invocation {
  readonly runtime: Runtime;
  readonly fn: WasmFunction;
  /** @internal */ readonly buf: number;
  private state: "suspended" | "done" | "abandoned" = "suspended";
  private value: any;
  constructor(runtime: Runtime, fn: WasmFunction, buf: number) {
    this.runtime = runtime;
    this.fn = fn;
    this.buf = buf;
  }
  /** @internal */ settle(status: number): void {
    try { this.runtime.settleInvocation(this, status); }
    catch (e) { this.state = "done"; throw e; }
  }
  /** @internal */ finish(v: any): void { this.state = "done"; this.value = v; }
  get done(): boolean { return this.state !== "suspended"; }
  /** The function's result(s) once done (as WasmFunction.call returns them). */
  get result(): any {
    if (this.state !== "done") throw new Error(`invocation of ${this.fn.name} is ${this.state}`);
    return this.value;
  }
  /** Run up to `instructions` more; returns `done`. Throws the call's trap or host exception. */
  resume(instructions: number): boolean {
    if (this.state !== "suspended") throw new Error(`invocation of ${this.fn.name} is ${this.state}`);
    this.runtime.resumeInvocation(this, instructions);
    return this.done;
  }
  /** Discard a suspended invocation (its frames are dropped). */
  abandon(): void {
    if (this.state !== "suspended") return;
    this.state = "abandoned";
    this.runtime.abandonInvocation(this);
  }
}

/** Write an i64 given as a bigint, an {@link I64Pair} or a number (exact up to 2**53). */
function writeI64(view: DataView, p: number, v: any): void {
  if (typeof v === "bigint") { view.setBigInt64(p, BigInt.asIntN(64, v), true); return; }
  let lo: number, hi: number;
  if (isPair(v)) { lo = v.lo >>> 0; hi = v.hi | 0; }
  else {
    const n = Number(v);
    if (!Number.isFinite(n)) throw new TypeError(`cannot convert ${String(v)} to an i64`);
    const t = Math.trunc(n);
    hi = Math.floor(t / 4294967296);
    lo = t - hi * 4294967296;
    hi |= 0;
  }
  view.setUint32(p, lo >>> 0, true);
  view.setInt32(p + 4, hi, true);
}

function isPair(v: any): v is I64Pair {
  return typeof v === "object" && v !== null && typeof v.lo === "number" && typeof v.hi === "number";
}

/**
 * The default core loader: Node's (core/node-core.ts), imported only when
 * used so that other hosts never load it (their bundles replace it with a stub).
 */
async function loadCoreNode(build: CoreBuild, imports: CoreImports): Promise<CoreExports> {
  const m = await import("./node-core.js");
  return m.loadCoreNode(build, imports);
}

/**
 * A runtime: one core instance with its store, value stack and limits.
 * Modules, instances and externs from one runtime cannot be mixed with another's.
 */
export class Runtime {
  /** @internal */ core!: CoreExports;
  readonly options: Required<RuntimeOptions>;
  private hostFuncs: HostFunc[] = [];
  private pendingException: unknown = undefined;
  private externCache = new Map<string, Extern>();
  private externRefs: unknown[] = [];
  private externRefIds = new Map<unknown, number>();
  private natives = new Map<string, NativeSymbol>();
  private instances = new Map<number, Instance>();
  private argBuf = 0;
  private argBufSlots = 0;
  private broken: Error | undefined;
  /** i64 values as {@link I64Pair} rather than bigint. */
  private i64Pairs = false;
  private aotVerify: ReadOptions["verify"];

  /** The interpreter was not given: the core's default (fast when built in). */
  private defaultInterpreter: boolean;

  private constructor(options: RuntimeOptions) {
    this.defaultInterpreter = options.interpreter === undefined;
    this.options = {
      // without a choice: fast when the core has it (resolved in finish)
      interpreter: options.interpreter ?? "fast",
      core: options.core ?? (typeof WebAssembly === "object" ? "wasm" : "js"),
      stackSize: options.stackSize ?? 1 << 20,
      maxMemoryPages: options.maxMemoryPages ?? 16383,
      maxTableSize: options.maxTableSize ?? 10_000_000,
      translateOpt: options.translateOpt ?? 0,
    };
  }

  /** Create a runtime (wasm_runtime_full_init). Options: see RuntimeOptions. */
  static async create(options: HostOptions = {}): Promise<Runtime> {
    const rt = new Runtime(options);
    const imports = rt.begin(options);
    rt.core = await (options.loadCore ? options.loadCore(imports) : loadCoreNode(rt.options.core, imports));
    rt.finish();
    return rt;
  }

  /**
   * Create a runtime synchronously, for hosts without Promise (Duktape):
   * `loadCore` must return the core's exports directly, as the JS core's
   * `createCore` does (platforms/common/host.ts).
   */
  static createSync(options: HostOptions & { loadCore: CoreLoader }): Runtime {
    const rt = new Runtime(options);
    const core = options.loadCore(rt.begin(options));
    if (!core || typeof core.then === "function") throw new TypeError("Runtime.createSync: loadCore must return the core's exports, not a promise");
    rt.core = core;
    rt.finish();
    return rt;
  }

  /** The imports the core needs; checks the options that need no core. */
  private begin(options: HostOptions): CoreImports {
    if (this.options.interpreter !== "classic" && this.options.interpreter !== "fast") throw new WasmError("resource", `unknown interpreter "${this.options.interpreter}"`);
    const mode = options.i64 ?? (typeof BigInt === "function" ? "bigint" : "pair");
    if (mode === "bigint" && typeof BigInt !== "function") throw new TypeError('i64: "bigint" needs a host with BigInt');
    this.i64Pairs = mode === "pair";
    this.aotVerify = options.verify;
    return {
      abort: (msg, file, line, col) => this.onAbort(msg, file, line, col),
      host_call: (id, slots, nargs, nres) => this.onHostCall(id, slots, nargs, nres),
    };
  }

  /** Configure the loaded core (wt_init). */
  private finish(): void {
    if (this.defaultInterpreter) {
      const built = typeof this.core.wt_interpreters === "function" ? this.core.wt_interpreters() : 1;
      this.options.interpreter = built & 2 ? "fast" : "classic";
    }
    const { stackSize, maxMemoryPages, maxTableSize } = this.options;
    if (!(stackSize >= 4096 && stackSize <= 256 * 1024 * 1024)) throw new RangeError("stackSize must be between 4 KiB and 256 MiB");
    this.core.wt_init(stackSize >>> 0, maxMemoryPages >>> 0, maxTableSize >>> 0, this.options.interpreter === "fast" ? 1 : 0);
    const level = this.options.translateOpt;
    if (!(Number.isInteger(level) && level >= 0)) throw new RangeError("translateOpt must be a non-negative integer");
    if (this.options.interpreter === "fast" && typeof this.core.wt_set_translate_opt === "function") this.options.translateOpt = this.core.wt_set_translate_opt(level);
  }

  // ---- core plumbing ----

  /** @internal */ view(): DataView { return new DataView(this.core.memory.buffer); }

  /** @internal UTF-8 string of `len` bytes from the scratch buffer. */
  str(len: number): string {
    return utf8.decode(new Uint8Array(this.core.memory.buffer, this.core.wt_scratch(), len));
  }

  private check(): void {
    if (this.broken) throw new Error(`wamr-ts: runtime unusable after an internal error: ${this.broken.message}`);
  }

  private onAbort(msg: number, file: number, line: number, col: number): never {
    const read = (p: number) => {
      if (!p) return "";
      const v = new DataView(this.core.memory.buffer);
      const len = v.getUint32(p - 4, true);
      return String.fromCharCode(...new Uint16Array(this.core.memory.buffer.slice(p, p + len)));
    };
    this.broken = new Error(`internal error in the core: ${read(msg)} at ${read(file)}:${line}:${col}`);
    throw this.broken;
  }

  /** @internal Address of `n` scratch slots for arguments/results. */
  scratchSlots(n: number): number {
    if (n > this.argBufSlots) {
      if (this.argBuf) this.core.wt_free(this.argBuf);
      this.argBufSlots = Math.max(n, 16);
      this.argBuf = this.core.wt_alloc(this.argBufSlots * SLOT);
    }
    return this.argBuf;
  }

  private lastError(): WasmError {
    const kind = KINDS[this.core.wt_error_kind()] ?? "trap";
    const code = this.core.wt_error_code();
    const reason = code ? formatMessage(code, [0, 1, 2].map((i) => this.core.wt_error_arg(i))) : this.str(this.core.wt_error_message());
    if (kind === "trap" || kind === "exhaustion") {
      const bt: string[] = [];
      const n = this.core.wt_backtrace_count();
      for (let i = 0; i < n; i++) bt.push(this.str(this.core.wt_backtrace_name(i)));
      return new Trap(kind, reason, bt);
    }
    return new WasmError(kind, reason, this.core.wt_error_offset());
  }

  /** @internal Run function `addr`: `write` fills the argument slots; returns where the result slots are. */
  callSlots(addr: number, write: (view: DataView, base: number) => void, nargs: number, nres: number): { view: DataView; base: number } {
    this.check();
    // Nested calls (a host function calling back into wasm) need their own buffer.
    const buf = this.core.wt_alloc(Math.max(nargs, nres, 1) * SLOT);
    try {
      write(this.view(), buf);
      return this.finishCall(this.core.wt_call(addr, buf, buf), buf, nres);
    } finally {
      this.core.wt_free(buf);
    }
  }

  /** Results of a finished call at `buf` (copied out), or the error it ended with. */
  private finishCall(status: number, buf: number, nres: number): { view: DataView; base: number } {
    if (status !== 0) {
      if (status === STATUS_HOST) {
        const e = this.pendingException;
        this.pendingException = undefined;
        throw e;
      }
      throw this.lastError();
    }
    return { view: new DataView(this.core.memory.buffer.slice(buf, buf + nres * SLOT)), base: 0 };
  }

  /**
   * Instruction budget for the calls that follow (WAMR's instruction
   * metering): a call that executes more than `instructions` wasm
   * instructions traps with "instruction limit exceeded" (checked at taken
   * branches and calls). `undefined` removes the limit. The budget is shared
   * by nested calls and decreases across calls; read what is left with `fuel`.
   * Instructions are those of the module's wasm code, as the classic
   * interpreter executes them; the fast interpreter charges the same counts
   * (per basic block, docs/fast-code-format.md "Metering").
   */
  setFuel(instructions: number | undefined): void {
    this.setBudget(instructions === undefined ? -1 : Math.max(0, Math.floor(instructions)), 0);
  }

  /**
   * Set the core's budget (negative: unlimited). Both interpreters meter; a
   * build without INSTRUCTION_METERING refuses a limit on the fast one.
   */
  private setBudget(instructions: number, suspend: number): void {
    if (this.core.wt_fuel_set(instructions, suspend) < 0) throw new WasmError("resource", `instruction metering not built in (this runtime uses the ${this.options.interpreter} interpreter)`);
  }

  /** Instructions left of the budget (Infinity when unlimited). */
  get fuel(): number {
    const f = this.core.wt_fuel_get();
    return f >= 2 ** 62 ? Infinity : f;
  }

  /**
   * Start a call that can be suspended: it runs until it returns or has used
   * `instructions`, then returns an Invocation to resume later (for hosts that
   * cannot preempt: run slices from a timer). Only one invocation per runtime
   * may be suspended at a time; other calls are refused until it finishes or
   * is abandoned. Traps and host exceptions are thrown from start/resume.
   */
  startCall(fn: WasmFunction, args: any[], instructions: number): Invocation {
    this.check();
    const { params, results } = fn.type;
    if (args.length !== params.length) throw new TypeError(`${fn.name}: expected ${params.length} arguments, got ${args.length}`);
    this.setBudget(instructions, 1);
    const buf = this.core.wt_alloc(Math.max(params.length, results.length, 1) * SLOT);
    const view = this.view();
    for (let i = 0; i < params.length; i++) this.writeValue(view, buf + i * SLOT, params[i], args[i]);
    const inv = new Invocation(this, fn, buf);
    inv.settle(this.core.wt_call(fn.addr, buf, buf));
    return inv;
  }

  /** @internal */
  settleInvocation(inv: Invocation, status: number): void {
    if (status === STATUS_SUSPENDED) return;
    this.core.wt_fuel_set(-1, 0);
    try {
      const r = this.finishCall(status, inv.buf, inv.fn.type.results.length);
      const out = inv.fn.type.results.map((t, i) => this.readValue(r.view, i * SLOT, t));
      inv.finish(out.length === 0 ? undefined : out.length === 1 ? out[0] : out);
    } finally {
      this.core.wt_free(inv.buf);
    }
  }

  /** @internal */
  resumeInvocation(inv: Invocation, instructions: number): void {
    this.check();
    this.setBudget(instructions, 1);
    inv.settle(this.core.wt_resume(inv.buf));
  }

  /** @internal */
  abandonInvocation(inv: Invocation): void {
    this.core.wt_abandon();
    this.core.wt_fuel_set(-1, 0);
    this.core.wt_free(inv.buf);
  }

  private onHostCall(id: number, slots: number, nargs: number, nres: number): number {
    const h = this.hostFuncs[id];
    try {
      let view = this.view();
      const args = new Array(nargs);
      for (let i = 0; i < nargs; i++) args[i] = this.readValue(view, slots + i * SLOT, h.params[i]);
      const caller = this.core.wt_host_caller() - 1;
      const r = h.call(args, caller);
      view = this.view(); // the call may have grown the core's memory
      if (nres === 1) this.writeValue(view, slots, h.results[0], r);
      else if (nres > 1) {
        if (!r || typeof r[Symbol.iterator] !== "function") throw new TypeError("host function must return an array for several results");
        const vals = [...r];
        for (let i = 0; i < nres; i++) this.writeValue(view, slots + i * SLOT, h.results[i], vals[i]);
      }
      return 0;
    } catch (e) {
      this.pendingException = e;
      return 1;
    }
  }

  /** @internal */
  readValue(view: DataView, p: number, t: ValueType): any {
    switch (t) {
      case "i32": return view.getInt32(p, true);
      case "i64": return this.i64Pairs ? { lo: view.getUint32(p, true), hi: view.getInt32(p + 4, true) } : view.getBigInt64(p, true);
      case "f32": return view.getFloat32(p, true);
      case "f64": return view.getFloat64(p, true);
      default: return this.refFromRaw(t, view.getUint32(p, true));
    }
  }

  /** @internal */
  writeValue(view: DataView, p: number, t: ValueType, v: any): void {
    switch (t) {
      case "i32": view.setInt32(p, Number(v) | 0, true); view.setInt32(p + 4, 0, true); return;
      case "i64": writeI64(view, p, v); return;
      case "f32": view.setFloat32(p, Number(v), true); view.setInt32(p + 4, 0, true); return;
      case "f64": view.setFloat64(p, Number(v), true); return;
      default: view.setUint32(p, this.refToRaw(t, v), true); view.setInt32(p + 4, 0, true);
    }
  }

  /** @internal Raw core reference (funcref: address + 1; externref: handle; 0 null) to a JS value. */
  refFromRaw(t: ValueType, raw: number): any {
    if (raw === 0) return null;
    if (t === "funcref") return this.externOf("func", raw - 1);
    return this.externRefs[raw - 1];
  }

  /** @internal */
  refToRaw(t: ValueType, v: any): number {
    if (v === null || v === undefined) return 0;
    if (t === "funcref") {
      if (!(v instanceof WasmFunction) || v.runtime !== this) throw new TypeError("funcref must be a WasmFunction of this runtime or null");
      return v.addr + 1;
    }
    let id = this.externRefIds.get(v);
    if (id === undefined) {
      this.externRefs.push(v);
      id = this.externRefs.length;
      this.externRefIds.set(v, id);
    }
    return id;
  }

  /** @internal The cached wrapper of store address `addr` of `kind`. */
  externOf(kind: ExternKind, addr: number): Extern {
    const key = `${kind}:${addr}`;
    let e = this.externCache.get(key);
    if (!e) {
      switch (kind) {
        case "func": e = new WasmFunction(this, addr, parseSignature(this.str(this.core.wt_func_type(addr)))); break;
        case "memory": e = new WasmMemory(this, addr); break;
        case "table": e = new WasmTable(this, addr); break;
        case "global": e = new WasmGlobal(this, addr); break;
      }
      this.externCache.set(key, e);
    }
    return e;
  }

  // ---- public API ----

  /**
   * Decode and validate a module (wasm_runtime_load). Throws WasmError with
   * kind "malformed" (binary format, spec 5) or "invalid" (validation, spec 3),
   * the spec's reason and the byte offset.
   */
  load(bytes: Uint8Array): WasmModule {
    this.check();
    if (isAot(bytes)) return this.loadAot(bytes);
    const ptr = this.core.wt_alloc(bytes.length);
    new Uint8Array(this.core.memory.buffer, ptr, bytes.length).set(bytes);
    const h = this.core.wt_module_load(ptr, bytes.length);
    this.core.wt_free(ptr);
    if (!h) throw this.lastError();
    return new WasmModule(this, h);
  }

  /**
   * An .aot file of the `bytecode` target (wamrc-ts --target=bytecode): the
   * container is checked here (aot/format.ts: version, target, checksum,
   * signature under the `verify` policy), the payload by the core's AoT
   * loader, which neither validates nor translates (docs/aot-format.md).
   * Needs a core with AOT_LOADER and the fast interpreter.
   */
  private loadAot(bytes: Uint8Array): WasmModule {
    if (!((this.core.wt_interpreters?.() ?? 0) & 4)) throw new WasmError("resource", "AoT bytecode loader not built in");
    const file = readAotChecked(bytes, { targets: ["bytecode"], verify: this.aotVerify }, (m) => new WasmError("malformed", m));
    if (this.options.interpreter !== "fast") throw new WasmError("resource", "AoT bytecode modules run on the fast interpreter (this runtime uses the classic one)");
    const p = file.code.payload;
    const ptr = this.core.wt_alloc(p.length);
    new Uint8Array(this.core.memory.buffer, ptr, p.length).set(p);
    const h = this.core.wt_module_load_aot(ptr, p.length); // the core owns the block now
    if (!h) {
      const e = this.lastError();
      // payload offsets -> file offsets
      throw e.offset === undefined ? e : new WasmError(e.kind, e.reason, e.offset + p.byteOffset);
    }
    return new WasmModule(this, h);
  }

  /** Register native symbols under a module name (wasm_runtime_register_natives); imports of that module resolve to them. */
  registerNatives(moduleName: string, natives: NativeSymbol[]): void {
    for (const n of natives) {
      if (!/^\([iIfFre*~$]*\)[iIfFre]?$/.test(n.signature)) throw new WasmError("link", `native ${moduleName}.${n.name}: malformed signature "${n.signature}"`);
      this.natives.set(`${moduleName}\0${n.name}`, n);
    }
  }

  /** A host function as a WasmFunction of type `type` (for tables, globals, or passing around). */
  hostFunction(type: FuncType, fn: (...args: any[]) => any): WasmFunction {
    return this.externOf("func", this.newHostFunc(type, (args) => fn(...args))) as WasmFunction;
  }

  private newHostFunc(type: FuncType, call: HostFunc["call"]): number {
    const id = this.hostFuncs.length;
    this.hostFuncs.push({ params: type.params, results: type.results, call });
    const sig = encodeUtf8(signatureOf(type));
    const p = this.core.wt_alloc(sig.length);
    new Uint8Array(this.core.memory.buffer, p, sig.length).set(sig);
    const a = this.core.wt_host_func_new(p, sig.length, id);
    this.core.wt_free(p);
    if (a < 0) throw this.lastError();
    return a;
  }

  private nativeFunc(n: NativeSymbol, type: FuncType): number {
    const kinds = n.signature.slice(1, n.signature.indexOf(")"));
    return this.newHostFunc(type, (args, caller) => {
      const instance = caller >= 0 ? this.instances.get(caller) : undefined;
      const memory = instance?.memory;
      const env: ExecEnv = { instance, memory };
      const mem = memory ? memory.buffer() : new Uint8Array(0);
      const out = args.slice();
      for (let i = 0; i < kinds.length; i++) {
        const k = kinds[i];
        if (k === "*") {
          const addr = args[i] >>> 0;
          if (kinds[i + 1] === "~") {
            const len = args[i + 1] >>> 0;
            if (addr + len > mem.length) throw new Trap("trap", "out of bounds memory access", []);
            out[i] = mem.subarray(addr, addr + len);
            out[i + 1] = len;
            i++;
          } else {
            if (addr > mem.length) throw new Trap("trap", "out of bounds memory access", []);
            out[i] = mem.subarray(addr);
          }
        } else if (k === "$") {
          const addr = args[i] >>> 0;
          const end = addr < mem.length ? mem.indexOf(0, addr) : -1;
          if (end < 0) throw new Trap("trap", "out of bounds memory access", []);
          out[i] = utf8.decode(mem.subarray(addr, end));
        }
      }
      return n.fn(env, ...out);
    });
  }

  private nativeType(sig: string): FuncType {
    return parseSignature(sig.replace(/[*~$]/g, "i"));
  }

  /**
   * Instantiate a module (wasm_runtime_instantiate, spec 4.5.4). Each import
   * is looked up in `imports` (a JS function, or a WasmFunction, WasmTable,
   * WasmMemory or WasmGlobal; a number or bigint for an immutable global),
   * then among the registered native symbols. Throws WasmError kind "link"
   * (unknown import, incompatible import type), "resource" (a limit of this
   * runtime), or Trap (segment initialization or start function).
   */
  instantiate(module: WasmModule, imports: Imports = {}): Instance {
    this.check();
    const descs = module.imports();
    const addrs: number[] = [];
    for (const d of descs) {
      const v = imports[d.module]?.[d.name];
      const native = v === undefined ? this.natives.get(`${d.module}\0${d.name}`) : undefined;
      if (v === undefined && !native) throw new WasmError("link", `unknown import "${d.module}"."${d.name}"`);
      addrs.push(this.resolveImport(d, v, native));
    }
    const p = this.core.wt_alloc(Math.max(addrs.length, 1) * 4);
    const view = this.view();
    addrs.forEach((a, i) => view.setUint32(p + i * 4, a, true));
    const r = this.core.wt_instantiate(module.handle, p);
    this.core.wt_free(p);
    if (!r) {
      if (this.core.wt_error_kind() === 7) {
        const e = this.pendingException;
        this.pendingException = undefined;
        throw e;
      }
      throw this.lastError();
    }
    const inst = new Instance(this, r - 1, module);
    this.instances.set(r - 1, inst);
    return inst;
  }

  private resolveImport(d: ImportDesc, v: unknown, native: NativeSymbol | undefined): number {
    const incompatible = () => new WasmError("link", `incompatible import type for "${d.module}"."${d.name}"`);
    switch (d.kind) {
      case "func": {
        const type = d.type!;
        if (native) {
          if (signatureOf(this.nativeType(native.signature)) !== signatureOf(type)) throw incompatible();
          return this.nativeFunc(native, type);
        }
        if (v instanceof WasmFunction && v.runtime === this) return v.addr; // the core checks the type
        if (typeof v === "function") return this.newHostFunc(type, (args) => (v as (...a: any[]) => any)(...args));
        throw incompatible();
      }
      case "table":
        if (v instanceof WasmTable && v.runtime === this) return v.addr;
        throw incompatible();
      case "memory":
        if (v instanceof WasmMemory && v.runtime === this) return v.addr;
        throw incompatible();
      case "global": {
        if (v instanceof WasmGlobal && v.runtime === this) return v.addr;
        const t = (d as any).typeString as string;
        if ((typeof v === "number" || typeof v === "bigint" || isPair(v)) && !t.startsWith("mut ")) {
          return this.newGlobal(LETTERS[t], false, v).addr;
        }
        throw incompatible();
      }
    }
  }

  /** A new global (for imports), like `new WebAssembly.Global`. */
  newGlobal(type: ValueType, mutable: boolean, value: any): WasmGlobal {
    const p = this.scratchSlots(1);
    this.writeValue(this.view(), p, type, value);
    const a = this.core.wt_global_new(TYPE_CODES[type], mutable ? 1 : 0, p);
    return this.externOf("global", a) as WasmGlobal;
  }

  /** A new table (for imports), like `new WebAssembly.Table`; `maximum` undefined for none. */
  newTable(elemType: "funcref" | "externref", initial: number, maximum?: number): WasmTable {
    const a = this.core.wt_table_new(TYPE_CODES[elemType], initial >>> 0, maximum === undefined ? -1 : maximum);
    if (a < 0) throw this.lastError();
    return this.externOf("table", a) as WasmTable;
  }

  /** A new linear memory (for imports), like `new WebAssembly.Memory`; sizes in pages. */
  newMemory(initial: number, maximum?: number): WasmMemory {
    const a = this.core.wt_memory_new(initial >>> 0, maximum === undefined ? -1 : maximum);
    if (a < 0) throw this.lastError();
    return this.externOf("memory", a) as WasmMemory;
  }
}
