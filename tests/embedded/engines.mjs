/**
 * Run a module through an embedded bundle (build/<preset>/embedded*.js) on a
 * JavaScript engine without WebAssembly, the way a board would: the bundle is
 * loaded as a script and `WamrTs.run(host, name, options)` runs the module.
 *
 *   runJitless(bundle, wasm, args, env)   node --jitless (V8 without WebAssembly)
 *   runQuickJS(bundle, wasm, args, env)   QuickJS (npm quickjs-emscripten), 64 MiB memory limit
 *   runDuktape(bundle, wasm, args, env)   Duktape 2 (the `duk` command, Debian package duktape): an ES5
 *                                         engine, for the embedded.es5.js bundles; the module's bytes are
 *                                         put into the script, as duk has no file API
 *   hasDuktape()                          whether `duk` runs here
 *
 * Each returns { out, err, code }: the program's standard output and error
 * (the host's print and printErr) and its exit status.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export function runJitless(bundle, wasm, args = [], env = {}) {
  const r = spawnSync(process.execPath, ["--jitless", "--no-warnings", join(here, "jitless-host.cjs"), bundle, wasm, JSON.stringify(args), JSON.stringify(env)], { encoding: "utf8" });
  const m = /\nexit (\d+)\n?$/.exec("\n" + r.stdout);
  // (V8 warns on stderr that --jitless disables WebAssembly)
  const err = r.stderr.replace(/^Warning: disabling flag --expose_wasm due to conflicting flags\n/, "");
  return { out: m ? r.stdout.slice(0, r.stdout.length - m[0].length + 1) : r.stdout + r.stderr, err, code: m ? +m[1] : -1 };
}

/** Run `fn(dir)` with a fresh temporary directory, removed afterwards. */
export function withTemp(fn) {
  const dir = mkdtempSync(join(tmpdir(), "wamr-ts-eng-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** A QuickJS runtime (64 MiB memory, 1 MiB stack) and a context in it; the caller disposes both. */
export async function quickJSContext() {
  const { getQuickJS } = await import("quickjs-emscripten");
  const rt = (await getQuickJS()).newRuntime();
  rt.setMemoryLimit(64 << 20);
  rt.setMaxStackSize(1 << 20);
  return { rt, vm: rt.newContext() };
}

export async function runQuickJS(bundle, wasm, args = [], env = {}) {
  const { rt, vm } = await quickJSContext();
  let out = "";
  let err = "";
  try {
    const print = vm.newFunction("print", (s) => { out += vm.getString(s); });
    vm.setProp(vm.global, "__print", print);
    print.dispose();
    const printErr = vm.newFunction("printErr", (s) => { err += vm.getString(s); });
    vm.setProp(vm.global, "__printErr", printErr);
    printErr.dispose();
    const bytes = readFileSync(wasm);
    const ab = vm.newArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    vm.setProp(vm.global, "__module", ab);
    ab.dispose();
    let r = vm.evalCode(readFileSync(bundle, "utf8"), basename(bundle));
    if (r.error) { const e = vm.dump(r.error); r.error.dispose(); return { out: `load error: ${JSON.stringify(e)}`, err, code: -1 }; }
    r.dispose();
    const name = basename(wasm);
    r = vm.evalCode(`WamrTs.run({ readModule: function () { return new Uint8Array(__module); }, print: __print, printErr: __printErr, now: function () { return Date.now(); } }, ${JSON.stringify(name)}, { args: ${JSON.stringify([name, ...args])}, env: ${JSON.stringify(env)} })`);
    if (r.error) { const e = vm.dump(r.error); r.error.dispose(); return { out: out + `run error: ${JSON.stringify(e)}`, err, code: -1 }; }
    const code = vm.dump(r.value);
    r.dispose();
    return { out, err, code };
  } finally {
    vm.dispose();
    rt.dispose();
  }
}

export function hasDuktape() {
  const r = spawnSync("duk", ["-e", "print(1)"], { encoding: "utf8" });
  return r.status === 0;
}

export function runDuktape(bundle, wasm, args = [], env = {}) {
  const name = basename(wasm);
  const bytes = Array.from(readFileSync(wasm)).join(",");
  // duk's print() ends every call with a newline: collect the output and the errors, print them once with the status.
  const script = `${readFileSync(bundle, "utf8")}
;(function () {
  var bytes = [${bytes}];
  var out = "", err = "";
  var code = WamrTs.run({ readModule: function () { return new Uint8Array(bytes); }, print: function (s) { out += s; }, printErr: function (s) { err += s; }, now: function () { return Date.now(); } },
    ${JSON.stringify(name)}, { args: ${JSON.stringify([name, ...args])}, env: ${JSON.stringify(env)} });
  print(JSON.stringify({ out: out, err: err, code: code }));
})();
`;
  return withTemp((dir) => {
    const file = join(dir, "run.js");
    writeFileSync(file, script);
    const r = spawnSync("duk", [file], { encoding: "utf8", maxBuffer: 64 << 20 });
    try { return JSON.parse(r.stdout); } catch { return { out: r.stdout + r.stderr, err: "", code: -1 }; }
  });
}
