// npm run menuconfig (build-config/menuconfig.mjs): the editing logic, the
// dependency rules, the cost table and the config file without a terminal,
// then the real menu driven through a terminal (tmux) when tmux is installed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  fromPreset, overridesOf, toConfigFile, fromConfigFile, setFeature, describeChanges, buildArgs, buildName,
  costTable, configsToMeasure, coreKey, formatCost, costLines, MEASURED,
} from "../../build-config/menuconfig.mjs";
import { FEATURES, resolveConfig, parseSets } from "../../build-config/features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

test("a preset's state has no overrides and is named after the preset", () => {
  for (const p of ["minimal", "aot-only", "default", "full"]) {
    const s = fromPreset(p);
    assert.equal(overridesOf(s), {});
    assert.is(buildName(s), p);
    assert.equal(s.cfg, resolveConfig(p));
  }
});

test("switching a feature records an override; the config file round-trips; build arguments give the same configuration", () => {
  const r = setFeature(fromPreset("minimal"), "BULK_MEMORY", true);
  assert.not.ok(r.refused);
  assert.equal(r.changes, [{ name: "BULK_MEMORY", on: true, why: "chosen" }]);
  assert.equal(overridesOf(r.state), { BULK_MEMORY: true });
  assert.is(buildName(r.state), "custom");
  const file = toConfigFile(r.state);
  assert.equal(file, { preset: "minimal", set: { BULK_MEMORY: true }, features: r.state.cfg });
  assert.equal(fromConfigFile(JSON.parse(JSON.stringify(file))), r.state);
  // what the menu runs: node build-config/build.mjs --preset=minimal --set BULK_MEMORY=1
  const args = buildArgs(r.state);
  assert.equal(args, ["--preset=minimal", "--set", "BULK_MEMORY=1"]);
  assert.equal(resolveConfig("minimal", parseSets([args[2]])), r.state.cfg);
  // switching it back leaves the preset
  const back = setFeature(r.state, "BULK_MEMORY", false);
  assert.equal(overridesOf(back.state), {});
  assert.is(buildName(back.state), "minimal");
});

test("unknown and unimplemented features are refused; a bad config file throws", () => {
  const s = fromPreset("default");
  assert.match(setFeature(s, "NOPE", true).refused, /unknown feature/);
  const r = setFeature(s, "PERF_PROFILING", true);
  assert.match(r.refused, /not implemented/);
  assert.is(r.state, s);
  assert.throws(() => fromConfigFile({ preset: "minimal", set: { PERF_PROFILING: true } }), /not implemented/);
  assert.throws(() => fromConfigFile({ preset: "tiny" }), /unknown preset/);
});

test("requires/excludes are resolved transitively, with every change reported", () => {
  // a feature list of our own: features.mjs has no implemented feature with rules yet
  const F = [
    { name: "A", implemented: true },
    { name: "B", implemented: true, requires: ["A"] },
    { name: "C", implemented: true, requires: ["B"], excludes: ["D"] },
    { name: "D", implemented: true },
    { name: "E", implemented: true, excludes: ["A"] },
    { name: "N", implemented: false },
    { name: "M", implemented: true, requires: ["N"] },
  ];
  const s = { preset: "default", cfg: { A: false, B: false, C: false, D: true, E: true, N: false, M: false } };
  const on = setFeature(s, "C", true, F);
  assert.not.ok(on.refused);
  assert.equal(on.state.cfg, { A: true, B: true, C: true, D: false, E: false, N: false, M: false });
  assert.equal(describeChanges(on.changes).sort(), [
    "A switched on (required by B)", "B switched on (required by C)", "D switched off (excluded by C)", "E switched off (excludes A)",
  ]);
  const off = setFeature(on.state, "A", false, F);
  assert.equal(off.state.cfg, { A: false, B: false, C: false, D: false, E: false, N: false, M: false });
  assert.equal(describeChanges(off.changes).sort(), ["B switched off (requires A)", "C switched off (requires B)"]);
  const m = setFeature(s, "M", true, F);
  assert.match(m.refused, /needs N, which is not implemented/);
  assert.is(m.state, s);
});

