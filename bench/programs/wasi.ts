// wasi.ts - the wasi_snapshot_preview1 imports the AssemblyScript benchmark
// programs need, declared by hand (as in examples/as/wasi.ts; no wasi-shim).
//
// Build with  --exportStart _start --use abort=bench/programs/wasi/wasiAbort

@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: i32, iovs: usize, iovsLen: i32, nwritten: usize): i32;

@external("wasi_snapshot_preview1", "proc_exit")
declare function proc_exit(code: i32): void;

@external("wasi_snapshot_preview1", "args_sizes_get")
declare function args_sizes_get(argc: usize, argvBufSize: usize): i32;

@external("wasi_snapshot_preview1", "args_get")
declare function args_get(argv: usize, argvBuf: usize): i32;

const scratch = memory.data(16);

function writeBytes(fd: i32, ptr: usize, len: usize): void {
  while (len > 0) {
    store<u32>(scratch, <u32>ptr);
    store<u32>(scratch + 4, <u32>len);
    if (fd_write(fd, scratch, 1, scratch + 8) != 0) proc_exit(71);
    const n = <usize>load<u32>(scratch + 8);
    ptr += n;
    len -= n;
  }
}

/** Writes `s` as UTF-8 to standard output. */
export function print(s: string): void {
  const buf = String.UTF8.encode(s);
  writeBytes(1, changetype<usize>(buf), <usize>buf.byteLength);
}

/** Writes `s` as UTF-8 to standard error. */
export function printErr(s: string): void {
  const buf = String.UTF8.encode(s);
  writeBytes(2, changetype<usize>(buf), <usize>buf.byteLength);
}

export function exit(code: i32): void {
  proc_exit(code);
}

/** argv[1] as a positive integer, `def` when absent; exits 2 on a bad one. */
export function scaleArg(def: i32): i32 {
  if (args_sizes_get(scratch, scratch + 4) != 0) return def;
  const argc = <i32>load<u32>(scratch);
  const bufSize = <i32>load<u32>(scratch + 4);
  if (argc < 2) return def;
  const ptrs = new ArrayBuffer(argc * 4);
  const buf = new ArrayBuffer(bufSize);
  if (args_get(changetype<usize>(ptrs), changetype<usize>(buf)) != 0) return def;
  let p = <usize>load<u32>(changetype<usize>(ptrs) + 4);
  let v: i64 = 0;
  let digits = 0;
  while (load<u8>(p) != 0) {
    const c = <i32>load<u8>(p);
    if (c < 48 || c > 57 || v > 1000000000) { digits = -1; break; }
    v = v * 10 + (c - 48);
    digits++;
    p++;
  }
  if (digits <= 0 || v < 1) {
    printErr("usage: PROGRAM [SCALE]   (SCALE a positive integer)\n");
    proc_exit(2);
  }
  return <i32>v;
}

/** `v` as 8 lowercase hex digits. */
export function hex32(v: u32): string {
  let s = "";
  for (let i = 7; i >= 0; i--) {
    const d = (v >> (<u32>i * 4)) & 15;
    s += String.fromCharCode(d < 10 ? 48 + d : 87 + d);
  }
  return s;
}

/** Replacement for AssemblyScript's `abort` (see --use above). */
export function wasiAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort";
  if (message !== null) text += ": " + message;
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  printErr(text + "\n");
  proc_exit(134);
}
