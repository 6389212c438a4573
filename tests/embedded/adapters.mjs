/**
 * The board adapters (platforms/espruino, platforms/zephyr, platforms/nowasm)
 * against fake host objects: a fake require("Storage"), fake file system,
 * console and timers. `adapterScript(adapter, bundle, modules)` returns one
 * plain ES5 script (bundle + adapter + driver) that emits, through `__emit`:
 * hello.wasm's output and exit status, three timer ticks calling reactor.wasm's
 * fib, the timer stopping, and a trapping call stopping its timer.
 * `expectedOutput(reference)` is what it must emit, given iwasm-ts's output.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const ADAPTERS = {
  espruino: "platforms/espruino/wamr-espruino.js",
  zephyr: "platforms/zephyr/wamr-zephyr.js",
  nowasm: "platforms/nowasm/wamr-nowasm.js",
};
export const HELLO = { args: ["one"], env: { HELLO_NAME: "board" } };

const arr = (file) => `[${Array.from(readFileSync(join(root, file))).join(",")}]`;

function driver(adapter) {
  const common = `
var hello = ${arr("examples/c/hello.wasm")};
var reactor = ${arr("examples/as/reactor.wasm")};
var ticks = [];
function fakeSetInterval(f, ms) { ticks.push(f); return ticks.length; }
function fakeClearInterval(id) { ticks[id - 1] = null; }
var fakeConsole = { log: function (line) { __emit(line + "\\n"); } };
function tick(id) { if (ticks[id - 1]) ticks[id - 1](); else __emit("(no timer " + id + ")\\n"); }
var helloOpts = { args: ["hello.wasm", "one"], env: { HELLO_NAME: "board" } };
`;
  const timers = (A, env, reactorName) => `
var code = ${A}.run(${JSON.stringify(adapter === "zephyr" ? "/lfs/hello.wasm" : "hello.wasm")}, helloOpts, ${env});
__emit("exit " + code + "\\n");
var t = ${A}.every(1000, ${JSON.stringify(reactorName)}, "fib", function (n) { return [n * 10]; }, ${env});
tick(1); tick(1); tick(1);
t.stop();
__emit("stopped " + (ticks[0] === null) + "\\n");
var d = ${A}.every(10, ${JSON.stringify(reactorName)}, "div", [7, 0], ${env});
tick(2);
__emit("stopped " + (ticks[1] === null) + "\\n");
`;
  if (adapter === "espruino") {
    return common + `
var files = { "hello.wasm": new Uint8Array(hello).buffer, "reactor.wasm": new Uint8Array(reactor).buffer };
var fakeStorage = { readArrayBuffer: function (name) { return files[name]; } };
var env = { storage: fakeStorage, console: fakeConsole, setInterval: fakeSetInterval, clearInterval: fakeClearInterval };
` + timers("WamrEspruino", "env", "reactor.wasm");
  }
  if (adapter === "zephyr") {
    // hello.wasm from the (fake) file system, reactor.wasm from env.modules
    return common + `
var fakeFs = { existsSync: function (p) { return p === "/lfs/hello.wasm"; }, readFileSync: function (p) { if (p !== "/lfs/hello.wasm") throw new Error("ENOENT"); return hello; } };
var env = { fs: fakeFs, modules: { "reactor.wasm": reactor }, console: fakeConsole, performance: { now: function () { return 1; } }, setInterval: fakeSetInterval, clearInterval: fakeClearInterval };
` + timers("WamrZephyr", "env", "reactor.wasm");
  }
  // nowasm: no timers of its own; start() and calls
  return common + `
var mods = { "hello.wasm": hello, "reactor.wasm": reactor };
var env = { readModule: function (name) { return new Uint8Array(mods[name]); }, log: fakeConsole.log };
var code = WamrNowasm.run("hello.wasm", helloOpts, env);
__emit("exit " + code + "\\n");
var m = WamrNowasm.start("reactor.wasm", {}, env);
for (var i = 0; i < 3; i++) __emit("fib(" + i * 10 + ") = " + m.callText("fib", [i * 10]) + "\\n");
__emit("stopped true\\n");
try { m.callText("div", [7, 0]); } catch (e) { __emit("Exception: " + e.reason + "\\n"); }
__emit("stopped true\\n");
`;
}

export function adapterScript(adapter, bundle) {
  return `${readFileSync(bundle, "utf8")}\n${readFileSync(join(root, ADAPTERS[adapter]), "utf8")}\n${driver(adapter)}`;
}

/** `hello` = { out, code } of iwasm-ts running hello.wasm with HELLO's arguments. */
export function expectedOutput(hello, fib) {
  return `${hello.out}exit ${hello.code}\n` +
    [0, 10, 20].map((n) => `fib(${n}) = ${fib[n]}\n`).join("") +
    "stopped true\nException: integer divide by zero\nstopped true\n";
}