test("cost table: size with a feature minus size without, from the sizes given; host features cost nothing in core.wasm", () => {
  const weight = { CLASSIC_INTERP: 30000, FAST_INTERP: 26000, INSTRUCTION_METERING: 300, BULK_MEMORY: 900, REF_TYPES: 1900, MULTI_VALUE: 100, CUSTOM_NAME_SECTION: 1000, DUMP_CALL_STACK: 150, SIZE_OPT: -40000 };
  const sizeOf = (cfg) => 50000 + Object.entries(weight).reduce((a, [k, w]) => a + (cfg[k] ? w : 0), 0);
  const cfg = resolveConfig("minimal");
  const rows = costTable(cfg, sizeOf);
  assert.is(rows.length, FEATURES.length);
  const by = Object.fromEntries(rows.map((r) => [r.name, r]));
  for (const [k, w] of Object.entries(weight)) assert.is(by[k].cost, w, k);
  assert.is(by.WASI.cost, 0);
  assert.is(formatCost(by.WASI), "host");
  assert.is(by.PERF_PROFILING.cost, null);
  assert.is(formatCost(by.PERF_PROFILING), "?");
  assert.is(formatCost(by.REF_TYPES), "+1,900 B");
  assert.ok(by.CLASSIC_INTERP.current && !by.FAST_INTERP.current);
  // the configurations to build: this one and one per measured feature switched, distinct
  const cfgs = configsToMeasure(cfg);
  assert.is(coreKey(cfgs[0]), coreKey(cfg));
  assert.is(new Set(cfgs.map(coreKey)).size, cfgs.length);
  assert.is(cfgs.length, MEASURED.length + 1);
  // unknown sizes give unknown costs
  assert.is(costTable(cfg, () => null).find((r) => r.name === "BULK_MEMORY").cost, null);
  const lines = costLines(rows, sizeOf(cfg));
  assert.match(lines[0], new RegExp(`${sizeOf(cfg)} bytes`));
  assert.ok(lines.some((l) => /^REF_TYPES\s+\+1,900 B/.test(l.replace(/\s{2,}/, " "))), lines.join("\n"));
});

// The real menu in a terminal: tmux (a private server socket) runs
// `node build-config/menuconfig.mjs --file=<tmp>` and gets the keys a user
// would type: choose the minimal preset, switch BULK_MEMORY on, save, quit.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
test(`the menu in a terminal (tmux)${hasTmux ? "" : ": SKIPPED, no tmux"}`, async () => {
  if (!hasTmux) return;
  const dir = mkdtempSync(join(tmpdir(), "wamr-menu-"));
  const file = join(dir, "config.json");
  const sock = `wamr-menu-${process.pid}`;
  const tmux = (...a) => spawnSync("tmux", ["-L", sock, ...a], { encoding: "utf8" });
  const screen = () => tmux("capture-pane", "-p", "-t", "m").stdout ?? "";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (re, what) => {
    for (let i = 0; i < 150; i++) { const s = screen(); if (re.test(s)) return s; await sleep(100); }
    throw new Error(`menu: no ${what} on the screen:\n${screen()}`);
  };
  const keys = async (...k) => { for (const x of k) { tmux("send-keys", "-t", "m", x); await sleep(60); } };
  try {
    const cmd = `cd ${JSON.stringify(root)} && ${JSON.stringify(process.execPath)} build-config/menuconfig.mjs --file=${JSON.stringify(file)}; echo MENU-EXIT=$?; sleep 30`;
    assert.is(tmux("new-session", "-d", "-s", "m", "-x", "160", "-y", "45", cmd).status, 0);
    await waitFor(/Preset: default/, "main menu");
    await keys("Enter");
    await waitFor(/Preset \(replaces/, "preset menu");
    await keys("Up", "Up", "Enter"); // default -> aot-only -> minimal
    await waitFor(/Preset: minimal/, "minimal preset chosen");
    await keys("Down", "Enter");
    await waitFor(/\[ \] BULK_MEMORY/, "feature list");
    await keys("Down", "Down", "Down", "Down", "Enter"); // FAST_INTERP, INSTRUCTION_METERING, AOT_LOADER, AOT_JS_LOADER: refused, not implemented
    await waitFor(/refused: AOT_JS_LOADER is not implemented yet/, "refusal");
    await keys("Down", "Down", "Enter"); // MINI_LOADER, BULK_MEMORY
    await waitFor(/\[x\] BULK_MEMORY/, "BULK_MEMORY switched on");
    await keys(...Array(7).fill("Up"), "Enter"); // up past CLASSIC_INTERP at the top wraps to Back
    await waitFor(/preset minimal \+ changes \(custom\)/, "main menu, custom");
    await keys("Down", "Down", "Down", "Enter"); // Save
    for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
    await keys("Down", "Down", "Down", "Down", "Down", "Enter"); // Quit
    await waitFor(/MENU-EXIT=0/, "exit status 0");
    const saved = JSON.parse(readFileSync(file, "utf8"));
    assert.is(saved.preset, "minimal");
    assert.equal(saved.set, { BULK_MEMORY: true });
    assert.equal(saved.features, resolveConfig("minimal", { BULK_MEMORY: 1 }));
  } finally {
    tmux("kill-server");
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
