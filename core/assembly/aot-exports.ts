/**
 * The core's AoT bytecode exports: a second asc entry file, compiled in only
 * when AOT_LOADER is on (build-config/features.mjs `ascEntries`), so builds
 * without it carry none of this. Same conventions as index.ts. The
 * serializer's exports (wamrc-ts) are in aot-writer-exports.ts.
 */
import { clearError, setErrorCode, ErrorKind } from "./errors";
import { Msg } from "./messages.generated";
import { config } from "./store";
import { modules } from "./handles";
import { loadPayload } from "./aot-bytecode";

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
