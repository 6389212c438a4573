/**
 * WASI preview1 (`wasi_snapshot_preview1`) for Node, independent of any engine.
 *
 * The import functions take and return wasm values as the WebAssembly JS API
 * does (i32 as `number`, i64 as `bigint`), so the same `Wasi` object serves
 * Node's own `WebAssembly` and the wamr-ts runtime alike:
 *
 * ```ts
 * const wasi = new Wasi({ args: ["prog", "x"], env: { A: "1" }, preopens: { ".": "/tmp/sandbox" } });
 * const inst = rt.instantiate(mod, { wasi_snapshot_preview1: wasi.imports });
 * wasi.bindMemory(() => inst.memory!.buffer());     // fresh view per call
 * const code = wasi.start(() => inst.exports._start.call());
 * ```
 *
 * Behaviour follows the preview1 witx specification and, where it is silent,
 * WAMR's libc-wasi (the CloudABI-derived sandboxed system primitives) and
 * uvwasi (node:wasi):
 *
 * - Paths are resolved relative to a directory fd and are confined to the
 *   preopened host directory: absolute paths, `..` that climbs above the
 *   directory, and symlinks whose real target lies outside it fail with
 *   `ENOTCAPABLE` (76), as in WAMR and uvwasi.
 * - Rights are checked as in uvwasi: an operation needs its right on the fd
 *   (`ENOTCAPABLE` otherwise), and `path_open` may only ask for rights the
 *   directory's inheriting rights contain.
 * - `fd_readdir` lists `.` and `..` first, as POSIX `readdir` (and so WAMR) does.
 * - `proc_exit` throws {@link WasiExit}; the engine propagates host exceptions
 *   unchanged, so it unwinds the guest and reaches {@link Wasi.start}.
 * - Host errors (Node `SystemError` codes such as `ENOENT`) map to the WASI
 *   errno of the same name; unknown ones to `EIO`. A guest pointer outside
 *   linear memory yields `EFAULT`.
 *
 * All host I/O uses `node:fs` synchronous calls: the guest is synchronous.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomFillSync } from "node:crypto";

// ---------------------------------------------------------------------------
// Constants (wasi_snapshot_preview1 witx)

/** WASI errno values, by name without the `E` (`Errno.NOENT === 44`). */
export const Errno = {
  SUCCESS: 0, "2BIG": 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6,
  ALREADY: 7, BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13,
  CONNREFUSED: 14, CONNRESET: 15, DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20,
  FAULT: 21, FBIG: 22, HOSTUNREACH: 23, IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27,
  INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32, MFILE: 33, MLINK: 34, MSGSIZE: 35,
  MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39, NETUNREACH: 40, NFILE: 41,
  NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47, NOMEM: 48, NOMSG: 49,
  NOPROTOOPT: 50, NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55,
  NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58, NOTTY: 59, NXIO: 60, OVERFLOW: 61,
  OWNERDEAD: 62, PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68,
  ROFS: 69, SPIPE: 70, SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75, NOTCAPABLE: 76,
} as const;

/** `filetype` values. */
export const FileType = {
  UNKNOWN: 0, BLOCK_DEVICE: 1, CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4,
  SOCKET_DGRAM: 5, SOCKET_STREAM: 6, SYMBOLIC_LINK: 7,
} as const;

/** `rights` bits (u64). */
export const Rights = {
  FD_DATASYNC: 1n << 0n, FD_READ: 1n << 1n, FD_SEEK: 1n << 2n, FD_FDSTAT_SET_FLAGS: 1n << 3n,
  FD_SYNC: 1n << 4n, FD_TELL: 1n << 5n, FD_WRITE: 1n << 6n, FD_ADVISE: 1n << 7n,
  FD_ALLOCATE: 1n << 8n, PATH_CREATE_DIRECTORY: 1n << 9n, PATH_CREATE_FILE: 1n << 10n,
  PATH_LINK_SOURCE: 1n << 11n, PATH_LINK_TARGET: 1n << 12n, PATH_OPEN: 1n << 13n,
  FD_READDIR: 1n << 14n, PATH_READLINK: 1n << 15n, PATH_RENAME_SOURCE: 1n << 16n,
  PATH_RENAME_TARGET: 1n << 17n, PATH_FILESTAT_GET: 1n << 18n, PATH_FILESTAT_SET_SIZE: 1n << 19n,
  PATH_FILESTAT_SET_TIMES: 1n << 20n, FD_FILESTAT_GET: 1n << 21n, FD_FILESTAT_SET_SIZE: 1n << 22n,
  FD_FILESTAT_SET_TIMES: 1n << 23n, PATH_SYMLINK: 1n << 24n, PATH_REMOVE_DIRECTORY: 1n << 25n,
  PATH_UNLINK_FILE: 1n << 26n, POLL_FD_READWRITE: 1n << 27n, SOCK_SHUTDOWN: 1n << 28n,
  SOCK_ACCEPT: 1n << 29n,
} as const;

const R = Rights;
const ALL_RIGHTS = (1n << 30n) - 1n;
/** Rights meaningful on a regular file (uvwasi's UVWASI_RIGHT_FILE_BASE). */
const FILE_RIGHTS =
  R.FD_DATASYNC | R.FD_READ | R.FD_SEEK | R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_TELL |
  R.FD_WRITE | R.FD_ADVISE | R.FD_ALLOCATE | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_SIZE |
  R.FD_FILESTAT_SET_TIMES | R.POLL_FD_READWRITE;
/** Rights meaningful on a directory (UVWASI_RIGHT_DIRECTORY_BASE). */
const DIR_RIGHTS =
  R.FD_FDSTAT_SET_FLAGS | R.FD_SYNC | R.FD_ADVISE | R.PATH_CREATE_DIRECTORY | R.PATH_CREATE_FILE |
  R.PATH_LINK_SOURCE | R.PATH_LINK_TARGET | R.PATH_OPEN | R.FD_READDIR | R.PATH_READLINK |
  R.PATH_RENAME_SOURCE | R.PATH_RENAME_TARGET | R.PATH_FILESTAT_GET | R.PATH_FILESTAT_SET_SIZE |
  R.PATH_FILESTAT_SET_TIMES | R.FD_FILESTAT_GET | R.FD_FILESTAT_SET_TIMES | R.PATH_SYMLINK |
  R.PATH_REMOVE_DIRECTORY | R.PATH_UNLINK_FILE | R.POLL_FD_READWRITE;
/** Rights of stdio streams (a tty or pipe: no seek/tell, so wasi-libc's isatty() can say yes). */
const STREAM_RIGHTS =
  R.FD_READ | R.FD_WRITE | R.FD_FDSTAT_SET_FLAGS | R.FD_FILESTAT_GET | R.POLL_FD_READWRITE |
  R.FD_SYNC | R.FD_DATASYNC | R.FD_ADVISE;
