// Tests of platforms/node/wasi.ts (our WASI preview1), driven by Node's own
// WebAssembly engine and compared with node:wasi running the same programs.
// The C programs and their built .wasm are in tests/fixtures/wasi/ (see
// build.sh there). Needs `tsc` to have built dist/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Wasi, WasiExit, Errno } from "../../dist/platforms/node/wasi.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "..", "fixtures", "wasi");
const wasm = (name) => fs.readFileSync(path.join(fixtures, name + ".wasm"));
const tmpdir = (tag) => fs.mkdtempSync(path.join(os.tmpdir(), `wasi-${tag}-`));

// node:wasi (the reference), with the fast-call crash avoided (see node-wasi.mjs).
const { WASI: NodeWASI } = await import("./node-wasi.mjs");

/** Run a WASI command with our Wasi, stdout/stderr captured by callbacks. */
async function runOurs(name, { args = [], env = {}, preopens = {}, stdin = "" } = {}) {
  const out = [], err = [];
  const w = new Wasi({
    args: ["prog", ...args], env, preopens, stdin,
    stdout: (b) => out.push(Buffer.from(b)), stderr: (b) => err.push(Buffer.from(b)),
  });
  const { instance } = await WebAssembly.instantiate(wasm(name), { wasi_snapshot_preview1: w.imports });
  w.bindMemory(() => new Uint8Array(instance.exports.memory.buffer));
  const code = w.start(() => instance.exports._start());
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** Run the same with node:wasi, stdio through temp files. */
async function runNode(name, { args = [], env = {}, preopens = {}, stdin = "" } = {}) {
  const dir = tmpdir("node-stdio");
  fs.writeFileSync(path.join(dir, "in"), stdin);
  const fin = fs.openSync(path.join(dir, "in"), "r");
  const fout = fs.openSync(path.join(dir, "out"), "w+");
  const ferr = fs.openSync(path.join(dir, "err"), "w+");
  try {
    const w = new NodeWASI({
      version: "preview1", args: ["prog", ...args], env, preopens, returnOnExit: true,
      stdin: fin, stdout: fout, stderr: ferr,
    });
    const { instance } = await WebAssembly.instantiate(wasm(name), w.getImportObject());
    const code = w.start(instance);
    return {
      code,
      stdout: fs.readFileSync(path.join(dir, "out"), "utf8"),
      stderr: fs.readFileSync(path.join(dir, "err"), "utf8"),
    };
  } finally {
    for (const fd of [fin, fout, ferr]) fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A Wasi bound to a fresh 1-page memory, for calling imports directly. */
function rawWasi(options = {}) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 10 });
  const w = new Wasi(options);
  w.bindMemory(() => new Uint8Array(memory.buffer));
  const put = (ptr, s) => {
    const b = Buffer.from(s);
    new Uint8Array(memory.buffer).set(b, ptr);
    return b.length;
  };
  const dv = () => new DataView(memory.buffer);
  return { w, memory, put, dv, call: w.imports };
}

// --- whole programs, compared with node:wasi ---------------------------------

test("args, environment, stderr and exit code match node:wasi", async () => {
  const opts = { args: ["7", "-x", "a b", "ünï"], env: { FOO: "bar", X: "y=z" } };
  const ours = await runOurs("args_env", opts);
  const node = await runNode("args_env", opts);
  assert.equal(ours, node);
  assert.is(ours.code, 7);
  assert.ok(ours.stdout.includes("argv[4]=ünï\n"));
  assert.ok(ours.stdout.includes("env X=y=z\n"));
  assert.is(ours.stderr, "to stderr\n");
});

test("no arguments: _start returns, exit code 0", async () => {
  const ours = await runOurs("args_env");
  assert.is(ours.code, 0);
  assert.is(ours.stdout, "argc=1\nargv[0]=prog\n");
});

test("stdin as a string matches node:wasi reading a file", async () => {
  const input = "hello stdin\n".repeat(100);
  const ours = await runOurs("stdin_echo", { stdin: input });
  const node = await runNode("stdin_echo", { stdin: input });
  assert.equal(ours, node);
  assert.ok(ours.stdout.endsWith("[1200 bytes]\n"));
});

