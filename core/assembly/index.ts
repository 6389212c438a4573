/**
 * The core's exported interface: what a host (core/runtime.ts) calls.
 *
 * Only i32 and f64 cross this boundary; i64 values, strings and byte buffers
 * cross through the core's memory:
 * - byte buffers in: the host allocates with `wt_alloc`, writes, passes ptr/len;
 * - strings out: the function writes UTF-8 into the scratch buffer and returns
 *   its length in bytes; `wt_scratch()` gives the buffer's address;
 * - values: 8-byte slots (see docs/design.md, "Values and slots").
 *
 * Handles: modules are numbered by the core (`wt_module_load`); functions,
 * tables, memories, globals and instances by their store address. A failing
 * call returns 0 or -1 (or a non-zero status) and records an error, read with
 * `wt_error_kind`, `wt_error_message` or `wt_error_code` + `wt_error_arg`
 * (coded messages, core/messages.mjs), `wt_error_offset`.
 */
import { clearError, errorKind, errorMessage, errorOffset, errorCode, errorArg, setErrorCode, ErrorKind } from "./errors";
import { Msg } from "./messages.generated";
import { Module, FuncType, typeCode, ExternKind, ValType, TableType, Limits, GlobalType, setAt } from "./module";
import { loadModule } from "./decoder";
import {
  config, MAX_PAGES_BUILD, FuncInst, funcs, tables, memories, globals, instances, instantiate,
  newHostFunc, newTable, newMemory, newGlobal,
} from "./store";
import { env, initStack, backtrace } from "./exec-env";
import { execute as executeClassic, resume } from "../../interp-classic/assembly/interp";
import { executeFast, resumeFast } from "../../interp-fast/assembly/interp";
import { translateModule, translateOpt, setTranslateOpt } from "../../interp-fast/assembly/translate";
import { modules, mod, out, scratchAddr, outStart, outEnd, outChar, outDecimal, outLimits, outGlobalType } from "./handles";

/** Interpreters and loaders in this build: 1 classic, 2 fast (the host picks fast by default when it is built), 4 the AoT bytecode loader. */
export function wt_interpreters(): i32 {
  return (isDefined(CLASSIC_INTERP) ? 1 : 0) | (isDefined(FAST_INTERP) ? 2 : 0) | (isDefined(AOT_LOADER) ? 4 : 0);
}

/** Run `f` on the interpreter chosen at `wt_init` (arguments at `env.sp`; see interp-classic `execute`). */
function execute(f: FuncInst): i32 {
  if (isDefined(FAST_INTERP) && config.interpreter == 1) return executeFast(f);
  return executeClassic(f);
}

// ---- memory and strings ----


/** Allocate `size` bytes in core memory (for the host to write into). */
export function wt_alloc(size: u32): usize { return heap.alloc(<usize>size); }
export function wt_free(ptr: usize): void { if (ptr) heap.free(ptr); }

/** Address of the scratch buffer that string-returning functions write into. */
export function wt_scratch(): usize { return scratchAddr(); }


// ---- configuration and errors ----

/**
 * Configure the runtime: value stack size (bytes), largest memory (pages,
 * capped at the build's 16383), largest table (elements), interpreter
 * (0 classic, 1 fast: functions are translated at load, after validation).
 * Call once before use.
 */
export function wt_init(stackBytes: u32, maxMemoryPages: u32, maxTableSize: u32, interpreter: i32): void {
  config.interpreter = interpreter == 1 ? 1 : 0;
  config.stackSize = stackBytes;
  config.maxMemoryPages = min<u32>(maxMemoryPages, MAX_PAGES_BUILD);
  config.maxTableSize = maxTableSize;
  initStack(stackBytes);
}

/**
 * Fast interpreter: the translator's optimization level for modules loaded
 * from now on (0 the load-time translator, the default; 1 the AoT-grade
 * translation, docs/fast-code-format.md "Optimization levels"). Returns the
 * level in effect (clamped to the highest), or -1 without the fast interpreter.
 */
