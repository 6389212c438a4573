/**
 * Run one plain script on a JavaScript engine without WebAssembly and return
 * what it emitted: the script calls the global `__emit(text)` for output.
 *
 *   evalOn("jitless", code)   node --jitless (V8 without WebAssembly), vm.runInThisContext
 *   evalOn("quickjs", code)   QuickJS (npm quickjs-emscripten), 64 MiB memory limit
 *   evalOn("duktape", code)   Duktape 2 (`duk`); its print() ends with a newline, so the
 *                             output is collected and printed once
 *
 * A thrown error is returned as a last line "uncaught: <message>".
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { withTemp, quickJSContext } from "./engines.mjs";

export async function evalOn(engine, code) {
  if (engine === "jitless") {
    return withTemp((dir) => {
      const file = join(dir, "script.js");
      writeFileSync(file, code);
      const host = `const vm = require("vm"); globalThis.__emit = (s) => process.stdout.write(s);
        if (typeof WebAssembly !== "undefined") { console.log("uncaught: WebAssembly present (expected --jitless)"); process.exit(0); }
        try { vm.runInThisContext(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"), { filename: "script.js" }); }
        catch (e) { process.stdout.write("uncaught: " + (e && e.stack || e) + "\\n"); }`;
      const r = spawnSync(process.execPath, ["--jitless", "--no-warnings", "-e", host], { encoding: "utf8", maxBuffer: 64 << 20 });
      return r.status === 0 ? r.stdout : r.stdout + r.stderr; // (V8 warns on stderr about flags)
    });
  }
  if (engine === "quickjs") {
    const { rt, vm } = await quickJSContext();
    let out = "";
    try {
      const emit = vm.newFunction("__emit", (s) => { out += vm.getString(s); });
      vm.setProp(vm.global, "__emit", emit);
      emit.dispose();
      const r = vm.evalCode(code, "script.js");
      if (r.error) { out += `uncaught: ${JSON.stringify(vm.dump(r.error))}\n`; r.error.dispose(); }
      else r.dispose();
      return out;
    } finally {
      vm.dispose();
      rt.dispose();
    }
  }
  if (engine === "duktape") {
    return withTemp((dir) => {
      const file = join(dir, "script.js");
      writeFileSync(file, `var __out = ""; function __emit(s) { __out += s; }
try { (0, eval)(${JSON.stringify(code)}); } catch (e) { __out += "uncaught: " + (e && e.stack || e) + "\\n"; }
print(__out);`);
      const r = spawnSync("duk", [file], { encoding: "utf8", maxBuffer: 64 << 20 });
      return r.stdout.replace(/\n$/, "") + r.stderr;
    });
  }
  throw new Error(`unknown engine ${engine}`);
}