const READ_RIGHTS = R.FD_READ | R.FD_READDIR;
const WRITE_RIGHTS = R.FD_DATASYNC | R.FD_WRITE | R.FD_ALLOCATE | R.FD_FILESTAT_SET_SIZE;

const FDFLAGS_APPEND = 1;
const FDFLAGS_ALL = 0x1f; // APPEND | DSYNC | NONBLOCK | RSYNC | SYNC
const OFLAGS_CREAT = 1, OFLAGS_DIRECTORY = 2, OFLAGS_EXCL = 4, OFLAGS_TRUNC = 8;
const LOOKUP_SYMLINK_FOLLOW = 1;
const FSTFLAGS_ATIM = 1, FSTFLAGS_ATIM_NOW = 2, FSTFLAGS_MTIM = 4, FSTFLAGS_MTIM_NOW = 8;
const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME = 2, CLOCK_THREAD_CPUTIME = 3;
const EVENTTYPE_CLOCK = 0, EVENTTYPE_FD_READ = 1, EVENTTYPE_FD_WRITE = 2;
const SUBCLOCKFLAGS_ABSTIME = 1;
const WHENCE_SET = 0, WHENCE_CUR = 1, WHENCE_END = 2;

// ---------------------------------------------------------------------------
// Errors

/**
 * Thrown by `proc_exit(code)`. Engines let host exceptions through unchanged,
 * so this unwinds the guest; {@link Wasi.start} catches it and returns `code`.
 */
export class WasiExit extends Error {
  /** The exit status as the guest gave it (u32; a shell sees `code & 0xff`). */
  readonly code: number;
  constructor(code: number) {
    super(`wasi proc_exit(${code})`);
    this.name = "WasiExit";
    this.code = code;
  }
}

/** Internal: an errno to return to the guest. */
class ErrnoError extends Error {
  constructor(readonly errno: number) {
    super(`wasi errno ${errno}`);
  }
}

const fail = (errno: number): never => {
  throw new ErrnoError(errno);
};

const ERRNO_BY_HOST_CODE: Record<string, number> = (() => {
  const map: Record<string, number> = {};
  for (const [name, value] of Object.entries(Errno)) map["E" + name] = value;
  map.EWOULDBLOCK = Errno.AGAIN;
  map.EOPNOTSUPP = Errno.NOTSUP;
  map.ENOTCAPABLE = Errno.NOTCAPABLE;
  return map;
})();

/** Map a Node `SystemError` (with `.code` like `"ENOENT"`) to a WASI errno; `EIO` when unknown. */
export function hostErrno(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code in ERRNO_BY_HOST_CODE) return ERRNO_BY_HOST_CODE[code];
  return Errno.IO;
}

// ---------------------------------------------------------------------------
// Options and fd table

/** A host sink for an output stream: a host fd, or a callback receiving each chunk written. */
export type OutputSink = number | ((data: Uint8Array) => void);
/**
 * A host source for stdin: a host fd, the whole input as bytes/string, or a callback
 * returning up to `maxBytes` bytes (an empty array means end of file).
 */
export type InputSource = number | string | Uint8Array | ((maxBytes: number) => Uint8Array);

export interface WasiOptions {
  /** `argv` as the guest sees it, including its program name (default `[]`). */
  args?: string[];
  /** Environment: an object, or `"K=V"` strings (default empty). */
  env?: Record<string, string> | string[];
  /** Preopened directories: guest name (as reported by `fd_prestat_dir_name`) → host path. */
  preopens?: Record<string, string>;
  /** Standard input (default host fd 0). */
  stdin?: InputSource;
  /** Standard output (default host fd 1). */
  stdout?: OutputSink;
  /** Standard error (default host fd 2). */
  stderr?: OutputSink;
  /**
   * What {@link Wasi.start} does on `proc_exit`: return the code (true, the
   * default) or end the Node process with it (false), as node:wasi's option.
   */
  returnOnExit?: boolean;
  /** If given, every call is reported here as `name(args) -> errno` (for `iwasm-ts -v=5`). */
  trace?: (line: string) => void;
}

type Entry = StreamEntry | FileEntry | DirEntry;

interface BaseEntry {
  rightsBase: bigint;
  rightsInheriting: bigint;
  fdflags: number;
}
interface StreamEntry extends BaseEntry {
  kind: "stream";
  filetype: number;
  /** Host fd (not ours to close) or callbacks. */
  hostFd?: number;
  write?: (data: Uint8Array) => void;
  read?: (maxBytes: number) => Uint8Array;
}
interface FileEntry extends BaseEntry {
  kind: "file";
  filetype: number;
  hostFd: number;
  /** Current offset, kept here so reads and writes are positional (pread/pwrite). */
  position: bigint;
}
interface DirEntry extends BaseEntry {
  kind: "dir";
  /** Real (symlink-free) host path of the directory. */
  hostPath: string;
  /**
   * Real host path that confines every path resolved through this fd: the
   * directory itself (a directory fd is a capability for its own subtree only,
   * as in wasmtime's cap-std; `..` cannot climb above it).
   */
  root: string;
  /** Guest name, for preopens only. */
  preopenName?: string;
  /** Listing snapshot taken at cookie 0, reused by later `fd_readdir` calls. */
  listing?: { name: string; type: number; ino: bigint }[];
}

interface Dirent {
  name: string;
  type: number;
  ino: bigint;
}