test("file system operations match node:wasi", async () => {
  const d1 = tmpdir("ours"), d2 = tmpdir("node");
  try {
    const ours = await runOurs("fs_ops", { preopens: { ".": d1 } });
    const node = await runNode("fs_ops", { preopens: { ".": d2 } });
    assert.is(ours.stdout, node.stdout);
    assert.is(ours.code, 0);
    for (const line of ["read data: world", "data: HELLO+tail", "big equal: 1", "rmdir non-empty: error Directory not empty",
      "ls work: a.txt big.bin sub/", "open a.txt excl again: error File exists", "lseek negative: error Invalid argument"]) {
      assert.ok(ours.stdout.includes(line + "\n"), line);
    }
    assert.equal(fs.readdirSync(d1), []);
  } finally {
    fs.rmSync(d1, { recursive: true, force: true });
    fs.rmSync(d2, { recursive: true, force: true });
  }
});

/** The layout escape.c expects: box/ is preopened; out and dangling lead outside it. */
function escapeTree() {
  const root = tmpdir("escape");
  fs.mkdirSync(path.join(root, "box", "sub"), { recursive: true });
  fs.mkdirSync(path.join(root, "outside"));
  fs.writeFileSync(path.join(root, "box", "inside.txt"), "hi\n");
  fs.writeFileSync(path.join(root, "outside", "secret.txt"), "secret\n");
  fs.symlinkSync("../outside", path.join(root, "box", "out"));
  fs.symlinkSync("sub", path.join(root, "box", "in"));
  fs.symlinkSync("../outside/missing", path.join(root, "box", "dangling"));
  return root;
}

