/**
 * A small WASI preview1 for embedded JavaScript hosts, over the `Host`
 * interface (platforms/common/host.ts): arguments, environment, standard
 * output and error, clocks, random bytes, proc_exit, and read-only files when
 * the host has `readFile` (a preopened "." directory, fd 3). Every other
 * preview1 function returns ENOSYS. Needs no BigInt: 64-bit values are
 * written to memory as two 32-bit halves and i64 arguments arrive as numbers,
 * bigints or {lo, hi} pairs.
 *
 * Node has the full implementation, with sandboxed directories:
 * platforms/node/wasi.ts.
 */
import type { Host } from "./host.js";
import type { WasmModule } from "../../core/runtime.js";

/** Thrown by proc_exit; unwinds the guest to runOnHost. */
export class WasiExit extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
    // ES5 targets lose the prototype of Error subclasses
    Object.setPrototypeOf(this, WasiExit.prototype);
  }
}

const E = { SUCCESS: 0, BADF: 8, INVAL: 28, IO: 29, ISDIR: 31, NOENT: 44, NOSYS: 52, NOTDIR: 54, SPIPE: 70, NOTCAPABLE: 76 };

interface OpenFile { data: Uint8Array; pos: number }

export class MiniWasi {
  private host: Host;
  private args: Uint8Array[];
  private env: Uint8Array[];
  private mem: () => Uint8Array = () => new Uint8Array(0);
  private out: { [fd: number]: string } = { 1: "", 2: "" };
  private files: { [fd: number]: OpenFile } = {};
  private nextFd = 4;

  constructor(host: Host, opts: { args: string[]; env: Record<string, string> }) {
    this.host = host;
    this.args = opts.args.map((a) => utf8z(a));
    this.env = Object.keys(opts.env).map((k) => utf8z(`${k}=${opts.env[k]}`));
  }

  /** Where linear memory is: called for a fresh view on every access. */
  bindMemory(mem: () => Uint8Array): void { this.mem = mem; }

  /** Write out what is buffered (output goes to the host line by line). */
  flush(): void {
    for (const fd of [1, 2]) {
      if (this.out[fd]) { this.emit(fd, this.out[fd]); this.out[fd] = ""; }
    }
  }

  private emit(fd: number, s: string): void {
    if (fd === 2 && this.host.printErr) this.host.printErr(s);
    else this.host.print(s);
  }

  private view(): DataView { const m = this.mem(); return new DataView(m.buffer, m.byteOffset, m.byteLength); }

  /** The import object for `wasi_snapshot_preview1`, with ENOSYS for what this WASI lacks. */
  importsFor(mod: WasmModule): Record<string, Function> {
    const own = this.functions();
    const out: Record<string, Function> = {};
    for (const d of mod.imports()) {
      if (d.module !== "wasi_snapshot_preview1" || d.kind !== "func") continue;
      out[d.name] = own[d.name] ?? (() => E.NOSYS);
    }
    return out;
  }

  private strings(list: Uint8Array[], ptrs: number, buf: number): number {
    const v = this.view();
    const m = this.mem();
    for (const s of list) {
      v.setUint32(ptrs, buf, true);
      ptrs += 4;
      m.set(s, buf);
      buf += s.length;
    }
    return E.SUCCESS;
  }

  private sizes(list: Uint8Array[], countPtr: number, sizePtr: number): number {
    const v = this.view();
    v.setUint32(countPtr, list.length, true);
    v.setUint32(sizePtr, list.reduce((n, s) => n + s.length, 0), true);
    return E.SUCCESS;
  }