function fileTypeOfStats(st: fs.Stats | fs.BigIntStats | fs.Dirent): number {
  if (st.isFile()) return FileType.REGULAR_FILE;
  if (st.isDirectory()) return FileType.DIRECTORY;
  if (st.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (st.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (st.isBlockDevice()) return FileType.BLOCK_DEVICE;
  // WASI has no FIFO type; WAMR and uvwasi report pipes and sockets as stream sockets.
  if (st.isSocket() || st.isFIFO()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Block the thread for `ns` nanoseconds (guest code is synchronous). */
function sleepNs(ns: bigint): void {
  if (ns <= 0n) return;
  const ms = Number(ns / 1_000_000n) + (ns % 1_000_000n > 0n ? 1 : 0);
  Atomics.wait(sleepCell, 0, 0, ms);
}

function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}

// ---------------------------------------------------------------------------
// Guest memory access

/** A bounds-checked view of linear memory for the duration of one call. */
class GuestMemory {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  constructor(u8: Uint8Array) {
    this.u8 = u8;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  }
  /** `ptr` as u32, after checking `[ptr, ptr+len)` lies in memory (`EFAULT` otherwise). */
  check(ptr: number, len: number): number {
    const p = ptr >>> 0;
    if (p + len > this.u8.length) fail(Errno.FAULT);
    return p;
  }
  u8at(ptr: number): number { return this.dv.getUint8(this.check(ptr, 1)); }
  u16(ptr: number): number { return this.dv.getUint16(this.check(ptr, 2), true); }
  u32(ptr: number): number { return this.dv.getUint32(this.check(ptr, 4), true); }
  u64(ptr: number): bigint { return this.dv.getBigUint64(this.check(ptr, 8), true); }
  setU8(ptr: number, v: number): void { this.dv.setUint8(this.check(ptr, 1), v); }
  setU16(ptr: number, v: number): void { this.dv.setUint16(this.check(ptr, 2), v, true); }
  setU32(ptr: number, v: number): void { this.dv.setUint32(this.check(ptr, 4), v >>> 0, true); }
  setU64(ptr: number, v: bigint): void { this.dv.setBigUint64(this.check(ptr, 8), BigInt.asUintN(64, v), true); }
  /** A live subarray of `len` bytes at `ptr`. */
  bytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len >>> 0);
    return this.u8.subarray(p, p + (len >>> 0));
  }
  /** UTF-8 string of `len` bytes at `ptr` (`EILSEQ` if not valid UTF-8, `EINVAL` if it holds NUL). */
  str(ptr: number, len: number): string {
    let s: string;
    try {
      s = new TextDecoder("utf-8", { fatal: true }).decode(this.bytes(ptr, len));
    } catch (e) {
      if (e instanceof ErrnoError) throw e;
      return fail(Errno.ILSEQ);
    }
    if (s.includes("\0")) fail(Errno.INVAL);
    return s;
  }
  /** The `(buf, len)` pairs of an iovec/ciovec array as live subarrays. */
  iovs(iovsPtr: number, count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count >>> 0; i++) {
      const base = (iovsPtr >>> 0) + i * 8;
      out.push(this.bytes(this.u32(base), this.u32(base + 4)));
    }
    return out;
  }
}

const encoder = new TextEncoder();

/** Serialize NUL-terminated strings the way `args_get`/`environ_get` lay them out. */
function encodeStrings(strings: string[]): Uint8Array[] {
  return strings.map((s) => {
    const b = encoder.encode(s);
    const z = new Uint8Array(b.length + 1);
    z.set(b);
    return z;
  });
}

// ---------------------------------------------------------------------------

/** WASI preview1 state (fd table, args, env) and its import functions. */
export class Wasi {
  /**
   * The `wasi_snapshot_preview1` import object: every preview1 function, each
   * returning an errno (`proc_exit` throws {@link WasiExit}). Unimplemented ones
   * (sockets, `proc_raise`) return `ENOSYS` so that linking always succeeds.
   */
  readonly imports: Record<string, (...args: any[]) => number | void>;

  private readonly args: Uint8Array[];
  private readonly env: Uint8Array[];
  private readonly fds = new Map<number, Entry>();
  private readonly returnOnExit: boolean;
  private readonly trace?: (line: string) => void;
  private getMemory?: () => Uint8Array;
  private mem!: GuestMemory;

  /**
   * @throws Error if a preopen's host path does not exist or is not a directory.
   */
  constructor(options: WasiOptions = {}) {
    this.args = encodeStrings(options.args ?? []);
    const env = options.env ?? {};
    this.env = encodeStrings(Array.isArray(env) ? env : Object.entries(env).map(([k, v]) => `${k}=${v}`));
    this.returnOnExit = options.returnOnExit ?? true;
    this.trace = options.trace;

    this.fds.set(0, this.makeStdin(options.stdin ?? 0));
    this.fds.set(1, this.makeOutput(options.stdout ?? 1));
    this.fds.set(2, this.makeOutput(options.stderr ?? 2));
    let fd = 3;
    for (const [guest, host] of Object.entries(options.preopens ?? {})) {
      const real = fs.realpathSync(host);
      if (!fs.statSync(real).isDirectory()) throw new Error(`preopen ${host}: not a directory`);
      this.fds.set(fd++, {
        kind: "dir", hostPath: real, root: real, preopenName: guest,
        rightsBase: DIR_RIGHTS, rightsInheriting: DIR_RIGHTS | FILE_RIGHTS, fdflags: 0,
      });
    }
    this.imports = this.buildImports();
  }

  /**
   * Give the guest's linear memory. `getMemory` is called at the start of each
   * WASI call and must return a fresh view (memory may have grown and its
   * buffer been replaced since), e.g. `() => new Uint8Array(memory.buffer)`.
   */
  bindMemory(getMemory: () => Uint8Array): void {
    this.getMemory = getMemory;
  }

  /**
   * Run a WASI command: calls `startFn` (the instance's `_start`) and returns
   * the exit status: 0 if it returns, the `proc_exit` code otherwise (or, with
   * `returnOnExit: false`, ends the process with it). Other exceptions (traps)
   * propagate.
   */
  start(startFn: () => unknown): number {
    try {
      startFn();
      return 0;
    } catch (e) {
      if (e instanceof WasiExit) {
        if (!this.returnOnExit) process.exit(e.code & 0xff);
        return e.code;
      }
      throw e;
    }
  }

  // -- stdio -----------------------------------------------------------------

  private makeOutput(sink: OutputSink): StreamEntry {
    if (typeof sink === "function") {
      return { kind: "stream", filetype: FileType.CHARACTER_DEVICE, write: sink, rightsBase: STREAM_RIGHTS, rightsInheriting: 0n, fdflags: 0 };
    }
    return { kind: "stream", filetype: this.hostFdType(sink), hostFd: sink, rightsBase: STREAM_RIGHTS, rightsInheriting: 0n, fdflags: 0 };
  }

  private makeStdin(src: InputSource): StreamEntry {
    const base = { kind: "stream" as const, rightsBase: STREAM_RIGHTS, rightsInheriting: 0n, fdflags: 0 };
    if (typeof src === "number") return { ...base, filetype: this.hostFdType(src), hostFd: src };
    if (typeof src === "function") return { ...base, filetype: FileType.CHARACTER_DEVICE, read: src };
    let data = typeof src === "string" ? encoder.encode(src) : src;
    return {
      ...base, filetype: FileType.CHARACTER_DEVICE,
      read: (max) => {
        const chunk = data.subarray(0, max);
        data = data.subarray(chunk.length);
        return chunk;
      },
    };
  }

  private hostFdType(fd: number): number {
    try {
      return fileTypeOfStats(fs.fstatSync(fd));
    } catch {
      return FileType.CHARACTER_DEVICE;
    }
  }

  // -- fd table helpers -------------------------------------------------------

  /** The entry for `fd`, which must hold all of `rights` (`EBADF`, `ENOTCAPABLE`). */
  private entry(fd: number, rights: bigint = 0n): Entry {
    const e = this.fds.get(fd);
    if (!e) return fail(Errno.BADF);
    if ((e.rightsBase & rights) !== rights) fail(Errno.NOTCAPABLE);
    return e;
  }

  private dirEntry(fd: number, rights: bigint): DirEntry {
    const e = this.entry(fd, 0n);
    if (e.kind !== "dir") fail(Errno.NOTDIR);
    if ((e.rightsBase & rights) !== rights) fail(Errno.NOTCAPABLE);
    return e as DirEntry;
  }

