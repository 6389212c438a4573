// Tests of the iwasm-ts CLI (platforms/node/iwasm.ts), run as a child
// process the way a user runs it. Needs `tsc` to have built dist/.
//
// ENGINE: the tests that run wasm use the CLI's default engine, the wamr-ts
// runtime ("wamr"); IWASM_TS_TEST_ENGINE=node runs them on the CLI's hidden
// `--engine=node` (Node's own WebAssembly under our WASI) for comparison.
// Tests that go through `runPlain()` need no engine.
import { test } from "uvu";
import * as assert from "uvu/assert";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  formatG, formatResult, parseArgument, parseCInteger, parseCFloat, exportedFuncTypes,
} from "../../dist/platforms/node/iwasm.js";

const ENGINE = process.env.IWASM_TS_TEST_ENGINE ?? "wamr";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const CLI = path.join(root, "dist", "platforms", "node", "iwasm.js");
const fixtures = path.join(root, "tests", "fixtures", "wasi");
const fx = (name) => path.join(fixtures, name + ".wasm");

/** Run the CLI with `args` (no engine option). */
function runPlain(args, { cwd = root, input = "" } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: "utf8", timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run the CLI on the engine under test. */
function run(args, opts) {
  return runPlain(ENGINE === "wamr" ? args : [`--engine=${ENGINE}`, ...args], opts);
}

const show = (r) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

// --- no engine needed ------------------------------------------------------------

test("--help lists the options, hides --engine, exits 0", () => {
  const r = runPlain(["--help"]);
  assert.is(r.code, 0, show(r));
  assert.match(r.stdout, /^Usage: iwasm-ts \[options\] <wasm-file> \[args\.\.\.\]/);
  for (const o of ["--dir <dir>", "--map-dir <guest::host>", "--env <name=value>", "--stack-size <bytes>",
    "--heap-size <bytes>", "--max-memory-pages <n>", "-f, --function <name>", "--interp <mode>", "--core <build>",
    "-v, --verbose <level>", "--version"]) {
    assert.ok(r.stdout.includes(o), o);
  }
  assert.match(r.stdout, /heap-size[^\n]*\n?[^\n]*ignored/);
  assert.not.match(r.stdout, /--engine/);
});

test("--version prints the package.json version", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const r = runPlain(["--version"]);
  assert.is(r.code, 0);
  assert.is(r.stdout, `iwasm-ts ${pkg.version}\n`);
});

test("usage errors exit 1: no file, unknown option, bad numbers, bad -v", () => {
  for (const args of [[], ["--bogus", "x.wasm"], ["--stack-size=abc", "x.wasm"], ["--max-memory-pages=-1", "x.wasm"],
    ["-v=9", "x.wasm"], ["--interp=turbo", "x.wasm"], ["--core=asm", "x.wasm"]]) {
    const r = runPlain(args);
    assert.is(r.code, 1, `${args.join(" ")}\n${show(r)}`);
    assert.match(r.stderr, /error:/);
  }
});

test("a missing file: reason on stderr, exit 255", () => {
  const r = run(["no/such/file.wasm"]);
  assert.is(r.code, 255, show(r));
  assert.match(r.stderr, /cannot read no\/such\/file\.wasm: ENOENT/);
});

test("--interp=fast runs a program as --interp=classic does", () => {
  const args = ["--env=A=1", fx("args_env"), "x", "y z"];
  const fast = runPlain(["--interp=fast", ...args]);
  const classic = runPlain(["--interp=classic", ...args]);
  assert.is(fast.code, 0, show(fast));
  assert.is(fast.stdout, classic.stdout);
  assert.is(fast.code, classic.code);
});

test("--env without '=' and a malformed --map-dir are errors", () => {
  assert.is(runPlain(["--env=NOVALUE", fx("args_env")]).code, 1);
  assert.is(runPlain(["--map-dir=justone", fx("args_env")]).code, 1);
});

// --- running wasm ---------------------------------------------------------------

test("args pass through after the file, options included; env only from --env; argv[0] is the file", () => {
  const file = path.relative(root, fx("args_env"));
  const r = run(["--env=A=1", "--env", "B=x y=z", file, "0", "-x", "--dir=foo", "-f", "a b", "--help"]);
  assert.is(r.code, 0, show(r));
  assert.is(r.stdout, [
    "argc=7", `argv[0]=${file}`, "argv[1]=0", "argv[2]=-x", "argv[3]=--dir=foo", "argv[4]=-f", "argv[5]=a b",
    "argv[6]=--help", "env A=1", "env B=x y=z", "",
  ].join("\n"));
  assert.is(r.stderr, "to stderr\n");
});

test("exit status: proc_exit code (mod 256), 0 when _start returns", () => {
  assert.is(run([fx("args_env")]).code, 0);
  assert.is(run([fx("args_env"), "7"]).code, 7);
  assert.is(run([fx("args_env"), "300"]).code, 300 & 0xff);
});

