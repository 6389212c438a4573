#!/usr/bin/env node
/**
 * The device simulator on Node: a thin shell around the host-agnostic
 * firmware core (firmware-core.js, the same script a board runs after an
 * embedded bundle). It gives the core Node's console, clock and timers, and
 * feeds it modules and messages from a watched folder.
 *
 * Modules arrive through the folder (default examples/device/apps): a new
 * .wasm is installed, a changed one replaces the running version atomically
 * (a bad update is refused and the old version keeps running), a removed one
 * is uninstalled. Messages to a module: write a file NAME.msg next to it;
 * its content is delivered to NAME's on_message.
 *
 * Usage: node examples/device/firmware.mjs [--apps=DIR] [--seconds=N] [--demo] [--core=wasm|js]
 *   --seconds=N  stop after N seconds (default: run until interrupted)
 *   --demo       a scripted run of about 3 s: install the apps, message them,
 *                try a corrupt update (refused), then uninstall
 */
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ModuleManager } from "../../dist/core/manager.js";
import { preloadCore } from "../../dist/core/node-core.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    apps: { type: "string", default: path.join(here, "apps") },
    seconds: { type: "string" },
    demo: { type: "boolean", default: false },
    core: { type: "string" },
  },
});
if (opts.core && opts.core !== "wasm" && opts.core !== "js") {
  console.error(`--core must be wasm or js, not "${opts.core}"`);
  process.exit(2);
}

// The core script, evaluated as a board evaluates it: it defines DeviceFirmware.
vm.runInThisContext(fs.readFileSync(path.join(here, "firmware-core.js"), "utf8"), { filename: "firmware-core.js" });
const boot = Date.now();
const host = {
  log: (line) => console.log(line),
  millis: () => Date.now() - boot,
  setTimer: (fn, ms, repeat) => (repeat ? setInterval(fn, ms) : setTimeout(fn, ms)),
  clearTimer: (h) => clearTimeout(h),
};
const fw = globalThis.DeviceFirmware.create({ ModuleManager, createCore: await preloadCore({ build: opts.core }) }, host);

const appName = (file) => path.basename(file, ".wasm");
const read = (file) => { try { return fs.readFileSync(path.join(opts.apps, file)); } catch { return undefined; } };

for (const f of fs.readdirSync(opts.apps).sort()) if (f.endsWith(".wasm")) fw.load(appName(f), read(f));

const stop = () => { fw.stop(); process.exit(0); };
process.on("SIGINT", stop);

if (opts.demo) fw.demo(() => process.exit(0));
else {
  const pending = new Map();
  fs.watch(opts.apps, (_event, file) => {
    if (!file) return;
    // debounce: editors and copies write in several steps
    clearTimeout(pending.get(file));
    pending.set(file, setTimeout(() => {
      pending.delete(file);
      const bytes = read(file);
      if (file.endsWith(".wasm")) {
        if (bytes) fw.load(appName(file), bytes);
        else fw.remove(appName(file));
      } else if (file.endsWith(".msg") && bytes) fw.message(path.basename(file, ".msg"), bytes);
    }, 100));
  });
  fw.say(`watching ${opts.apps} for modules (.wasm) and messages (NAME.msg)`);
  if (opts.seconds) setTimeout(stop, Number(opts.seconds) * 1000);
}
