/**
 * MEMORY_PROFILING (build-config/features.mjs): `Runtime.memoryUsage()`, what
 * a runtime holds, as WAMR's wasm_runtime_dump_mem_consumption reports it.
 *
 * Host code only, and kept out of Runtime itself so that builds without the
 * feature carry none of it: importing this module adds the method to
 * Runtime.prototype. The preset bundles (build/<name>/node.mjs, embedded*.js)
 * import it when the configuration has MEMORY_PROFILING (and then export
 * `memoryUsage`); from dist/, import "wamr-ts/dist/core/memory-profiling.js".
 * Without it `rt.memoryUsage` is undefined.
 *
 *   import "./memory-profiling.js";
 *   const u = rt.memoryUsage(); // { coreMemory: 786432, linearMemories: 131072, ... }
 */
import { Runtime } from "./runtime.js";

export interface MemoryUsage {
  /** The core's linear memory in bytes (pages × 64 KiB): the runtime's data, every module's linear memory and value stack live in it. */
  coreMemory: number;
  /** Bytes of the instances' linear memories (first memory of each, counted once), inside coreMemory. */
  linearMemories: number;
  /** Bytes reserved for the value/call stack (RuntimeOptions.stackSize), inside coreMemory. */
  valueStack: number;
  /** Live instances. */
  instances: number;
  /** Registered native symbols (Runtime.registerNatives). */
  natives: number;
  /** Host functions created (imports given as JS functions). */
  hostFunctions: number;
  /** externref values held for wasm (JS side). */
  externRefs: number;
}

/** What `rt` holds (the implementation of Runtime.memoryUsage). */
export function memoryUsage(rt: Runtime): MemoryUsage {
  const r = rt as any; // the fields below are private to Runtime
  let linear = 0;
  const seen = new Set<number>();
  for (const inst of r.instances.values()) {
    const m = inst.memory;
    if (m && !seen.has(m.addr)) { seen.add(m.addr); linear += m.size; }
  }
  return {
    coreMemory: r.core.memory.buffer.byteLength,
    linearMemories: linear,
    valueStack: r.options.stackSize,
    instances: r.instances.size,
    natives: r.natives.size,
    hostFunctions: r.hostFuncs.length,
    externRefs: r.externRefs.length,
  };
}

declare module "./runtime.js" {
  interface Runtime {
    /** MEMORY_PROFILING only (import core/memory-profiling): what this runtime holds. */
    memoryUsage(): MemoryUsage;
  }
}

(Runtime.prototype as any).memoryUsage = function (this: Runtime): MemoryUsage { return memoryUsage(this); };