test("paths are confined to the preopen (.., absolute, symlinks out)", async () => {
  const root = escapeTree();
  try {
    const ours = await runOurs("escape", { preopens: { ".": path.join(root, "box") } });
    // node:wasi (uvwasi) lets symlinks lead outside; ours does not, like WAMR.
    assert.is(ours.stdout, [
      "raw open inside.txt: errno 0",
      "raw open sub/../inside.txt: errno 0",
      "raw open ../inside.txt: errno 76",
      "raw open sub/../../x: errno 76",
      "raw open /etc/passwd: errno 76",
      "raw open out/secret.txt: errno 76",
      "raw open in/../inside.txt: errno 0",
      "raw open dangling: errno 76",
      "raw stat inside.txt: errno 0",
      "raw stat out: errno 76",
      "raw stat out/secret.txt: errno 76",
      "raw stat ..: errno 76",
      "raw stat /: errno 76",
      "open inside.txt: ok",
      "open ../inside.txt: Capabilities insufficient",
      "open /etc/passwd: No such file or directory", // wasi-libc: no preopen matches
      "open out/secret.txt: Capabilities insufficient",
      "open out/new.txt: Capabilities insufficient",
      "open in/file-via-link.txt: ok",
      "mkdir ../x: Capabilities insufficient",
      "unlink out/secret.txt: Capabilities insufficient",
      "rename into out: Capabilities insufficient",
      "",
    ].join("\n"));
    assert.equal(fs.readdirSync(path.join(root, "outside")), ["secret.txt"]);
    assert.ok(fs.existsSync(path.join(root, "box", "sub", "file-via-link.txt")));
    assert.ok(fs.existsSync(path.join(root, "box", "inside.txt")));
    assert.not.ok(fs.existsSync(path.join(root, "x")));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("the escape checks pass where node:wasi agrees (no symlinks involved)", async () => {
  const r1 = escapeTree(), r2 = escapeTree();
  try {
    const ours = (await runOurs("escape", { preopens: { ".": path.join(r1, "box") } })).stdout.split("\n");
    const node = (await runNode("escape", { preopens: { ".": path.join(r2, "box") } })).stdout.split("\n");
    const noLinks = (l) => !/ (out|dangling|in)[/ :]|rename into out/.test(l);
    assert.equal(ours.filter(noLinks), node.filter(noLinks));
  } finally {
    fs.rmSync(r1, { recursive: true, force: true });
    fs.rmSync(r2, { recursive: true, force: true });
  }
});

test("clocks, sleep through poll_oneoff, random_get", async () => {
  const ours = await runOurs("clock_poll");
  const node = await runNode("clock_poll");
  const lines = ours.stdout.split("\n");
  // node:wasi refuses fd subscriptions on a non-socket stdout (EPERM); we report it writable.
  // node:wasi's clock sleep once woke early on the loaded CI machine ("slept >= 20ms: 0"): ours is asserted below, not compared.
  const compared = (l) => !l.startsWith("poll stdout") && !l.startsWith("slept >= 20ms");
  assert.equal(lines.filter(compared), node.stdout.split("\n").filter(compared));
  assert.ok(lines.includes("slept >= 20ms: 1"));
  assert.ok(lines.includes("poll: errno 0, 1 event(s), first userdata 11 type 0 error 0"));
  assert.ok(lines.includes("poll stdout: errno 0, 1 event(s), userdata 33 error 0"));
  assert.ok(lines.includes("random_get: errno 0, varied 1"));
});

// --- import functions called directly ----------------------------------------

const PREVIEW1 = `args_get args_sizes_get environ_get environ_sizes_get clock_res_get clock_time_get
  fd_advise fd_allocate fd_close fd_datasync fd_fdstat_get fd_fdstat_set_flags fd_fdstat_set_rights
  fd_filestat_get fd_filestat_set_size fd_filestat_set_times fd_pread fd_prestat_get fd_prestat_dir_name
  fd_pwrite fd_read fd_readdir fd_renumber fd_seek fd_sync fd_tell fd_write path_create_directory
  path_filestat_get path_filestat_set_times path_link path_open path_readlink path_remove_directory
  path_rename path_symlink path_unlink_file poll_oneoff proc_exit proc_raise sched_yield random_get
  sock_accept sock_recv sock_send sock_shutdown`.split(/\s+/);

test("every preview1 function is provided; sockets are ENOSYS", () => {
  const { call } = rawWasi();
  for (const name of PREVIEW1) assert.type(call[name], "function", name);
  assert.is(call.sock_accept(3, 0, 0), Errno.NOSYS);
  assert.is(call.sock_recv(3, 0, 0, 0, 0, 0), Errno.NOSYS);
  assert.is(call.proc_raise(9), Errno.NOSYS);
});

test("proc_exit throws WasiExit with the code; start() returns it", () => {
  const { w, call } = rawWasi();
  try {
    call.proc_exit(3);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, WasiExit);
    assert.is(e.code, 3);
  }
  assert.is(w.start(() => call.proc_exit(-1)), 0xffffffff);
  assert.is(w.start(() => {}), 0);
  assert.throws(() => w.start(() => { throw new TypeError("trap"); }), TypeError);
});

test("pointers outside memory give EFAULT; memory growth is seen", () => {
  const { call, memory, dv } = rawWasi({ args: ["a", "bc"] });
  assert.is(call.args_sizes_get(65536 - 2, 0), Errno.FAULT);
  assert.is(call.args_sizes_get(70000, 70004), Errno.FAULT);
  assert.is(call.random_get(65000, 1000), Errno.FAULT);
  memory.grow(1); // replaces the buffer
  assert.is(call.args_sizes_get(70000, 70004), Errno.SUCCESS);
  assert.is(dv().getUint32(70000, true), 2);
  assert.is(dv().getUint32(70004, true), 5);
  assert.is(call.args_get(70100, 70200), Errno.SUCCESS);
  assert.is(dv().getUint32(70100, true), 70200);
  assert.is(dv().getUint32(70104, true), 70202);
  assert.is(Buffer.from(memory.buffer, 70200, 5).toString(), "a\0bc\0");
});

test("bindMemory must be called before use", () => {
  const w = new Wasi();
  assert.throws(() => w.imports.sched_yield(), /bindMemory/);
});

test("prestat: preopens from fd 3 in order, names, EBADF past them", () => {
  const a = tmpdir("pa"), b = tmpdir("pb");
  try {
    const { call, dv, memory } = rawWasi({ preopens: { "/data": a, ".": b } });
    assert.is(call.fd_prestat_get(3, 100), 0);
    assert.is(dv().getUint8(100), 0);
    assert.is(dv().getUint32(104, true), 5);
    assert.is(call.fd_prestat_dir_name(3, 200, 5), 0);
    assert.is(Buffer.from(memory.buffer, 200, 5).toString(), "/data");
    assert.is(call.fd_prestat_dir_name(3, 200, 2), Errno.NAMETOOLONG);
    assert.is(call.fd_prestat_get(4, 100), 0);
    assert.is(dv().getUint32(104, true), 1);
    assert.is(call.fd_prestat_get(5, 100), Errno.BADF);
    assert.is(call.fd_prestat_get(1, 100), Errno.BADF);
  } finally {
    fs.rmSync(a, { recursive: true });
    fs.rmSync(b, { recursive: true });
  }
});

test("rights: path_open may not exceed the directory's inheriting rights; fd ops need their right", () => {
  const d = tmpdir("rights");
  try {
    fs.writeFileSync(path.join(d, "f"), "data");
    const { call, put, dv } = rawWasi({ preopens: { ".": d } });
    const n = put(1000, "f");
    const READ = 1n << 1n, WRITE = 1n << 6n, SEEK = 1n << 2n;
    // Read-only file fd: fd_write is not capable.
    assert.is(call.path_open(3, 1, 1000, n, 0, READ | SEEK, 0n, 0, 2000), 0);
    const fd = dv().getUint32(2000, true);
    assert.is(call.fd_write(fd, 0, 0, 2004), Errno.NOTCAPABLE);
    assert.is(call.fd_fdstat_get(fd, 3000), 0);
    assert.is(dv().getUint8(3000), 4); // regular file
    assert.is(dv().getBigUint64(3008, true), READ | SEEK);
    // Drop the directory's right to open files.
    assert.is(call.fd_fdstat_get(3, 3000), 0);
    const base = dv().getBigUint64(3008, true), inh = dv().getBigUint64(3016, true);
    assert.is(call.fd_fdstat_set_rights(3, base, inh & ~WRITE), 0);
    assert.is(call.path_open(3, 1, 1000, n, 0, READ | WRITE, 0n, 0, 2000), Errno.NOTCAPABLE);
    assert.is(call.fd_fdstat_set_rights(3, base, inh), Errno.NOTCAPABLE); // cannot regain
    assert.is(call.fd_fdstat_set_rights(3, base & ~(1n << 13n), 0n), 0);
    assert.is(call.path_open(3, 1, 1000, n, 0, READ, 0n, 0, 2000), Errno.NOTCAPABLE);
    assert.is(call.fd_close(fd), 0);
    assert.is(call.fd_close(fd), Errno.BADF);
  } finally {
    fs.rmSync(d, { recursive: true });
  }
});

test("fd_readdir: ., .., entries; resumes from cookies with a small buffer", () => {
  const d = tmpdir("readdir");
  try {
    for (const name of ["alpha", "beta", "a-much-longer-file-name-than-the-others"]) fs.writeFileSync(path.join(d, name), "");
    fs.mkdirSync(path.join(d, "dir"));
    const { call, dv, memory } = rawWasi({ preopens: { ".": d } });
    const names = [];
    let cookie = 0n, size = 40;
    for (let round = 0; round < 100; round++) {
      assert.is(call.fd_readdir(3, 4096, size, cookie, 100), 0);
      const used = dv().getUint32(100, true);
      let at = 4096, end = 4096 + used;
      let progressed = false;
      while (at + 24 <= end) {
        const next = dv().getBigUint64(at, true);
        const len = dv().getUint32(at + 16, true);
        if (at + 24 + len > end) break; // cut off: ask again from its cookie
        names.push([Buffer.from(memory.buffer, at + 24, len).toString(), dv().getUint8(at + 20)]);
        cookie = next;
        at += 24 + len;
        progressed = true;
      }
      if (used < size) break;
      if (!progressed) size *= 2; // an entry larger than the buffer: grow it, as wasi-libc does
    }
    names.sort((x, y) => (x[0] < y[0] ? -1 : 1));
    assert.equal(names, [[".", 3], ["..", 3], ["a-much-longer-file-name-than-the-others", 4], ["alpha", 4], ["beta", 4], ["dir", 3]]);
  } finally {
    fs.rmSync(d, { recursive: true });
  }
});

test("path_open flags: O_CREAT|O_EXCL, O_DIRECTORY, opened directories confine their own subtree", () => {
  const d = tmpdir("open");
  try {
    fs.mkdirSync(path.join(d, "sub"));
    fs.writeFileSync(path.join(d, "top.txt"), "x");
    const { call, put, dv } = rawWasi({ preopens: { ".": d } });
    assert.is(call.fd_fdstat_get(3, 3000), 0);
    const ALL = dv().getBigUint64(3016, true); // the preopen's inheriting rights
    let n = put(1000, "new.txt");
    assert.is(call.path_open(3, 0, 1000, n, 1 | 4, ALL, ALL, 0, 2000), 0);
    assert.is(call.path_open(3, 0, 1000, n, 1 | 4, ALL, ALL, 0, 2000), Errno.EXIST);
    assert.is(call.path_open(3, 0, 1000, n, 2, ALL, ALL, 0, 2000), Errno.NOTDIR);
    n = put(1000, "sub");
    assert.is(call.path_open(3, 0, 1000, n, 2, ALL, ALL, 0, 2000), 0);
    const sub = dv().getUint32(2000, true);
    assert.is(call.fd_fdstat_get(sub, 3000), 0);
    assert.is(dv().getUint8(3000), 3); // directory
    n = put(1000, "../top.txt");
    assert.is(call.path_open(sub, 0, 1000, n, 0, 2n, 0n, 0, 2000), Errno.NOTCAPABLE);
    n = put(1000, "made");
    assert.is(call.path_create_directory(sub, 1000, n), 0);
    assert.ok(fs.statSync(path.join(d, "sub", "made")).isDirectory());
    assert.is(call.path_open(3, 0, 1000, 0, 0, 2n, 0n, 0, 2000), Errno.NOENT); // empty path
    assert.is(call.path_open(3, 0, 1000, n, 0, 2n, 0n, 0, 70000), Errno.FAULT);
    const bad = put(1000, "a\0b");
    assert.is(call.path_open(3, 0, 1000, bad, 0, 2n, 0n, 0, 2000), Errno.INVAL);
  } finally {
    fs.rmSync(d, { recursive: true });
  }
});

test("fd_write to callbacks and fd_seek on streams", () => {
  const chunks = [];
  const { call, put, dv } = rawWasi({ stdout: (b) => chunks.push(Buffer.from(b).toString()) });
  const a = put(500, "ab"), b = put(600, "cde");
  const v = dv();
  v.setUint32(100, 500, true); v.setUint32(104, a, true);
  v.setUint32(108, 600, true); v.setUint32(112, b, true);
  assert.is(call.fd_write(1, 100, 2, 200), 0);
  assert.is(dv().getUint32(200, true), 5);
  assert.equal(chunks, ["ab", "cde"]);
  assert.is(call.fd_seek(1, 0n, 0, 200), Errno.SPIPE);
  assert.is(call.fd_write(9, 100, 2, 200), Errno.BADF);
  assert.is(call.fd_fdstat_get(1, 300), 0);
  assert.is(dv().getUint8(300), 2); // character device, so isatty() holds
});

test("clock_time_get: ids, EINVAL for unknown clocks, monotonic increases", () => {
  const { call, dv } = rawWasi();
  assert.is(call.clock_time_get(1, 0n, 100), 0);
  const t0 = dv().getBigUint64(100, true);
  assert.is(call.clock_time_get(1, 0n, 100), 0);
  assert.ok(dv().getBigUint64(100, true) >= t0);
  assert.is(call.clock_time_get(0, 0n, 100), 0);
  const wall = Number(dv().getBigUint64(100, true) / 1_000_000n);
  assert.ok(Math.abs(wall - Date.now()) < 5000);
  assert.is(call.clock_time_get(7, 0n, 100), Errno.INVAL);
  assert.is(call.clock_res_get(2, 100), 0);
  assert.is(call.clock_res_get(9, 100), Errno.INVAL);
});

test("trace reports each call", () => {
  const lines = [];
  const { call } = rawWasi({ trace: (l) => lines.push(l) });
  call.sched_yield();
  call.fd_close(42);
  assert.equal(lines, ["sched_yield() -> 0", "fd_close(42) -> 8"]);
});

test.run();
