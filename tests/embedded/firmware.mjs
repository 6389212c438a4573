/**
 * The device firmware core (examples/device/firmware-core.js) in a scripted
 * scenario with a fake clock and fake timers, as one plain ES5 script that
 * runs unchanged on every host: `firmwareScript(bundle)` puts an embedded
 * bundle in front (its `WamrTs` is the firmware's wamr-ts), for evalOn
 * (tests/embedded/script-engines.mjs); `firmwareOnNode()` runs the same
 * script in this process with dist/core/manager.js and core.wasm. Both emit,
 * through `__emit`, the firmware's log (GPIO changes included) and, last,
 * every GPIO write with its time.
 *
 * The scenario: the demo of `npm run device` (install blink and thermostat
 * from bytes, messages after 1 s, a corrupt update of blink refused while the
 * old version keeps serving, status, stop); then a second boot with blink,
 * thermostat and runaway (examples/device/runaway.c, loops forever on its
 * third tick: stopped by its fuel limit while the others keep running), a
 * message to the faulted module refused, status, blink uninstalled (pin 13
 * stays quiet), stop.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const device = (f) => join(root, "examples", "device", f);
const arr = (file) => `[${Array.from(readFileSync(file)).join(",")}]`;

/** The fuel limit of every module in the scenario: small, so a runaway call ends quickly on slow engines. */
export const FUEL = 100000;

function driver() {
  return `
var BLINK = ${arr(device("apps/blink.wasm"))};
var THERMOSTAT = ${arr(device("apps/thermostat.wasm"))};
var RUNAWAY = ${arr(device("extra/runaway.wasm"))};
// A fake clock and timers: advance(ms) runs the timers due, earliest first (ties: oldest first).
var T = { now: 0, seq: 0, list: [] };
function setTimer(fn, ms, repeat) {
  ms = Math.max(repeat ? 1 : 0, ms | 0);
  var t = { fn: fn, ms: ms, due: T.now + ms, repeat: repeat, id: ++T.seq, live: true };
  T.list.push(t);
  return t;
}
function clearTimer(t) { t.live = false; }
function advance(ms) {
  var end = T.now + ms;
  for (;;) {
    var next = null;
    for (var i = 0; i < T.list.length; i++) {
      var t = T.list[i];
      if (t.live && t.due <= end && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
    }
    if (!next) break;
    T.now = next.due;
    if (next.repeat) next.due += next.ms; else next.live = false;
    next.fn();
  }
  T.now = end;
  var live = [];
  for (var j = 0; j < T.list.length; j++) if (T.list[j].live) live.push(T.list[j]);
  T.list = live;
}
var writes = [];
function boot() {
  var host = { log: function (line) { __emit(line + "\\n"); }, millis: function () { return T.now; }, setTimer: setTimer, clearTimer: clearTimer };
  var fw = DeviceFirmware.create(WAMR, host, { limits: { memoryPages: 4, stackSize: 32768, fuel: ${FUEL} } });
  var write = fw.board.gpioWrite;
  fw.board.gpioWrite = function (pin, value) { writes.push(T.now + " " + pin + "=" + value); write(pin, value); };
  return fw;
}
// 1. the demo
var fw = boot();
fw.load("blink", new Uint8Array(BLINK));
fw.load("thermostat", new Uint8Array(THERMOSTAT));
var done = false;
fw.demo(function () { done = true; });
advance(3000);
__emit("demo done: " + done + "\\n");
// 2. a runaway module among the others, then an uninstall
T = { now: 0, seq: 0, list: [] };
fw = boot();
fw.load("blink", new Uint8Array(BLINK));
fw.load("thermostat", new Uint8Array(THERMOSTAT));
fw.load("runaway", new Uint8Array(RUNAWAY));
advance(1000);
fw.message("runaway", DeviceFirmware.text("hello"));
fw.status();
fw.remove("blink");
advance(500);
fw.status();
fw.stop();
advance(500);
__emit("gpio writes: " + writes.join(", ") + "\\n");
`;
}

const core = () => readFileSync(device("firmware-core.js"), "utf8");

/** The scenario after `bundle` (an embedded bundle): one script for evalOn. */
export function firmwareScript(bundle) {
  return `${readFileSync(bundle, "utf8")}\n${core()}\nvar WAMR = WamrTs;\n${driver()}`;
}

/** The scenario on Node with dist/core/manager.js and core.wasm (this process); returns its output. */
export async function firmwareOnNode() {
  const { ModuleManager } = await import("../../dist/core/manager.js");
  const { preloadCore } = await import("../../dist/core/node-core.js");
  let out = "";
  globalThis.__emit = (s) => { out += s; };
  globalThis.WAMR = { ModuleManager, createCore: await preloadCore({ build: "wasm" }) };
  try {
    vm.runInThisContext(core(), { filename: "firmware-core.js" });
    vm.runInThisContext(driver(), { filename: "scenario.js" });
  } catch (e) {
    out += `uncaught: ${e?.stack ?? e}\n`;
  } finally {
    delete globalThis.__emit;
    delete globalThis.WAMR;
    delete globalThis.DeviceFirmware;
  }
  return out;
}
