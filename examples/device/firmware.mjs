#!/usr/bin/env node
/**
 * A simulated device "firmware" that loads application modules at run time
 * through the wamr-ts module manager, the way firmware on a board would:
 * no reflashing, each module isolated, limited and metered.
 *
 * Native symbols it exports to modules (import module "device"):
 *   gpio_write(pin: i32, value: i32)    "(ii)"
 *   gpio_read(pin: i32): i32            "(i)i"
 *   sensor_read(channel: i32): f64      "(i)F"   channel 0: temperature (deg C)
 *   millis(): i32                       "()i"    time since boot
 * plus the manager's own "wamr" module (send, log, timer_start, timer_stop).
 *
 * Modules arrive through a watched folder (default examples/device/apps): a
 * new .wasm is installed, a changed one replaces the running version
 * atomically (a bad update is refused and the old version keeps running), a
 * removed one is uninstalled. Messages to a module: write a file
 * NAME.msg next to it; its content is delivered to NAME's on_message.
 *
 * Usage: node examples/device/firmware.mjs [--apps=DIR] [--seconds=N] [--demo] [--core=wasm|js]
 *   --seconds=N  stop after N seconds (default: run until interrupted)
 *   --demo       a scripted run of about 3 s: install the apps, message them,
 *                try a corrupt update (refused), then uninstall
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { ModuleManager, ManagerError } from "../../dist/core/manager.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    apps: { type: "string", default: path.join(here, "apps") },
    seconds: { type: "string" },
    demo: { type: "boolean", default: false },
    core: { type: "string" },
  },
});

// ---- the simulated hardware ----
const boot = Date.now();
const stamp = () => `[${((Date.now() - boot) / 1000).toFixed(2).padStart(6)}s]`;
const pins = new Map();
let temperature = 19.0;
const heaterPin = 5;
const hw = setInterval(() => { temperature += pins.get(heaterPin) ? 0.25 : -0.15; }, 50);

const device = [
  {
    name: "gpio_write", signature: "(ii)",
    fn: (env, pin, value) => {
      const v = value ? 1 : 0;
      if (pins.get(pin) !== v) console.log(`${stamp()} gpio ${pin} -> ${v}`);
      pins.set(pin, v);
    },
  },
  { name: "gpio_read", signature: "(i)i", fn: (env, pin) => pins.get(pin) ?? 0 },
  { name: "sensor_read", signature: "(i)F", fn: (env, ch) => (ch === 0 ? temperature : 0) },
  { name: "millis", signature: "()i", fn: () => (Date.now() - boot) | 0 },
];

const manager = new ModuleManager({
  core: opts.core,
  defaults: { memoryPages: 4, stackSize: 32 << 10, fuel: 2_000_000 },
  onMessage: (from, data) => console.log(`${stamp()} ${from} says: ${new TextDecoder().decode(data)}`),
  onLog: (from, line) => console.log(`${stamp()} ${from}: ${line}`),
});

// ---- modules from the folder ----
const appName = (file) => path.basename(file, ".wasm");

async function installOrReplace(file) {
  const name = appName(file);
  let bytes;
  try { bytes = fs.readFileSync(path.join(opts.apps, file)); } catch { return; }
  const installed = manager.list().some((m) => m.name === name);
  try {
    const info = installed ? await manager.replace(name, bytes, { natives: { device } }) : await manager.install(name, bytes, { natives: { device } });
    console.log(`${stamp()} ${installed ? "replaced" : "installed"} ${name} (${info.size} bytes, entry points: ${info.entryPoints.join(", ")})`);
  } catch (e) {
    console.log(`${stamp()} ${e instanceof ManagerError ? e.message : e}${installed ? " (the running version stays)" : ""}`);
  }
}

function deliver(file) {
  const name = path.basename(file, ".msg");
  let data;
  try { data = fs.readFileSync(path.join(opts.apps, file)); } catch { return; }
  try { manager.send(name, data); console.log(`${stamp()} message to ${name}: ${data.toString().trim()}`); }
  catch (e) { console.log(`${stamp()} ${e.message}`); }
}

for (const f of fs.readdirSync(opts.apps).sort()) if (f.endsWith(".wasm")) await installOrReplace(f);

if (!opts.demo) {
  const pending = new Map();
  fs.watch(opts.apps, (_event, file) => {
    if (!file) return;
    // debounce: editors and copies write in several steps
    clearTimeout(pending.get(file));
    pending.set(file, setTimeout(() => {
      pending.delete(file);
      const exists = fs.existsSync(path.join(opts.apps, file));
      if (file.endsWith(".wasm")) {
        if (exists) installOrReplace(file);
        else if (manager.list().some((m) => m.name === appName(file))) { manager.uninstall(appName(file)); console.log(`${stamp()} uninstalled ${appName(file)}`); }
      } else if (file.endsWith(".msg") && exists) deliver(file);
    }, 100));
  });
  console.log(`${stamp()} watching ${opts.apps} for modules (.wasm) and messages (NAME.msg)`);
}

const stop = () => {
  for (const m of manager.list()) manager.uninstall(m.name);
  clearInterval(hw);
  console.log(`${stamp()} firmware stopped`);
  process.exit(0);
};
process.on("SIGINT", stop);

if (opts.demo) {
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  await wait(1000);
  manager.send("thermostat", new TextEncoder().encode("target=23"));
  console.log(`${stamp()} message to thermostat: target=23`);
  manager.send("blink", new TextEncoder().encode("period=100"));
  console.log(`${stamp()} message to blink: period=100`);
  await wait(1000);
  try { await manager.replace("blink", Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9)); }
  catch (e) { console.log(`${stamp()} update refused: ${e.message}; blink keeps running (version ${manager.query("blink").version})`); }
  await wait(500);
  for (const m of manager.list()) console.log(`${stamp()} ${m.name}: ${m.state}, ${m.messagesIn} in, ${m.messagesOut} out, ${m.memoryPages} pages`);
  stop();
} else if (opts.seconds) setTimeout(stop, Number(opts.seconds) * 1000);
