/**
 * The AoT bytecode serializer's exports (wamrc-ts --target=bytecode,
 * aot/compile-bytecode.ts): a third asc entry file, compiled in only with
 * both AOT_LOADER and WASM_LOADER (build-config/features.mjs `ascEntries`).
 * A core without the .wasm loader has no module to serialize (they all come
 * from payloads), so it carries none of these. Same conventions as index.ts.
 */
import { mod, out } from "./handles";
import { serialize, serializedLen, lastTrace } from "./aot-bytecode";

/**
 * The AoT bytecode payload of module `h` (loaded with the fast interpreter):
 * returns the address of a block (free it with `wt_free`) of
 * `wt_aot_serialized_len()` bytes. With `trace`, `wt_aot_trace` then gives
 * the fields written, one "name kind" per line (for the format's docs test).
 */
export function wt_aot_serialize(h: i32, trace: i32): usize {
  return serialize(mod(h), trace != 0);
}
/** 1 when some function of module `h` names a data segment by index (memory.init, data.drop; set by the validator, so 0 for AoT-loaded modules): wamrc-ts then keeps the data segments as they are (aot/data-merge.ts). */
export function wt_module_uses_data_indices(h: i32): i32 { return mod(h).usesDataIndices ? 1 : 0; }
export function wt_aot_serialized_len(): i32 { return <i32>serializedLen; }
export function wt_aot_trace(): i32 { return out(lastTrace); }