  private allocFd(e: Entry): number {
    let fd = 3;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, e);
    return fd;
  }

  /**
   * Resolve a guest path relative to directory `dir` to a host path confined
   * to `dir.root`.
   *
   * @param follow follow a symlink in the last component (`LOOKUPFLAGS_SYMLINK_FOLLOW`);
   *   symlinks in earlier components are always followed.
   * @returns the host path: fully real if it exists and `follow`, else real parent + last name.
   * @throws ErrnoError `ENOTCAPABLE` for absolute paths and any escape from the root
   *   (`..` or symlinks), `ENOENT`/`ENOTDIR` for a missing or non-directory parent,
   *   `ELOOP` for too many symlinks, `ENOENT` for an empty path.
   *
   * The check happens before the host call that uses the path, so a host
   * process racing to swap a checked component for a symlink could slip past
   * it (as with uvwasi); guests alone cannot, since they cannot run
   * concurrently with their own WASI calls.
   */
  private resolve(dir: DirEntry, guestPath: string, follow: boolean): string {
    if (guestPath === "") fail(Errno.NOENT);
    if (guestPath.startsWith("/")) fail(Errno.NOTCAPABLE);
    // Lexical check first: `..` may never climb above the directory.
    let depth = 0;
    for (const part of guestPath.split("/")) {
      if (part === "" || part === ".") continue;
      depth += part === ".." ? -1 : 1;
      if (depth < 0) fail(Errno.NOTCAPABLE);
    }
    let p = path.resolve(dir.hostPath, guestPath);
    if (!isInside(dir.root, p)) fail(Errno.NOTCAPABLE);
    if (p === dir.root) return p;
    // Then resolve symlinks for real, following dangling ones by hand so that
    // O_CREAT through a link cannot create a file outside the root.
    const trailingSlash = guestPath.endsWith("/");
    for (let hops = 0; hops < 40; hops++) {
      if (follow) {
        try {
          const real = fs.realpathSync(p);
          if (!isInside(dir.root, real)) fail(Errno.NOTCAPABLE);
          return real;
        } catch (e) {
          if (e instanceof ErrnoError) throw e;
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== "ENOENT") fail(hostErrno(e));
        }
      }
      let realParent: string;
      try {
        realParent = fs.realpathSync(path.dirname(p));
      } catch (e) {
        return fail(hostErrno(e));
      }
      if (!isInside(dir.root, realParent)) fail(Errno.NOTCAPABLE);
      const full = path.join(realParent, path.basename(p));
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(full);
      } catch {
        st = undefined; // does not exist: a creation target
      }
      if (!follow && trailingSlash && st?.isSymbolicLink()) {
        // POSIX: a trailing slash resolves the symlink (confined like any other)
        follow = true;
      } else if (!follow) {
        return trailingSlash ? full + "/" : full;
      }
      if (!st || !st.isSymbolicLink()) return full;
      const target = fs.readlinkSync(full);
      p = path.resolve(realParent, target);
      if (!isInside(dir.root, p)) fail(Errno.NOTCAPABLE);
    }
    return fail(Errno.LOOP);
  }

  // -- imports ------------------------------------------------------------------

  private buildImports(): Record<string, (...args: any[]) => number | void> {
    const impls: Record<string, (...args: any[]) => number | void> = {
      args_get: (argv: number, buf: number) => this.writeStrings(this.args, argv, buf),
      args_sizes_get: (countPtr: number, sizePtr: number) => this.writeSizes(this.args, countPtr, sizePtr),
      environ_get: (envp: number, buf: number) => this.writeStrings(this.env, envp, buf),
      environ_sizes_get: (countPtr: number, sizePtr: number) => this.writeSizes(this.env, countPtr, sizePtr),
      clock_res_get: (id: number, resPtr: number) => {
        this.mem.setU64(resPtr, clockResolution(id));
      },
      clock_time_get: (id: number, _precision: bigint, timePtr: number) => {
        this.mem.setU64(timePtr, clockNow(id));
      },
      random_get: (buf: number, len: number) => {
        randomFillSync(this.mem.bytes(buf, len));
      },
      sched_yield: () => 0,
      proc_exit: (code: number) => {
        throw new WasiExit(code >>> 0);
      },
      proc_raise: () => Errno.NOSYS,

      fd_write: (fd: number, iovs: number, iovsLen: number, nPtr: number) =>
        this.mem.setU32(nPtr, this.write(fd, this.mem.iovs(iovs, iovsLen), null)),
      fd_pwrite: (fd: number, iovs: number, iovsLen: number, offset: bigint, nPtr: number) =>
        this.mem.setU32(nPtr, this.write(fd, this.mem.iovs(iovs, iovsLen), offset)),
      fd_read: (fd: number, iovs: number, iovsLen: number, nPtr: number) =>
        this.mem.setU32(nPtr, this.read(fd, this.mem.iovs(iovs, iovsLen), null)),
      fd_pread: (fd: number, iovs: number, iovsLen: number, offset: bigint, nPtr: number) =>
        this.mem.setU32(nPtr, this.read(fd, this.mem.iovs(iovs, iovsLen), offset)),
      fd_seek: (fd: number, offset: bigint, whence: number, newPtr: number) =>
        this.mem.setU64(newPtr, this.seek(fd, offset, whence)),
      fd_tell: (fd: number, ptr: number) => this.mem.setU64(ptr, this.seek(fd, 0n, WHENCE_CUR)),
      fd_close: (fd: number) => {
        const e = this.entry(fd);
        if (e.kind === "file") fs.closeSync(e.hostFd);
        this.fds.delete(fd);
      },
      fd_renumber: (from: number, to: number) => {
        const e = this.entry(from);
        const old = this.entry(to);
        if (from === to) return;
        if (old.kind === "file") fs.closeSync(old.hostFd);
        this.fds.set(to, e);
        this.fds.delete(from);
      },
      fd_fdstat_get: (fd: number, ptr: number) => {
        const e = this.entry(fd);
        this.mem.check(ptr, 24);
        this.mem.bytes(ptr, 24).fill(0);
        this.mem.setU8(ptr, e.kind === "dir" ? FileType.DIRECTORY : e.filetype);
        this.mem.setU16(ptr + 2, e.fdflags);
        this.mem.setU64(ptr + 8, e.rightsBase);
        this.mem.setU64(ptr + 16, e.rightsInheriting);
      },
      fd_fdstat_set_flags: (fd: number, flags: number) => {
        const e = this.entry(fd, R.FD_FDSTAT_SET_FLAGS);
        if (flags & ~FDFLAGS_ALL) return Errno.INVAL;
        e.fdflags = flags;
      },
      fd_fdstat_set_rights: (fd: number, base: bigint, inheriting: bigint) => {
        const e = this.entry(fd);
        // Rights may only be dropped, never gained.
        if ((base & ~e.rightsBase) !== 0n || (inheriting & ~e.rightsInheriting) !== 0n) return Errno.NOTCAPABLE;
        e.rightsBase = base;
        e.rightsInheriting = inheriting;
      },
      fd_filestat_get: (fd: number, ptr: number) => {
        const e = this.entry(fd, R.FD_FILESTAT_GET);
        if (e.kind === "file") this.writeFilestat(ptr, fs.fstatSync(e.hostFd, { bigint: true }));
        else if (e.kind === "dir") this.writeFilestat(ptr, fs.statSync(e.hostPath, { bigint: true }));
        else if (e.hostFd !== undefined) this.writeFilestat(ptr, fs.fstatSync(e.hostFd, { bigint: true }), e.filetype);
        else {
          this.mem.bytes(ptr, 64).fill(0);
          this.mem.setU8(ptr + 16, e.filetype);
        }
      },
      fd_filestat_set_size: (fd: number, size: bigint) => {
        const e = this.entry(fd, R.FD_FILESTAT_SET_SIZE);
        if (e.kind !== "file") return Errno.INVAL;
        fs.ftruncateSync(e.hostFd, Number(size));
      },
      fd_filestat_set_times: (fd: number, atim: bigint, mtim: bigint, flags: number) => {
        const e = this.entry(fd, R.FD_FILESTAT_SET_TIMES);
        const st = e.kind === "file" ? fs.fstatSync(e.hostFd, { bigint: true })
          : e.kind === "dir" ? fs.statSync(e.hostPath, { bigint: true }) : fail(Errno.BADF);
        const [a, m] = newTimes(st, atim, mtim, flags);
        if (e.kind === "file") fs.futimesSync(e.hostFd, a, m);
        else fs.utimesSync((e as DirEntry).hostPath, a, m);
      },
      fd_advise: (fd: number, _offset: bigint, _len: bigint, advice: number) => {
        this.entry(fd, R.FD_ADVISE);
        if (advice > 5) return Errno.INVAL;
      },
      fd_allocate: (fd: number, offset: bigint, len: bigint) => {
        const e = this.entry(fd, R.FD_ALLOCATE);
        if (e.kind !== "file") return Errno.BADF;
        if (offset < 0n || len <= 0n) return Errno.INVAL;
        const end = offset + len;
        if (BigInt(fs.fstatSync(e.hostFd).size) < end) fs.ftruncateSync(e.hostFd, Number(end));
      },
      fd_sync: (fd: number) => {
        const e = this.entry(fd, R.FD_SYNC);
        if (e.kind === "file") fs.fsyncSync(e.hostFd);
      },
      fd_datasync: (fd: number) => {
        const e = this.entry(fd, R.FD_DATASYNC);
        if (e.kind === "file") fs.fdatasyncSync(e.hostFd);
      },
      fd_prestat_get: (fd: number, ptr: number) => {
        const e = this.entry(fd);
        if (e.kind !== "dir" || e.preopenName === undefined) return Errno.BADF;
        this.mem.setU32(ptr, 0); // tag 0: dir (and padding)
        this.mem.setU32(ptr + 4, encoder.encode(e.preopenName).length);
      },
      fd_prestat_dir_name: (fd: number, buf: number, len: number) => {
        const e = this.entry(fd);
        if (e.kind !== "dir" || e.preopenName === undefined) return Errno.BADF;
        const name = encoder.encode(e.preopenName);
        if ((len >>> 0) < name.length) return Errno.NAMETOOLONG;
        this.mem.bytes(buf, name.length).set(name);
      },
      fd_readdir: (fd: number, buf: number, len: number, cookie: bigint, usedPtr: number) =>
        this.mem.setU32(usedPtr, this.readdir(fd, buf, len >>> 0, cookie)),

      path_open: (fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
        rightsBase: bigint, rightsInheriting: bigint, fdflags: number, fdPtr: number) => {
        this.mem.check(fdPtr, 4);
        const newFd = this.pathOpen(fd, dirflags, this.mem.str(pathPtr, pathLen), oflags,
          BigInt.asUintN(64, rightsBase), BigInt.asUintN(64, rightsInheriting), fdflags);
        this.mem.setU32(fdPtr, newFd);
      },
      path_filestat_get: (fd: number, flags: number, pathPtr: number, pathLen: number, ptr: number) => {
        const dir = this.dirEntry(fd, R.PATH_FILESTAT_GET);
        const follow = (flags & LOOKUP_SYMLINK_FOLLOW) !== 0;
        const host = this.resolve(dir, this.mem.str(pathPtr, pathLen), follow);
        this.writeFilestat(ptr, follow ? fs.statSync(host, { bigint: true }) : fs.lstatSync(host, { bigint: true }));
      },
      path_filestat_set_times: (fd: number, flags: number, pathPtr: number, pathLen: number,
        atim: bigint, mtim: bigint, fstflags: number) => {
        const dir = this.dirEntry(fd, R.PATH_FILESTAT_SET_TIMES);
        const follow = (flags & LOOKUP_SYMLINK_FOLLOW) !== 0;
        const host = this.resolve(dir, this.mem.str(pathPtr, pathLen), follow);
        const st = follow ? fs.statSync(host, { bigint: true }) : fs.lstatSync(host, { bigint: true });
        const [a, m] = newTimes(st, atim, mtim, fstflags);
        if (follow) fs.utimesSync(host, a, m);
        else fs.lutimesSync(host, a, m);
      },
      path_create_directory: (fd: number, pathPtr: number, pathLen: number) => {
        const dir = this.dirEntry(fd, R.PATH_CREATE_DIRECTORY);
        fs.mkdirSync(this.resolve(dir, this.mem.str(pathPtr, pathLen), false));
      },
      path_remove_directory: (fd: number, pathPtr: number, pathLen: number) => {
        const dir = this.dirEntry(fd, R.PATH_REMOVE_DIRECTORY);
        const host = this.resolve(dir, this.mem.str(pathPtr, pathLen), false);
        if (host === dir.root) return Errno.BUSY;
        fs.rmdirSync(host);
      },
      path_unlink_file: (fd: number, pathPtr: number, pathLen: number) => {
        const dir = this.dirEntry(fd, R.PATH_UNLINK_FILE);
        const host = this.resolve(dir, this.mem.str(pathPtr, pathLen), false);
        if (host.endsWith("/")) {
          // "name/" names a directory (POSIX): unlink refuses it
          return fs.lstatSync(host).isDirectory() ? Errno.ISDIR : Errno.NOTDIR;
        }
        if (fs.lstatSync(host).isDirectory()) return Errno.ISDIR;
        fs.unlinkSync(host);
      },
      path_rename: (fd: number, oldPtr: number, oldLen: number, newFd: number, newPtr: number, newLen: number) => {
        const from = this.dirEntry(fd, R.PATH_RENAME_SOURCE);
        const to = this.dirEntry(newFd, R.PATH_RENAME_TARGET);
        const src = this.resolve(from, this.mem.str(oldPtr, oldLen), false);
        const dst = this.resolve(to, this.mem.str(newPtr, newLen), false);
        if (src === from.root || dst === to.root) return Errno.BUSY;
        fs.renameSync(src, dst);
      },
      path_link: (oldFd: number, oldFlags: number, oldPtr: number, oldLen: number,
        newFd: number, newPtr: number, newLen: number) => {
        const from = this.dirEntry(oldFd, R.PATH_LINK_SOURCE);
        const to = this.dirEntry(newFd, R.PATH_LINK_TARGET);
        const src = this.resolve(from, this.mem.str(oldPtr, oldLen), (oldFlags & LOOKUP_SYMLINK_FOLLOW) !== 0);
        fs.linkSync(src, this.resolve(to, this.mem.str(newPtr, newLen), false));
      },
      path_symlink: (oldPtr: number, oldLen: number, fd: number, newPtr: number, newLen: number) => {
        const dir = this.dirEntry(fd, R.PATH_SYMLINK);
        const target = this.mem.str(oldPtr, oldLen);
        // An absolute target could only ever resolve outside the sandbox.
        if (target.startsWith("/")) return Errno.NOTCAPABLE;
        fs.symlinkSync(target, this.resolve(dir, this.mem.str(newPtr, newLen), false));
      },
      path_readlink: (fd: number, pathPtr: number, pathLen: number, buf: number, len: number, usedPtr: number) => {
        const dir = this.dirEntry(fd, R.PATH_READLINK);
        const host = this.resolve(dir, this.mem.str(pathPtr, pathLen), false);
        const target = fs.readlinkSync(host, { encoding: "buffer" });
        const n = Math.min(target.length, len >>> 0);
        this.mem.bytes(buf, n).set(target.subarray(0, n));
        this.mem.setU32(usedPtr, n);
      },
      poll_oneoff: (inPtr: number, outPtr: number, n: number, neventsPtr: number) =>
        this.mem.setU32(neventsPtr, this.poll(inPtr, outPtr, n >>> 0)),

      sock_accept: () => Errno.NOSYS,
      sock_recv: () => Errno.NOSYS,
      sock_send: () => Errno.NOSYS,
      sock_shutdown: () => Errno.NOSYS,
    };

    const wrapped: Record<string, (...args: any[]) => number | void> = {};
    for (const [name, impl] of Object.entries(impls)) {
      wrapped[name] = (...args: any[]) => {
        let errno: number;
        try {
          if (!this.getMemory) throw new Error("Wasi: bindMemory() was not called before a WASI call");
          this.mem = new GuestMemory(this.getMemory());
          errno = (impl(...args) as number | undefined) ?? Errno.SUCCESS;
        } catch (e) {
          if (e instanceof ErrnoError) errno = e.errno;
          else if (isHostError(e)) {
            // Node's own argument checks (e.g. ERR_OUT_OF_RANGE for an offset) are EINVAL.
            errno = (e as NodeJS.ErrnoException).code!.startsWith("ERR_") ? Errno.INVAL : hostErrno(e);
          } else if (e instanceof RangeError && this.getMemory) errno = Errno.FAULT;
          else {
            this.trace?.(`${name}(${args.join(", ")}) -> throws ${String(e)}`);
            throw e; // WasiExit, or a bug: let the engine propagate it
          }
        }
        this.trace?.(`${name}(${args.join(", ")}) -> ${errno}`);
        return errno;
      };
    }
    // proc_exit returns nothing in the witx (no errno result).
    const exit = wrapped.proc_exit;
    wrapped.proc_exit = (code: number) => {
      exit(code);
    };
    return wrapped;
  }

  private writeSizes(strings: Uint8Array[], countPtr: number, sizePtr: number): void {
    this.mem.setU32(countPtr, strings.length);
    this.mem.setU32(sizePtr, strings.reduce((n, s) => n + s.length, 0));
  }

  private writeStrings(strings: Uint8Array[], ptrs: number, buf: number): void {
    let at = buf >>> 0;
    strings.forEach((s, i) => {
      this.mem.setU32(ptrs + i * 4, at);
      this.mem.bytes(at, s.length).set(s);
      at += s.length;
    });
  }

  /** filestat: dev u64 @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56. */
  private writeFilestat(ptr: number, st: fs.BigIntStats, filetype?: number): void {
    this.mem.bytes(ptr, 64).fill(0);
    this.mem.setU64(ptr, st.dev);
    this.mem.setU64(ptr + 8, st.ino);
    this.mem.setU8(ptr + 16, filetype ?? fileTypeOfStats(st));
    this.mem.setU64(ptr + 24, st.nlink);
    this.mem.setU64(ptr + 32, st.size);
    this.mem.setU64(ptr + 40, st.atimeNs);
    this.mem.setU64(ptr + 48, st.mtimeNs);
    this.mem.setU64(ptr + 56, st.ctimeNs);
  }

  // -- I/O ---------------------------------------------------------------------

  /**
   * Write `bufs` in order. `offset` null: at the current position (and
   * advance it; with `FDFLAGS_APPEND`, at end of file first), else at that
   * offset (`fd_pwrite`, position unchanged). Returns bytes written.
   */
  private write(fd: number, bufs: Uint8Array[], offset: bigint | null): number {
    const e = this.entry(fd, offset === null ? R.FD_WRITE : R.FD_WRITE | R.FD_SEEK);
    let total = 0;
    if (e.kind === "dir") return fail(Errno.BADF);
    if (e.kind === "stream") {
      if (offset !== null) fail(Errno.SPIPE);
      for (const b of bufs) {
        if (e.write) e.write(b.slice());
        else writeAllSync(e.hostFd!, b);
        total += b.length;
      }
      return total;
    }
    let pos = offset ?? e.position;
    if (offset === null && e.fdflags & FDFLAGS_APPEND) pos = fs.fstatSync(e.hostFd, { bigint: true }).size;
    for (const b of bufs) {
      let done = 0;
      while (done < b.length) {
        const n = fs.writeSync(e.hostFd, b, done, b.length - done, Number(pos));
        done += n;
        pos += BigInt(n);
      }
      total += b.length;
    }
    if (offset === null) e.position = pos;
    return total;
  }

  /** Read into `bufs` in order, stopping at a short read. Returns bytes read (0 at end of file). */
  private read(fd: number, bufs: Uint8Array[], offset: bigint | null): number {
    const e = this.entry(fd, offset === null ? R.FD_READ : R.FD_READ | R.FD_SEEK);
    let total = 0;
    if (e.kind === "dir") return fail(Errno.ISDIR);
    if (e.kind === "stream") {
      if (offset !== null) fail(Errno.SPIPE);
      for (const b of bufs) {
        if (b.length === 0) continue;
        let n: number;
        if (e.read) {
          const chunk = e.read(b.length);
          b.set(chunk.subarray(0, b.length));
          n = Math.min(chunk.length, b.length);
        } else n = readSomeSync(e.hostFd!, b);
        total += n;
        if (n < b.length) break;
      }
      return total;
    }
    let pos = offset ?? e.position;
    for (const b of bufs) {
      if (b.length === 0) continue;
      const n = fs.readSync(e.hostFd, b, 0, b.length, Number(pos));
      pos += BigInt(n);
      total += n;
      if (n < b.length) break;
    }
    if (offset === null) e.position = pos;
    return total;
  }

  /** `fd_seek`: returns the new offset. `offset` is signed; a negative result is `EINVAL`. */
  private seek(fd: number, offset: bigint, whence: number): bigint {
    const e = this.entry(fd);
    if (e.kind === "stream") return fail(Errno.SPIPE); // a pipe or tty, as lseek(2) says
    const needed = offset === 0n && whence === WHENCE_CUR ? R.FD_TELL : R.FD_SEEK;
    this.entry(fd, needed);
    if (e.kind !== "file") return fail(Errno.BADF);
    offset = BigInt.asIntN(64, offset);
    let base: bigint;
    if (whence === WHENCE_SET) base = 0n;
    else if (whence === WHENCE_CUR) base = e.position;
    else if (whence === WHENCE_END) base = fs.fstatSync(e.hostFd, { bigint: true }).size;
    else return fail(Errno.INVAL);
    const pos = base + offset;
    if (pos < 0n) fail(Errno.INVAL);
    e.position = pos;
    return pos;
  }

  /**
   * `fd_readdir`: fill `buf` with dirents from index `cookie` on (each a
   * 24-byte header: d_next u64, d_ino u64, d_namlen u32, d_type u8, then the
   * name). The last entry may be cut off; a full buffer tells the guest to
   * call again. Returns bytes used.
   */
  private readdir(fd: number, buf: number, len: number, cookie: bigint): number {
    const e = this.entry(fd, R.FD_READDIR);
    if (e.kind !== "dir") return fail(Errno.NOTDIR);
    this.mem.check(buf, len);
    if (cookie === 0n || !e.listing) e.listing = this.list(e.hostPath);
    const out = this.mem.bytes(buf, len);
    let used = 0;
    for (let i = Number(cookie); i < e.listing.length && used < len; i++) {
      const ent = e.listing[i];
      const name = encoder.encode(ent.name);
      const rec = new Uint8Array(24 + name.length);
      const rdv = new DataView(rec.buffer);
      rdv.setBigUint64(0, BigInt(i + 1), true);
      rdv.setBigUint64(8, ent.ino, true);
      rdv.setUint32(16, name.length, true);
      rdv.setUint8(20, ent.type);
      rec.set(name, 24);
      const n = Math.min(rec.length, len - used);
      out.set(rec.subarray(0, n), used);
      used += n;
    }
    return used;
  }

  private list(hostPath: string): Dirent[] {
    const st = (p: string): bigint => {
      try {
        return fs.lstatSync(p, { bigint: true }).ino;
      } catch {
        return 0n;
      }
    };
    const entries: Dirent[] = [
      { name: ".", type: FileType.DIRECTORY, ino: st(hostPath) },
      { name: "..", type: FileType.DIRECTORY, ino: st(path.dirname(hostPath)) },
    ];
    for (const d of fs.readdirSync(hostPath, { withFileTypes: true })) {
      entries.push({ name: d.name, type: fileTypeOfStats(d), ino: st(path.join(hostPath, d.name)) });
    }
    return entries;
  }

  /**
   * `path_open`. Host access mode from the rights asked for (read: FD_READ or
   * FD_READDIR; write: FD_WRITE, FD_DATASYNC, FD_ALLOCATE, FD_FILESTAT_SET_SIZE),
   * as uvwasi does. The new fd's rights are those asked for, limited to what
   * its file type supports. Returns the new fd.
   */
  private pathOpen(fd: number, dirflags: number, guestPath: string, oflags: number,
    rightsBase: bigint, rightsInheriting: bigint, fdflags: number): number {
    let needed = R.PATH_OPEN;
    if (oflags & OFLAGS_CREAT) needed |= R.PATH_CREATE_FILE;
    if (oflags & OFLAGS_TRUNC) needed |= R.PATH_FILESTAT_SET_SIZE;
    const dir = this.dirEntry(fd, needed);
    if (((rightsBase | rightsInheriting) & ~dir.rightsInheriting & ALL_RIGHTS) !== 0n) fail(Errno.NOTCAPABLE);
    if (fdflags & ~FDFLAGS_ALL) fail(Errno.INVAL);

    // O_CREAT|O_EXCL never follows a final symlink (POSIX): it is EEXIST.
    const exclusive = (oflags & OFLAGS_CREAT) !== 0 && (oflags & OFLAGS_EXCL) !== 0;
    const follow = (dirflags & LOOKUP_SYMLINK_FOLLOW) !== 0 && !exclusive;
    const host = this.resolve(dir, guestPath, follow);
    const C = fs.constants;
    const read = (rightsBase & READ_RIGHTS) !== 0n;
    const write = (rightsBase & WRITE_RIGHTS) !== 0n;
    // A directory is never opened for writing (as wasmtime does): with O_DIRECTORY the
    // write rights some toolchains ask for would make the host open fail with EISDIR.
    let flags = write && !(oflags & OFLAGS_DIRECTORY) ? (read ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY;
    if (oflags & OFLAGS_CREAT) flags |= C.O_CREAT;
    if (oflags & OFLAGS_EXCL) flags |= C.O_EXCL;
    if (oflags & OFLAGS_TRUNC) flags |= C.O_TRUNC;
    if (oflags & OFLAGS_DIRECTORY) flags |= C.O_DIRECTORY;
    if (!follow && !exclusive) flags |= C.O_NOFOLLOW;

    const hostFd = fs.openSync(host, flags, 0o666);
    let st: fs.Stats;
    try {
      st = fs.fstatSync(hostFd);
    } catch (err) {
      fs.closeSync(hostFd);
      throw err;
    }
    if (st.isDirectory()) {
      fs.closeSync(hostFd);
      const real = fs.realpathSync(host);
      if (!isInside(dir.root, real)) fail(Errno.NOTCAPABLE);
      return this.allocFd({
        kind: "dir", hostPath: real, root: real,
        rightsBase: rightsBase & DIR_RIGHTS, rightsInheriting: rightsInheriting & dir.rightsInheriting, fdflags,
      });
    }
    if (oflags & OFLAGS_DIRECTORY) {
      fs.closeSync(hostFd);
      fail(Errno.NOTDIR);
    }
    const filetype = fileTypeOfStats(st);
    let base = rightsBase & FILE_RIGHTS;
    if (filetype !== FileType.REGULAR_FILE) base &= ~(R.FD_SEEK | R.FD_TELL);
    return this.allocFd({ kind: "file", filetype, hostFd, position: 0n, rightsBase: base, rightsInheriting: 0n, fdflags });
  }

  /**
   * `poll_oneoff`. Clock subscriptions sleep until the earliest deadline (the
   * thread blocks); fd_read/fd_write subscriptions on valid fds are reported
   * ready at once (regular files and host streams are treated as always
   * ready, as uvwasi does for files). Returns the number of events written.
   */
  private poll(inPtr: number, outPtr: number, n: number): number {
    if (n === 0) return fail(Errno.INVAL);
    this.mem.check(inPtr, n * 48);
    this.mem.check(outPtr, n * 32);
    type Sub = { userdata: bigint; type: number; deadline?: bigint; fd?: number; clockId?: number };
    const subs: Sub[] = [];
    for (let i = 0; i < n; i++) {
      const s = inPtr + i * 48;
      const userdata = this.mem.u64(s);
      const type = this.mem.u8at(s + 8);
      if (type === EVENTTYPE_CLOCK) {
        const clockId = this.mem.u32(s + 16);
        const timeout = this.mem.u64(s + 24);
        const flags = this.mem.u16(s + 40);
        let deadline: bigint;
        try {
          const now = clockNow(clockId);
          deadline = flags & SUBCLOCKFLAGS_ABSTIME ? timeout : now + timeout;
        } catch {
          deadline = -1n; // invalid clock: reported with EINVAL below
        }
        subs.push({ userdata, type, deadline, clockId });
      } else if (type === EVENTTYPE_FD_READ || type === EVENTTYPE_FD_WRITE) {
        subs.push({ userdata, type, fd: this.mem.u32(s + 16) });
      } else return fail(Errno.INVAL);
    }
    let count = 0;
    const emit = (sub: Sub, error: number, nbytes: bigint): void => {
      const o = outPtr + count * 32;
      this.mem.bytes(o, 32).fill(0);
      this.mem.setU64(o, sub.userdata);
      this.mem.setU16(o + 8, error);
      this.mem.setU8(o + 10, sub.type);
      this.mem.setU64(o + 16, nbytes);
      count++;
    };
    const fdSubs = subs.filter((s) => s.type !== EVENTTYPE_CLOCK);
    const clockSubs = subs.filter((s) => s.type === EVENTTYPE_CLOCK);
    for (const s of clockSubs) if (s.deadline === -1n) emit(s, Errno.INVAL, 0n);
    if (count > 0) return count;
    if (fdSubs.length > 0) {
      for (const s of fdSubs) {
        const e = this.fds.get(s.fd!);
        if (!e) emit(s, Errno.BADF, 0n);
        else if ((e.rightsBase & R.POLL_FD_READWRITE) === 0n) emit(s, Errno.NOTCAPABLE, 0n);
        else {
          let nbytes = 1n;
          if (e.kind === "file" && s.type === EVENTTYPE_FD_READ) {
            const size = fs.fstatSync(e.hostFd, { bigint: true }).size;
            nbytes = size > e.position ? size - e.position : 0n;
          }
          emit(s, Errno.SUCCESS, nbytes);
        }
      }
      for (const s of clockSubs) if (clockNow(s.clockId!) >= s.deadline!) emit(s, Errno.SUCCESS, 0n);
      return count;
    }
    // Only clocks: sleep until the earliest deadline, then report every expired one.
    let first = clockSubs[0];
    let wait = -1n;
    for (const s of clockSubs) {
      const left = s.deadline! - clockNow(s.clockId!);
      if (wait < 0n || left < wait) {
        wait = left;
        first = s;
      }
    }
    sleepNs(wait);
    while (clockNow(first.clockId!) < first.deadline!) sleepNs(first.deadline! - clockNow(first.clockId!));
    for (const s of clockSubs) if (clockNow(s.clockId!) >= s.deadline!) emit(s, Errno.SUCCESS, 0n);
    return count;
  }
}

