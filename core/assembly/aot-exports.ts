/**
 * The core's AoT bytecode exports: a second asc entry file, compiled in only
 * when AOT_LOADER is on (build-config/features.mjs `ascEntries`), so builds
 * without it carry none of this. Same conventions as index.ts.
 */
import { clearError, setErrorCode, ErrorKind } from "./errors";
import { Msg } from "./messages.generated";
import { config } from "./store";
import { modules, mod, out } from "./handles";
import { serialize, serializedLen, lastTrace, loadPayload } from "./aot-bytecode";

/**
 * Load an AoT bytecode payload (core/assembly/aot-bytecode.ts; the code
 * section of a `bytecode` .aot file) at [ptr, ptr+len), a block from
 * `wt_alloc` that the module takes over (freed with it, or here on failure).
 * Runs no decoder, validator or translator. Returns a module handle, or 0
 * (malformed, with the byte offset in the payload; resource when the runtime
 * does not use the fast interpreter).
 */
export function wt_module_load_aot(ptr: usize, len: u32): i32 {
  clearError();
  if (config.interpreter != 1) { heap.free(ptr); setErrorCode(ErrorKind.Resource, Msg.AotOnFast); return 0; }
  let m = loadPayload(ptr, len);
  if (!m) return 0;
  modules.push(m);
  return modules.length - 1;
}

/**
 * The AoT bytecode payload of module `h` (loaded with the fast interpreter):
 * returns the address of a block (free it with `wt_free`) of
 * `wt_aot_serialized_len()` bytes. With `trace`, `wt_aot_trace` then gives
 * the fields written, one "name kind" per line (for the format's docs test).
 */
export function wt_aot_serialize(h: i32, trace: i32): usize {
  if (!isDefined(WASM_LOADER)) return 0; // no module to serialize: they all come from payloads
  return serialize(mod(h), trace != 0);
}
/** 1 when some function of module `h` names a data segment by index (memory.init, data.drop; set by the validator, so 0 for AoT-loaded modules): wamrc-ts then keeps the data segments as they are (aot/data-merge.ts). */
export function wt_module_uses_data_indices(h: i32): i32 { return mod(h).usesDataIndices ? 1 : 0; }
export function wt_aot_serialized_len(): i32 { return <i32>serializedLen; }
export function wt_aot_trace(): i32 { return out(lastTrace); }