test("stdin reaches the program", () => {
  const r = run([fx("stdin_echo")], { input: "abc\n" });
  assert.is(r.code, 0, show(r));
  assert.is(r.stdout, "ABC\n\n[4 bytes]\n");
});

test("--dir preopens a directory; file operations work inside it", () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "iwasm-cli-"));
  try {
    const r = run(["--dir=.", fx("fs_ops")], { cwd: d });
    assert.is(r.code, 0, show(r));
    assert.ok(r.stdout.includes("data: HELLO+tail\n"), show(r));
    assert.ok(r.stdout.includes("big equal: 1\n"));
    assert.equal(fs.readdirSync(d), []);
    const none = run([fx("fs_ops")], { cwd: d }); // no preopen: no access at all
    assert.ok(none.stdout.includes("mkdir work: error No such file or directory") ||
      none.stdout.includes("mkdir work: error Capabilities insufficient"), show(none));
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test("--dir confinement: .., absolute paths and symlinks out are refused", () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "iwasm-cli-esc-"));
  try {
    fs.mkdirSync(path.join(d, "box", "sub"), { recursive: true });
    fs.mkdirSync(path.join(d, "outside"));
    fs.writeFileSync(path.join(d, "box", "inside.txt"), "hi\n");
    fs.writeFileSync(path.join(d, "outside", "secret.txt"), "secret\n");
    fs.symlinkSync("../outside", path.join(d, "box", "out"));
    fs.symlinkSync("sub", path.join(d, "box", "in"));
    fs.symlinkSync("../outside/missing", path.join(d, "box", "dangling"));
    // --map-dir=.::box from the parent is the same as --dir=. inside box
    const r = run(["--map-dir=.::box", fx("escape")], { cwd: d });
    assert.is(r.code, 0, show(r));
    for (const line of ["raw open ../inside.txt: errno 76", "raw open /etc/passwd: errno 76",
      "raw open out/secret.txt: errno 76", "raw open dangling: errno 76", "open out/new.txt: Capabilities insufficient",
      "rename into out: Capabilities insufficient", "open inside.txt: ok", "open in/file-via-link.txt: ok"]) {
      assert.ok(r.stdout.includes(line + "\n"), `${line}\n${show(r)}`);
    }
    assert.equal(fs.readdirSync(path.join(d, "outside")), ["secret.txt"]);
    assert.equal(fs.readdirSync(d).sort(), ["box", "outside"]);
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test("-f calls an export with typed arguments and prints results as iwasm does", () => {
  const R = fx("reactor");
  const cases = [
    [["add", "2", "0x28"], "0x2a:i32\n"],
    [["add", "-1", "0"], "0xffffffff:i32\n"],
    [["add", "010", "1"], "0x9:i32\n"], // octal, as strtoul(…, 0)
    [["mul64", "-3", "7"], "0xffffffffffffffeb:i64\n"],
    [["mul64", "0x100000000", "16"], "0x1000000000:i64\n"],
    [["half", "5"], "2.5:f64\n"],
    [["half", "1e300"], "5e+299:f64\n"],
    [["half", "-inf"], "-inf:f64\n"],
    [["halff", "3"], "1.5:f32\n"],
    [["halff", "0x1p4"], "8:f32\n"],
    [["get_init"], "0x2a:i32\n"], // _initialize ran the constructor
    [["hello"], "hello from reactor\n\n"], // no results: an empty line, as iwasm prints
  ];
  for (const [[fn, ...args], expected] of cases) {
    const r = run(["-f", fn, R, ...args]);
    assert.is(r.code, 0, `${fn} ${args}\n${show(r)}`);
    assert.is(r.stdout, expected, `${fn} ${args}`);
  }
  const long = run(["--function", "add", R, "20", "22"]);
  assert.is(long.stdout, "0x2a:i32\n");
});

test("-f errors: missing function, wrong argument count, bad argument (exit 1)", () => {
  const R = fx("reactor");
  let r = run(["-f", "nope", R]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /Exception: lookup function nope failed/);
  r = run(["-f", "add", R, "1"]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /Exception: invalid input argument count/);
  r = run(["-f", "add", R, "1", "zz"]);
  assert.is(r.code, 1);
  assert.match(r.stderr, /Exception: invalid input argument 1: zz/);
});

test("a trap: Exception: message, a backtrace of function names, exit 1", () => {
  const R = fx("reactor");
  let r = run(["-f", "divide", R, "0"]);
  assert.is(r.code, 1, show(r));
  assert.match(r.stderr, /^Exception: integer divide by zero\n/);
  assert.match(r.stderr, /#00: inner\n[\s\S]*divide/);
  r = run(["-f", "crash", R]);
  assert.is(r.code, 1, show(r));
  assert.match(r.stderr, /^Exception: unreachable\n/);
  assert.match(r.stderr, /boom[\s\S]*crash/);
  assert.is(run(["-f", "divide", R, "5"]).stdout, "0x15:i32\n");
});

test("load and instantiation failures: reason (with byte offset), exit 255", () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "iwasm-cli-bad-"));
  try {
    fs.writeFileSync(path.join(d, "bad.wasm"), "not wasm at all");
    let r = run([path.join(d, "bad.wasm")]);
    assert.is(r.code, 255, show(r));
    assert.match(r.stderr, /^WASM module load failed: .*byte offset 0/);
    // (import "env" "f" (func)): nothing provides it
    fs.writeFileSync(path.join(d, "imp.wasm"), Uint8Array.from([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 9, 1, 3, 0x65, 0x6e, 0x76, 1, 0x66, 0, 0,
    ]));
    r = run([path.join(d, "imp.wasm")]);
    assert.is(r.code, 255, show(r));
    assert.match(r.stderr, /^WASM module instantiate failed: /);
    // A module without _start
    r = run([fx("reactor")]);
    assert.is(r.code, 1, show(r));
    assert.match(r.stderr, /lookup the entry point symbol/);
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test("-v=5 traces WASI calls on stderr; -v=0 is quiet", () => {
  let r = run(["-v=5", fx("args_env")]);
  assert.is(r.code, 0);
  assert.match(r.stderr, /\[wasi\] args_sizes_get\(\d+, \d+\) -> 0/);
  assert.match(r.stderr, /\[iwasm-ts\] loaded /);
  r = run(["-v=0", fx("args_env")]);
  assert.is(r.stderr, "to stderr\n");
});

test("--stack-size, --heap-size and --max-memory-pages are accepted", () => {
  const r = run(["--stack-size=65536", "--heap-size=16384", "--max-memory-pages=1000", fx("args_env"), "5"]);
  assert.is(r.code, 5, show(r));
});

// --- helpers (pure functions) ---------------------------------------------------

test("formatG matches C's %.7g", () => {
  const cases = [[2.5, "2.5"], [1 / 3, "0.3333333"], [1e10, "1e+10"], [123456789, "1.234568e+08"], [1234567, "1234567"],
    [0.0001, "0.0001"], [0.00001234, "1.234e-05"], [-0, "-0"], [0, "0"], [NaN, "nan"], [-Infinity, "-inf"], [100, "100"],
    [9999999.5, "1e+07"], [1.5e-300, "1.5e-300"]];
  for (const [x, s] of cases) assert.is(formatG(x), s, String(x));
});

test("parseCInteger / parseCFloat / parseArgument follow strtoul and strtod", () => {
  assert.is(parseCInteger("42", 32), 42n);
  assert.is(parseCInteger("0x2A", 32), 42n);
  assert.is(parseCInteger("052", 32), 42n);
  assert.is(parseCInteger("-1", 32), 0xffffffffn);
  assert.is(parseCInteger("4294967296", 32), 0n);
  assert.is(parseCInteger("12_", 32), 12n);
  assert.is(parseCInteger("1.5", 32), undefined);
  assert.is(parseCInteger("0x", 32), undefined);
  assert.is(parseCFloat("nan", 32), 0x7fc00000n);
  assert.is(parseCFloat("-nan:0x1", 32), 0xff800001n);
  assert.is(parseCFloat("inf", 64), 0x7ff0000000000000n);
  assert.is(parseCFloat("0x1.8p1", 64), parseCFloat("3", 64));
  assert.is(parseCFloat(".5e1", 64), parseCFloat("5", 64));
  assert.is(parseCFloat("abc", 64), undefined);
  assert.is(parseArgument("-2", "i32", 0), -2);
  assert.is(parseArgument("0xffffffffffffffff", "i64", 0), -1n);
  assert.is(parseArgument("0.1", "f32", 0), Math.fround(0.1));
  assert.is(parseArgument("null", "externref", 0), null);
  assert.throws(() => parseArgument("", "i32", 3), /invalid input argument 3$/);
  assert.throws(() => parseArgument("x", "f64", 1), /invalid input argument 1: x/);
  assert.is(formatResult(-1, "i32"), "0xffffffff:i32");
  assert.is(formatResult(-1n, "i64"), "0xffffffffffffffff:i64");
  assert.is(formatResult(null, "funcref"), "func:ref.null");
});

test("exportedFuncTypes reads the types of exported functions", () => {
  const types = exportedFuncTypes(fs.readFileSync(fx("reactor")));
  assert.equal(types.get("add"), { params: ["i32", "i32"], results: ["i32"] });
  assert.equal(types.get("mul64"), { params: ["i64", "i64"], results: ["i64"] });
  assert.equal(types.get("halff"), { params: ["f32"], results: ["f32"] });
  assert.equal(types.get("hello"), { params: [], results: [] });
  assert.is(types.get("memory"), undefined);
});

test.run();