// ---------------------------------------------------------------------------
// Helpers

/** Wall-clock time minus the monotonic clock, so that realtime has nanosecond steps. */
const REALTIME_ORIGIN = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** True for Node's errors that carry a `code` (`SystemError`s like ENOENT, `ERR_*` argument errors). */
function isHostError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}

/** Nanoseconds of clock `id` now (`EINVAL` for an unknown clock). */
function clockNow(id: number): bigint {
  switch (id) {
    case CLOCK_REALTIME:
      return REALTIME_ORIGIN + process.hrtime.bigint();
    case CLOCK_MONOTONIC:
      return process.hrtime.bigint();
    case CLOCK_PROCESS_CPUTIME:
    case CLOCK_THREAD_CPUTIME: {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    }
    default:
      return fail(Errno.INVAL);
  }
}

/** Resolution of clock `id` in nanoseconds. */
function clockResolution(id: number): bigint {
  switch (id) {
    case CLOCK_REALTIME: return 1_000n;
    case CLOCK_MONOTONIC: return 1n;
    case CLOCK_PROCESS_CPUTIME:
    case CLOCK_THREAD_CPUTIME: return 1_000n;
    default: return fail(Errno.INVAL);
  }
}

/** New (atime, mtime) in seconds for `*_set_times`, from `fstflags` (`EINVAL` for X and X_NOW together). */
function newTimes(st: fs.BigIntStats, atim: bigint, mtim: bigint, flags: number): [number, number] {
  if ((flags & FSTFLAGS_ATIM && flags & FSTFLAGS_ATIM_NOW) || (flags & FSTFLAGS_MTIM && flags & FSTFLAGS_MTIM_NOW)) {
    fail(Errno.INVAL);
  }
  const now = Date.now() / 1000;
  const sec = (ns: bigint): number => Number(ns) / 1e9;
  const a = flags & FSTFLAGS_ATIM_NOW ? now : flags & FSTFLAGS_ATIM ? sec(atim) : sec(st.atimeNs);
  const m = flags & FSTFLAGS_MTIM_NOW ? now : flags & FSTFLAGS_MTIM ? sec(mtim) : sec(st.mtimeNs);
  return [a, m];
}

/** Write all of `buf` to a host fd, waiting out `EAGAIN` on non-blocking pipes. */
function writeAllSync(fd: number, buf: Uint8Array): void {
  let done = 0;
  while (done < buf.length) {
    try {
      done += fs.writeSync(fd, buf, done, buf.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      sleepNs(1_000_000n);
    }
  }
}

/** One read from a host stream fd, waiting out `EAGAIN`; 0 at end of file. */
function readSomeSync(fd: number, buf: Uint8Array): number {
  for (;;) {
    try {
      return fs.readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EOF") return 0;
      if (code !== "EAGAIN") throw e;
      sleepNs(1_000_000n);
    }
  }
}