export function wt_set_translate_opt(level: i32): i32 {
  if (!isDefined(FAST_INTERP)) return -1;
  return setTranslateOpt(level);
}

export function wt_error_kind(): i32 { return errorKind(); }
export function wt_error_message(): i32 { return out(errorMessage()); }
export function wt_error_offset(): i32 { return errorOffset(); }
/** The last error's coded message (core/messages.mjs; 0: its message is the string of `wt_error_message`) and its argument `i` (0..2). */
export function wt_error_code(): i32 { return errorCode(); }
export function wt_error_arg(i: i32): u32 { return errorArg(i); }

// ---- modules ----


/**
 * Decode and validate the binary at [ptr, ptr+len) (and, with the fast
 * interpreter, translate it); returns a module handle, or 0 (error:
 * malformed/invalid with byte offset; resource when a function is too large
 * for the fast interpreter).
 */
export function wt_module_load(ptr: usize, len: u32): i32 {
  clearError();
  if (!isDefined(WASM_LOADER)) {
    setErrorCode(ErrorKind.Resource, Msg.WasmLoaderNotBuiltIn);
    return 0;
  } else {
    let m = loadModule(ptr, len);
    if (!m) return 0;
    if (config.interpreter == 1) {
      if (!isDefined(FAST_INTERP)) { setErrorCode(ErrorKind.Resource, Msg.FastNotBuiltIn); m.dispose(); return 0; }
      if (!translateModule(m, translateOpt)) { m.dispose(); return 0; }
    }
    modules.push(m);
    return modules.length - 1;
  }
}

/** Code size of module `h` in bytes: `which` 0 the functions' wasm bytecode, 1 their fast-interpreter code (0 with the classic interpreter). */
export function wt_module_code_size(h: i32, which: i32): i32 {
  let m = mod(h);
  let n: u32 = 0;
  for (let i = 0; i < m.funcs.length; i++) {
    let f = m.funcs[i];
    n += which == 1 ? f.fastCodeLen : <u32>(f.codeEnd - f.codeStart);
  }
  return <i32>n;
}

/** Release a module; instances made from it must be gone. */
export function wt_module_free(h: i32): void {
  if (h <= 0 || h >= modules.length) return;
  let m = modules[h];
  if (m) { m.dispose(); setAt(modules, h, null); }
}


export function wt_module_import_count(h: i32): i32 { return mod(h).imports.length; }
export function wt_module_import_module(h: i32, i: i32): i32 { return out(mod(h).imports[i].module); }
export function wt_module_import_name(h: i32, i: i32): i32 { return out(mod(h).imports[i].name); }
export function wt_module_import_kind(h: i32, i: i32): i32 { return mod(h).imports[i].kind; }

/**
 * Type of import i as a string: a function's signature "(ii)I"; a table's
 * "r min max"; a memory's "min max"; a global's "i" or "mut i" (max -1 when absent).
 */
export function wt_module_import_type(h: i32, i: i32): i32 {
  let m = mod(h);
  let imp = m.imports[i];
  switch (imp.kind) {
    case ExternKind.Func: return out(m.types[imp.typeIdx].signature());
    case ExternKind.Table: { let t = <TableType>imp.table; outStart(); outChar(typeCode(t.elemType)); outChar(0x20); outLimits(t.limits.min, t.limits.hasMax, t.limits.max); return outEnd(); }
    case ExternKind.Memory: { let l = <Limits>imp.memory; outStart(); outLimits(l.min, l.hasMax, l.max); return outEnd(); }
    case ExternKind.Global: { let g = <GlobalType>imp.global; outStart(); outGlobalType(g.mutable, g.valType); return outEnd(); }
  }
  return out("");
}


