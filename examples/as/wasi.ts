// wasi.ts - the few wasi_snapshot_preview1 imports our AssemblyScript
// examples need, declared by hand (no wasi-shim dependency), plus helpers.
//
// Build with  --exportStart _start --use abort=wasi/wasiAbort  so that the
// module's top-level code becomes the WASI command entry point and a failed
// assertion is reported on stderr instead of through an `env.abort` import.

@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: i32, iovs: usize, iovsLen: i32, nwritten: usize): i32;

@external("wasi_snapshot_preview1", "proc_exit")
declare function proc_exit(code: i32): void;

@external("wasi_snapshot_preview1", "args_sizes_get")
declare function args_sizes_get(argc: usize, argvBufSize: usize): i32;

@external("wasi_snapshot_preview1", "args_get")
declare function args_get(argv: usize, argvBuf: usize): i32;

// Scratch space for one iovec and the out-parameters of the calls above.
const scratch = memory.data(16);

function writeBytes(fd: i32, ptr: usize, len: usize): void {
  while (len > 0) {
    store<u32>(scratch, <u32>ptr);
    store<u32>(scratch + 4, <u32>len);
    const err = fd_write(fd, scratch, 1, scratch + 8);
    if (err != 0) proc_exit(71); // EX_OSERR
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

/** Ends the program with the given exit status. */
export function exit(code: i32): void {
  proc_exit(code);
}

/** The command-line arguments, argv[0] first. */
export function args(): string[] {
  if (args_sizes_get(scratch, scratch + 4) != 0) return [];
  const argc = <i32>load<u32>(scratch);
  const bufSize = <i32>load<u32>(scratch + 4);
  const ptrs = new ArrayBuffer(argc * 4);
  const buf = new ArrayBuffer(bufSize);
  if (args_get(changetype<usize>(ptrs), changetype<usize>(buf)) != 0) return [];
  const result = new Array<string>(argc);
  for (let i = 0; i < argc; i++) {
    const start = <usize>load<u32>(changetype<usize>(ptrs) + <usize>i * 4);
    result[i] = String.UTF8.decodeUnsafe(start, strlen(start));
  }
  return result;
}

function strlen(p: usize): usize {
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  return n;
}

/** Replacement for AssemblyScript's `abort` (see --use above). */
export function wasiAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "abort";
  if (message !== null) text += ": " + message;
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  printErr(text + "\n");
  proc_exit(134);
}