  private functions(): Record<string, Function> {
    const host = this.host;
    // a u64 written as two halves, without BigInt
    const setU64 = (p: number, n: number) => {
      const hi = Math.floor(n / 4294967296);
      const v = this.view();
      v.setUint32(p, n - hi * 4294967296, true);
      v.setUint32(p + 4, hi, true);
    };
    const setNs = (p: number, ms: number) => setU64(p, Math.floor(ms * 1e6));
    return {
      args_get: (argv: number, buf: number) => this.strings(this.args, argv, buf),
      args_sizes_get: (c: number, s: number) => this.sizes(this.args, c, s),
      environ_get: (envp: number, buf: number) => this.strings(this.env, envp, buf),
      environ_sizes_get: (c: number, s: number) => this.sizes(this.env, c, s),
      clock_res_get: (_id: number, p: number) => { setU64(p, 1000); return E.SUCCESS; },
      clock_time_get: (id: number, _prec: unknown, p: number) => {
        const t = id === 0 ? host.now() : (host.monotonic ?? host.now)();
        setNs(p, t);
        return E.SUCCESS;
      },
      random_get: (p: number, len: number) => {
        const b = this.mem().subarray(p, p + len);
        if (host.random) host.random(b);
        else for (let i = 0; i < b.length; i++) b[i] = (Math.random() * 256) | 0;
        return E.SUCCESS;
      },
      proc_exit: (code: number) => { this.flush(); throw new WasiExit(code >>> 0); },
      sched_yield: () => E.SUCCESS,
      fd_write: (fd: number, iovs: number, n: number, nwritten: number) => {
        if (fd !== 1 && fd !== 2) return E.BADF;
        const v = this.view();
        const m = this.mem();
        let total = 0;
        let text = "";
        for (let i = 0; i < n; i++) {
          const p = v.getUint32(iovs + i * 8, true);
          const len = v.getUint32(iovs + i * 8 + 4, true);
          text += latin1OrUtf8(m.subarray(p, p + len));
          total += len;
        }
        let buf = this.out[fd] + text;
        const nl = buf.lastIndexOf("\n");
        if (nl >= 0) { this.emit(fd, buf.slice(0, nl + 1)); buf = buf.slice(nl + 1); }
        this.out[fd] = buf;
        v.setUint32(nwritten, total, true);
        return E.SUCCESS;
      },
      fd_read: (fd: number, iovs: number, n: number, nread: number) => {
        const v = this.view();
        const f = this.files[fd];
        if (fd === 0) { v.setUint32(nread, 0, true); return E.SUCCESS; }
        if (!f) return E.BADF;
        const m = this.mem();
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = v.getUint32(iovs + i * 8, true);
          const len = v.getUint32(iovs + i * 8 + 4, true);
          const chunk = f.data.subarray(f.pos, Math.min(f.pos + len, f.data.length));
          m.set(chunk, p);
          f.pos += chunk.length;
          total += chunk.length;
          if (chunk.length < len) break;
        }
        v.setUint32(nread, total, true);
        return E.SUCCESS;
      },
      fd_close: (fd: number) => { if (!this.files[fd]) return fd <= 3 ? E.SUCCESS : E.BADF; delete this.files[fd]; return E.SUCCESS; },
      fd_seek: (fd: number, offset: any, whence: number, newOffset: number) => {
        const f = this.files[fd];
        if (!f) return fd <= 2 ? E.SPIPE : E.BADF;
        const off = typeof offset === "object" ? offset.hi * 4294967296 + offset.lo : Number(offset);
        const base = whence === 0 ? 0 : whence === 1 ? f.pos : f.data.length;
        if (base + off < 0) return E.INVAL;
        f.pos = base + off;
        setU64(newOffset, f.pos);
        return E.SUCCESS;
      },
      fd_fdstat_get: (fd: number, p: number) => {
        if (fd > 3 && !this.files[fd]) return E.BADF;
        if (fd === 3 && !host.readFile) return E.BADF;
        const v = this.view();
        for (let i = 0; i < 24; i += 4) v.setUint32(p + i, 0, true);
        v.setUint8(p, fd <= 2 ? 2 : fd === 3 ? 3 : 4); // character device, directory, regular file
        v.setUint32(p + 8, 0xffffffff, true); // rights: all (low half)
        v.setUint32(p + 16, 0xffffffff, true);
        return E.SUCCESS;
      },
      fd_prestat_get: (fd: number, p: number) => {
        if (fd !== 3 || !host.readFile) return E.BADF;
        const v = this.view();
        v.setUint32(p, 0, true);
        v.setUint32(p + 4, 1, true); // "."
        return E.SUCCESS;
      },
      fd_prestat_dir_name: (fd: number, p: number, len: number) => {
        if (fd !== 3 || !host.readFile) return E.BADF;
        if (len >= 1) this.mem()[p] = 0x2e;
        return E.SUCCESS;
      },
      path_open: (dirfd: number, _lf: number, path: number, pathLen: number, oflags: number, _rb: unknown, _ri: unknown, _fdf: number, fdPtr: number) => {
        if (dirfd !== 3 || !host.readFile) return E.BADF;
        if (oflags & (1 | 4 | 8)) return E.NOTCAPABLE; // create, excl, trunc: read-only files
        const name = latin1OrUtf8(this.mem().subarray(path, path + pathLen));
        if (oflags & 2) return E.NOTDIR;
        const data = host.readFile(name);
        if (!data) return E.NOENT;
        const fd = this.nextFd++;
        this.files[fd] = { data, pos: 0 };
        this.view().setUint32(fdPtr, fd, true);
        return E.SUCCESS;
      },
    };
  }
}

function utf8z(s: string): Uint8Array {
  const out: number[] = [];
  const b = unescape(encodeURIComponent(s));
  for (let i = 0; i < b.length; i++) out.push(b.charCodeAt(i));
  out.push(0);
  return new Uint8Array(out);
}

/** Bytes to a string: UTF-8 when valid, else byte by byte. */
function latin1OrUtf8(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  try { return decodeURIComponent(escape(s)); } catch { return s; }
}