export function wt_module_export_count(h: i32): i32 { return mod(h).exports.length; }
export function wt_module_export_name(h: i32, i: i32): i32 { return out(mod(h).exports[i].name); }
export function wt_module_export_kind(h: i32, i: i32): i32 { return mod(h).exports[i].kind; }
/** Signature of export i when it is a function, else "". */
export function wt_module_export_type(h: i32, i: i32): i32 {
  let m = mod(h);
  let e = m.exports[i];
  if (e.kind == ExternKind.Func) return out(m.funcType(e.index).signature());
  return out("");
}

// ---- externs made by the host ----

function parseSig(ptr: usize, len: u32): FuncType | null {
  // "(" params ")" results: one letter per value type (typeCode's); the arrays sized first, then filled
  let close: u32 = 1;
  while (close < len && load<u8>(ptr + close) != 0x29) close++;
  if (close >= len || load<u8>(ptr) != 0x28) return null;
  let p = new StaticArray<u8>(close - 1);
  let r = new StaticArray<u8>(len - close - 1);
  for (let i: u32 = 1; i < len; i++) {
    if (i == close) continue;
    let t: u8 = 0;
    switch (<u32>load<u8>(ptr + i)) {
      case 0x69: t = ValType.I32; break; // i
      case 0x49: t = ValType.I64; break; // I
      case 0x66: t = ValType.F32; break; // f
      case 0x46: t = ValType.F64; break; // F
      case 0x72: t = ValType.FuncRef; break; // r
      case 0x65: t = ValType.ExternRef; break; // e
      default: return null;
    }
    if (i < close) p[i - 1] = t; else r[i - close - 1] = t;
  }
  return new FuncType(p, r);
}

/** A host function of signature [sigPtr, sigPtr+sigLen) (e.g. "(iI)f"); calls reach the host as `host_call(hostId, …)`. Returns its address, or -1. */
export function wt_host_func_new(sigPtr: usize, sigLen: u32, hostId: i32): i32 {
  let t = parseSig(sigPtr, sigLen);
  if (!t) { setErrorCode(ErrorKind.Link, Msg.MalformedSignature); return -1; }
  return <i32>newHostFunc(t, hostId).addr;
}

/** A table of `elemType` (0x70 funcref, 0x6f externref), `min` elements, maximum `max` (-1: none). Returns its address or -1. */
export function wt_table_new(elemType: i32, minSize: u32, maxSize: i32): i32 {
  let t = new TableType();
  t.elemType = <u8>elemType;
  t.limits.min = minSize;
  t.limits.hasMax = maxSize >= 0;
  t.limits.max = <u32>maxSize;
  let tab = newTable(t);
  return tab ? <i32>tab.addr : -1;
}

/** A memory of `min` pages, maximum `max` pages (-1: none). Returns its address or -1. */
export function wt_memory_new(minPages: u32, maxPages: i32): i32 {
  let l = new Limits();
  l.min = minPages;
  l.hasMax = maxPages >= 0;
  l.max = <u32>maxPages;
  let m = newMemory(l);
  return m ? <i32>m.addr : -1;
}

/** A global of value type `t` (binary code), mutability, initial value from the slot at `valuePtr`. Returns its address. */
export function wt_global_new(t: i32, mutable: i32, valuePtr: usize): i32 {
  let gt = new GlobalType();
  gt.valType = <u8>t;
  gt.mutable = mutable != 0;
  return <i32>newGlobal(gt, load<u64>(valuePtr)).addr;
}

// ---- instances ----

function runStart(f: FuncInst): bool { return execute(f) == 0; }

/**
 * Instantiate module `h`; `importsPtr` holds one u32 store address per import,
 * in import order. Returns the instance address + 1, or 0 (error: link,
 * resource, trap or exhaustion in segment initialization or the start function).
 */
