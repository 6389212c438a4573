// node:wasi, the tests' reference WASI, made safe to run beside the asm.js
// flavor's memory reservations.
//
// node:wasi implements its imports as V8 "fast API" calls, and its fd_write
// (and other calls that allocate) reports the allocation to V8
// (AdjustAmountOfExternalAllocatedMemory). When the process holds much
// external memory, as every growable asm.js-flavor instance does (its
// ArrayBuffer reserved up to the memory's maximum, 1 GiB by default), that
// report starts a garbage collection inside the fast call, which V8 does not
// allow: the heap is corrupted and the process dies with SIGSEGV, later, in
// unrelated code. Node's issue: https://github.com/nodejs/node/issues/46777.
// Reproduced without wamr-ts on Node 20.20 and 22.23 (tests/stress/node-wasi-gc.mjs;
// not on 24.21). Turning V8's fast API calls off before the first
// node:wasi instance avoids it (that script then passes on Node 20 and 22);
// our own WASI (platforms/node/wasi.ts) is plain JavaScript and not affected.
import v8 from 'node:v8';

v8.setFlagsFromString('--no-turbo-fast-api-calls');
// node:wasi prints an ExperimentalWarning when loaded; keep test output clean.
process.removeAllListeners('warning');
export const { WASI } = await import('node:wasi');
