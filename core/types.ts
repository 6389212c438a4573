/**
 * Public types of the wamr-ts host API (the TypeScript side of the core).
 *
 * The embedding model follows WAMR's (`wasm_runtime_load`,
 * `wasm_runtime_instantiate`, `wasm_runtime_lookup_function`,
 * `wasm_runtime_call_wasm`, native symbols registered with signature strings)
 * in TypeScript terms, and the value conventions follow the WebAssembly
 * JS API: i32, f32 and f64 are `number`, i64 is `bigint`, funcref is a
 * `WasmFunction` or `null`, externref is any JS value (`null` for null).
 */

/** Value types by their spec names. */
export type ValueType = "i32" | "i64" | "f32" | "f64" | "funcref" | "externref";

/** A function type (spec 2.3.5). */
export interface FuncType {
  params: ValueType[];
  results: ValueType[];
}

export type ExternKind = "func" | "table" | "memory" | "global";

export interface ImportDesc {
  module: string;
  name: string;
  kind: ExternKind;
  /** For functions. */
  type?: FuncType;
}

export interface ExportDesc {
  name: string;
  kind: ExternKind;
  type?: FuncType;
}

/** Which build of the core to run: `wasm` (core.wasm on the host's engine) or `js` (wasm2js output). */
export type CoreBuild = "wasm" | "js";

/**
 * Interpreter: `classic` (bytecode in place, WAMR's classic interpreter) or
 * `fast` (functions translated at load into register-style code, WAMR's fast
 * interpreter; docs/fast-code-format.md).
 */
export type InterpreterKind = "classic" | "fast";

export interface RuntimeOptions {
  /** Interpreter to run wasm functions with; default `fast` when the core has it (the default build does), else `classic`. */
  interpreter?: InterpreterKind;
  /** Core build to load; default `wasm` when the host has `WebAssembly`, else `js`. */
  core?: CoreBuild;
  /** Size of the interpreter's value stack, in bytes (default 1 MiB; slots are 8 bytes). */
  stackSize?: number;
  /** Largest linear memory an instance may have, in 64 KiB pages (default and maximum: 16383). */
  maxMemoryPages?: number;
  /** Largest table an instance may have, in elements (default 10,000,000). */
  maxTableSize?: number;
  /**
   * Fast interpreter: the translator's optimization level for the modules this
   * runtime loads (default 0, the load-time translator; 1 the AoT-grade
   * translation, slower to load, docs/fast-code-format.md "Optimization
   * levels"). Ignored by the classic interpreter; a level above the core's
   * highest is clamped.
   */
  translateOpt?: number;
}

/** A JS function given as an import: called with wasm values, returns `undefined`, one value, or an array for several results. */
export type HostFunction = (...args: any[]) => any;

/**
 * Imports by module name and field name, as in `WebAssembly.instantiate`:
 * functions, or externals exported by another instance (`WasmFunction`,
 * `WasmMemory`, `WasmTable`, `WasmGlobal`).
 */
export type Imports = Record<string, Record<string, unknown>>;