export function wt_instantiate(h: i32, importsPtr: usize): i32 {
  clearError();
  let m = mod(h);
  let n = m.imports.length;
  let addrs = new StaticArray<u32>(n);
  for (let i = 0; i < n; i++) addrs[i] = load<u32>(importsPtr + (<usize>i << 2));
  let inst = instantiate(m, addrs, runStart);
  return inst ? <i32>inst.addr + 1 : 0;
}

/** Store address of export i of instance `ia` (its kind is the module's export kind). */
export function wt_instance_export(ia: i32, i: i32): i32 {
  let inst = instances[ia];
  let e = inst.module.exports[i];
  switch (e.kind) {
    case ExternKind.Func: return <i32>inst.funcs[e.index].addr;
    case ExternKind.Table: return <i32>inst.tables[e.index].addr;
    case ExternKind.Memory: return <i32>inst.memories[e.index].addr;
    case ExternKind.Global: return <i32>inst.globals[e.index].addr;
  }
  return -1;
}

/** Module handle of instance `ia`. */
export function wt_instance_module(ia: i32): i32 { return modules.indexOf(instances[ia].module); }

// ---- functions ----

/** Signature string of function `fa`. */
export function wt_func_type(fa: i32): i32 { return out(funcs[fa].type.signature()); }

/**
 * Call function `fa` with its arguments in 8-byte slots at `argsPtr`; on
 * success the results are written as slots to `resultsPtr` and 0 is
 * returned, else the ErrorKind (trap, exhaustion, host).
 */
export function wt_call(fa: i32, argsPtr: usize, resultsPtr: usize): i32 {
  clearError();
  if (env.suspended && env.depth == 0 && env.suspendable) {
    // a new outermost call while one is suspended would be suspended over it
    setErrorCode(ErrorKind.Trap, Msg.AnotherSuspended);
    return ErrorKind.Trap;
  }
  let f = funcs[fa];
  let base = env.sp;
  let need = (<usize>max<u32>(f.numParams, f.numResults) << 3);
  if (base + need > env.stackEnd) { setErrorCode(ErrorKind.Exhaustion, Msg.CallStackExhausted); return ErrorKind.Exhaustion; }
  memory.copy(base, argsPtr, <usize>f.numParams << 3);
  let status = execute(f);
  if (status == ErrorKind.Suspended) { suspendedBase = base; suspendedResults = f.numResults; return status; }
  env.sp = base;
  if (status == 0) memory.copy(resultsPtr, base, <usize>f.numResults << 3);
  return status;
}

let suspendedBase: usize = 0;
let suspendedResults: u32 = 0;

/**
 * Instruction budget for the following calls (WAMR instruction metering):
 * `fuel` instructions, or unlimited when negative. With `suspend` set, an
 * outermost call that runs out returns the status Suspended (8) instead of
 * trapping with "instruction limit exceeded", and `wt_resume` continues it.
 * Returns 0, or -1 (resource error) for a limit on the fast interpreter of a
 * build without INSTRUCTION_METERING.
 */
export function wt_fuel_set(fuel: f64, suspend: i32): i32 {
  if (fuel >= 0 && !isDefined(INSTRUCTION_METERING) && config.interpreter == 1) {
    setErrorCode(ErrorKind.Resource, Msg.MeteringNotBuiltIn);
    return -1;
  }
  env.fuel = fuel < 0 ? i64.MAX_VALUE : <i64>fuel;
  env.suspendable = suspend != 0;
  return 0;
}

/** Remaining instruction budget (a huge number when unlimited). */
export function wt_fuel_get(): f64 { return <f64>env.fuel; }

/** Continue the suspended call with the current budget; returns and writes results as `wt_call`. */
export function wt_resume(resultsPtr: usize): i32 {
  clearError();
  let status = isDefined(FAST_INTERP) && config.interpreter == 1 ? resumeFast() : resume();
  if (status == ErrorKind.Suspended) return status;
  env.sp = suspendedBase;
  if (status == 0) memory.copy(resultsPtr, suspendedBase, <usize>suspendedResults << 3);
  return status;
}

/** Drop a suspended call: its frames are discarded. */
export function wt_abandon(): void {
  if (!env.suspended) return;
  env.suspended = false;
  env.sp = suspendedBase;
}

/** Address + 1 of the instance that made the current host call, or 0 when the host called directly. */
export function wt_host_caller(): i32 { return env.hostCaller + 1; }

/** Address of the first memory of instance `ia`, or -1. */
export function wt_instance_memory(ia: i32): i32 {
  let inst = instances[ia];
  return inst.memories.length ? <i32>inst.memories[0].addr : -1;
}

/** Number of frames recorded at the last trap. */
export function wt_backtrace_count(): i32 { return backtrace.length; }

/** Name of frame i of the last trap: the name section's name, or "$f<index>". */
export function wt_backtrace_name(i: i32): i32 { return wt_func_name(<i32>backtrace[i]); }

/** Name of function `fa`: from its module's name section, else "$f<index>" (host functions: "<host>"). */
export function wt_func_name(fa: i32): i32 {
  let f = funcs[fa];
  let inst = f.instance;
  if (!inst) return out("<host>");
  if (isDefined(CUSTOM_NAME_SECTION)) {
    let names = inst.module.funcNames;
    if (names && names.has(f.index)) return out(names.get(f.index));
  }
  outStart(); outChar(0x24); outChar(0x66); outDecimal(f.index); // $f<index>
  return outEnd();
}

// ---- memories, tables, globals ----

export function wt_memory_base(ma: i32): usize { return memories[ma].base; }
/** Size of memory `ma` in pages. */
export function wt_memory_pages(ma: i32): i32 { return <i32>memories[ma].pages; }
/** Grow memory `ma` by `delta` pages: old size in pages, or -1. */
export function wt_memory_grow(ma: i32, delta: u32): i32 { return memories[ma].grow(delta); }
/** Memory type "min max" (max -1 when absent). */
export function wt_memory_type(ma: i32): i32 { let m = memories[ma]; outStart(); outLimits(m.pages, m.hasMax, m.max); return outEnd(); }

export function wt_table_size(ta: i32): i32 { return <i32>tables[ta].size; }
export function wt_table_elem_type(ta: i32): i32 { return tables[ta].elemType; }
/** Raw reference at index i (function address + 1 or extern handle; 0 = null), or -1 when out of bounds. */
export function wt_table_get(ta: i32, i: u32): i32 {
  let t = tables[ta];
  if (i >= t.size) return -1;
  return load<i32>(t.data + (<usize>i << 2));
}
/** Set index i to a raw reference; 0 on success, -1 when out of bounds. */
export function wt_table_set(ta: i32, i: u32, ref: u32): i32 {
  let t = tables[ta];
  if (i >= t.size) return -1;
  store<u32>(t.data + (<usize>i << 2), ref);
  return 0;
}
export function wt_table_grow(ta: i32, delta: u32, ref: u32): i32 { return tables[ta].grow(delta, ref); }
/** Table type "r min max". */
export function wt_table_type(ta: i32): i32 { let t = tables[ta]; outStart(); outChar(typeCode(t.elemType)); outChar(0x20); outLimits(t.size, t.hasMax, t.max); return outEnd(); }

/** Global type "i" or "mut i". */
export function wt_global_type(ga: i32): i32 { let g = globals[ga]; outStart(); outGlobalType(g.mutable, g.valType); return outEnd(); }
/** Copy global `ga`'s value (an 8-byte slot) to `outPtr`. */
export function wt_global_get(ga: i32, outPtr: usize): void { store<u64>(outPtr, globals[ga].value); }
/** Set global `ga` from the slot at `inPtr` (the host checks mutability). */
export function wt_global_set(ga: i32, inPtr: usize): void { globals[ga].value = load<u64>(inPtr); }
