#!/usr/bin/env node
/**
 * `npm run menuconfig`: an interactive terminal menu (on @inquirer/prompts)
 * to choose a preset and switch features on and off, in the manner of WAMR's
 * CMake options / Kconfig menus. It shows each feature's description and its
 * measured size cost (bytes of core.wasm it adds to the configuration being
 * edited), keeps the requires/excludes rules of build-config/features.mjs
 * (switching a feature on switches on what it requires and off what it
 * excludes; switching one off switches off what requires it; each change is
 * reported), writes wamr-ts.config.json (the file `npm run build -- --set ...`
 * reads and writes) and offers to build it.
 *
 * Size costs: the core is built with and without each core/build feature
 * (core.wasm only, asc and for SIZE_OPT wasm-opt, a few seconds each, several
 * at once); sizes are cached in build/feature-sizes.json (gitignored) by the
 * hash of the core's sources and the configuration, so they are measured once.
 * `node build-config/menuconfig.mjs --costs [--preset=NAME]` prints the table.
 *
 * The logic (editing, dependency resolution, cost table) is in the exported
 * functions below, tested without a terminal by tests/unit/menuconfig.test.mjs;
 * the same test drives the real menu in tmux when tmux is installed.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FEATURES, PRESETS, checkConfig, configName, resolveConfig } from "./features.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const CONFIG_FILE = join(root, "wamr-ts.config.json");
export const SIZE_CACHE = join(root, "build", "feature-sizes.json");

// ---------------------------------------------------------------- editing

/** A menu state: { preset, cfg } with `cfg` a full { NAME: boolean } assignment. */
export function fromPreset(preset) {
  return { preset, cfg: resolveConfig(preset) };
}

/** The overrides of `state` against its preset (what `set` holds in the config file). */
export function overridesOf(state) {
  const base = resolveConfig(state.preset);
  const set = {};
  for (const f of FEATURES) if (!!state.cfg[f.name] !== !!base[f.name]) set[f.name] = !!state.cfg[f.name];
  return set;
}

/** The config file's contents for `state`: { preset, set, features } as build-preset.mjs writes it. */
export function toConfigFile(state) {
  return { preset: state.preset, set: overridesOf(state), features: { ...state.cfg } };
}

/**
 * Read a config file's contents ({ preset, set }) into a state. Unknown
 * presets or features, and sets that break the rules, throw (with every problem).
 */
export function fromConfigFile(json) {
  const preset = json?.preset ?? "default";
  return { preset, cfg: resolveConfig(preset, json?.set ?? {}) };
}

/** Load wamr-ts.config.json (or `file`); the `default` preset when there is none. */
export function loadState(file = CONFIG_FILE) {
  if (!existsSync(file)) return fromPreset("default");
  return fromConfigFile(JSON.parse(readFileSync(file, "utf8")));
}

/** Write `state` to wamr-ts.config.json (or `file`). */
export function saveState(state, file = CONFIG_FILE) {
  const problems = checkConfig(state.cfg);
  if (problems.length) throw new Error(problems.join("; "));
  writeFileSync(file, JSON.stringify(toConfigFile(state), null, 2) + "\n");
}

/**
 * Switch feature `name` to `on` in `state`, keeping the rules of
 * features.mjs: on switches on what it requires (transitively) and off what
 * it excludes and what excludes it; off switches off what requires it
 * (transitively). Unknown or unimplemented features are refused.
 * Returns { state, changes: [{ name, on, why }], refused?: "message" };
 * `state` is a new object (the argument is not changed). `features`: the
 * feature list (features.mjs's; tests pass their own to exercise the rules).
 */
export function setFeature(state, name, on, features = FEATURES) {
  const byName = Object.fromEntries(features.map((g) => [g.name, g]));
  const f = byName[name];
  if (!f) return { state, changes: [], refused: `unknown feature "${name}"` };
  if (on && !f.implemented) return { state, changes: [], refused: `${name} is not implemented yet` };
  const cfg = { ...state.cfg };
  const changes = [];
  const set = (n, v, why) => {
    if (!!cfg[n] === v) return;
    cfg[n] = v;
    changes.push({ name: n, on: v, why });
  };
  const enable = (n, why, seen = new Set()) => {
    if (seen.has(n)) return;
    seen.add(n);
    const g = byName[n];
    if (!g.implemented) throw new Error(`${name} needs ${n}, which is not implemented yet`);
    set(n, true, why);
    for (const r of g.requires ?? []) enable(r, `required by ${n}`, seen);
    for (const x of g.excludes ?? []) disable(x, `excluded by ${n}`);
    for (const h of features) if ((h.excludes ?? []).includes(n)) disable(h.name, `excludes ${n}`);
  };
  const disable = (n, why) => {
    if (!cfg[n]) return;
    set(n, false, why);
    for (const h of features) if ((h.requires ?? []).includes(n)) disable(h.name, `requires ${n}`);
  };
  try {
    if (on) enable(name, "chosen");
    else disable(name, "chosen");
  } catch (e) {
    return { state, changes: [], refused: e.message };
  }
  const problems = features === FEATURES ? checkConfig(cfg) : [];
  if (problems.length) return { state, changes: [], refused: problems.join("; ") };
  return { state: { preset: state.preset, cfg }, changes };
}

/** Human-readable lines for setFeature's changes other than the chosen one. */
export function describeChanges(changes) {
  return changes.filter((c) => c.why !== "chosen").map((c) => `${c.name} switched ${c.on ? "on" : "off"} (${c.why})`);
}

/** The name a build of `state` gets (build/<name>/): the preset's, or "custom". */
export function buildName(state) {
  return configName(state.preset, overridesOf(state));
}

/** `node build-config/build.mjs` arguments that build `state` (and save it as the config file). */
export function buildArgs(state) {
  const set = overridesOf(state);
  const args = [`--preset=${state.preset}`];
  const list = Object.entries(set).map(([k, v]) => `${k}=${v ? 1 : 0}`);
  if (list.length) args.push("--set", list.join(","));
  return args;
}

// ---------------------------------------------------------------- size costs

/** Features whose size cost on core.wasm is measured (implemented, compiled into the core or changing its build). */
export const MEASURED = FEATURES.filter((f) => f.implemented && f.where !== "host").map((f) => f.name);

/** The part of a configuration that changes core.wasm, as a cache key part. */
export function coreKey(cfg) {
  return MEASURED.filter((n) => cfg[n]).join(",") || "-";
}

/** Hash of the core's sources and of the build scripts that compile it. */
export function sourceHash() {
  const h = createHash("sha256");
  const walk = (p) => {
    let st;
    try { st = statSync(p); } catch { return; }
    if (st.isDirectory()) { for (const e of readdirSync(p).sort()) if (e !== "node_modules") walk(join(p, e)); }
    else if (/\.(ts|mjs|json)$/.test(p)) { h.update(p.slice(root.length)); h.update(readFileSync(p)); }
  };
  for (const d of ["core/assembly", "interp-classic/assembly", "interp-fast/assembly", "build-config/build-preset.mjs", "build-config/features.mjs"]) walk(join(root, d));
  h.update(readFileSync(join(root, "node_modules", "assemblyscript", "package.json")));
  return h.digest("hex").slice(0, 16);
}

/**
 * For configuration `cfg`, the variants a cost table needs: for each measured
 * feature, the configuration with it switched on and off (with the rules
 * applied; null when the rules refuse it).
 * Returns [{ name, on: cfg|null, off: cfg|null }].
 */
export function costVariants(cfg) {
  const state = { preset: "default", cfg };
  return MEASURED.map((name) => {
    const on = setFeature(state, name, true);
    const off = setFeature(state, name, false);
    return { name, on: on.refused ? null : on.state.cfg, off: off.refused ? null : off.state.cfg };
  });
}

/**
 * The cost table of `cfg`: [{ name, where, current, cost, description }] for
 * every feature, `cost` the bytes of core.wasm the feature adds (size with it
 * on minus size with it off, rules applied; null when not measured, 0 for
 * host features, which are not in core.wasm). `sizeOf(cfg)` gives core.wasm's
 * size in bytes of a configuration (from a Map, a cache or a build).
 */
export function costTable(cfg, sizeOf) {
  const variants = new Map(costVariants(cfg).map((v) => [v.name, v]));
  return FEATURES.map((f) => {
    let cost = null;
    if (f.where === "host") cost = 0;
    else if (variants.has(f.name)) {
      const v = variants.get(f.name);
      const a = v.on && sizeOf(v.on), b = v.off && sizeOf(v.off);
      if (a != null && b != null) cost = a - b;
    }
    return { name: f.name, where: f.where, implemented: f.implemented, current: !!cfg[f.name], cost, description: f.description };
  });
}

/** The distinct configurations costTable(cfg) needs, `cfg` first. */
export function configsToMeasure(cfg) {
  const seen = new Map([[coreKey(cfg), cfg]]);
  for (const v of costVariants(cfg)) for (const c of [v.on, v.off]) if (c && !seen.has(coreKey(c))) seen.set(coreKey(c), c);
  return [...seen.values()];
}

/** Format a cost in bytes for the menu. */
export function formatCost(row) {
  if (row.where === "host") return "host";
  if (row.cost == null) return "?";
  return (row.cost >= 0 ? "+" : "") + row.cost.toLocaleString("en-US") + " B";
}

/** The cost table as text lines (`--costs`). */
export function costLines(rows, baseSize) {
  const lines = [`core.wasm of this configuration: ${baseSize ?? "?"} bytes; cost = bytes of core.wasm a feature adds to it`];
  lines.push(`${"feature".padEnd(22)} ${"on".padEnd(3)} ${"cost".padStart(10)}  description`);
  for (const r of rows) lines.push(`${r.name.padEnd(22)} ${(r.current ? "x" : r.implemented ? "" : "n/i").padEnd(3)} ${formatCost(r).padStart(10)}  ${r.description.split(":")[0]}`);
  return lines;
}

/** The size cache: { hash, sizes: { coreKey: bytes } } for the current sources. */
function readCache(hash) {
  try {
    const c = JSON.parse(readFileSync(SIZE_CACHE, "utf8"));
    if (c.hash === hash) return c;
  } catch {}
  return { hash, sizes: {} };
}

/**
 * Measure core.wasm's size for each of `cfgs` not in the cache, building
 * several at once, reporting progress through `log`; returns `sizeOf(cfg)`.
 */
export async function measureSizes(cfgs, { log = console.log, jobs = Math.max(1, Math.min(4, cpus().length - 1)) } = {}) {
  const { coreWasmCommands } = await import("./build-preset.mjs");
  const hash = sourceHash();
  const cache = readCache(hash);
  const todo = cfgs.filter((c) => cache.sizes[coreKey(c)] === undefined);
  if (todo.length) log(`measuring core.wasm of ${todo.length} configuration(s), ${jobs} at a time (cached in ${SIZE_CACHE.slice(root.length + 1)} afterwards)`);
  const dir = join(tmpdir(), `wamr-ts-sizes-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  let done = 0;
  const runOne = async (cfg, i) => {
    const wasm = join(dir, `core-${i}.wasm`);
    for (const [cmd, args] of coreWasmCommands(cfg, wasm)) {
      await new Promise((resolve, reject) => {
        const p = spawn(cmd, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
        let err = "";
        p.stderr.on("data", (d) => (err += d));
        p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`building core.wasm for ${coreKey(cfg)} failed: ${err.slice(-2000)}`))));
      });
    }
    cache.sizes[coreKey(cfg)] = statSync(wasm).size;
    done++;
    log(`  [${done}/${todo.length}] ${coreKey(cfg)}: ${cache.sizes[coreKey(cfg)]} bytes`);
  };
  try {
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(jobs, todo.length) }, async () => {
      while (next < todo.length) { const i = next++; await runOne(todo[i], i); }
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (todo.length) { mkdirSync(dirname(SIZE_CACHE), { recursive: true }); writeFileSync(SIZE_CACHE, JSON.stringify(cache, null, 1) + "\n"); }
  }
  return (cfg) => cache.sizes[coreKey(cfg)] ?? null;
}

/** The cached sizes only (no builds): `sizeOf(cfg)` or null where unknown. */
export function cachedSizes() {
  const cache = readCache(sourceHash());
  return (cfg) => cache.sizes[coreKey(cfg)] ?? null;
}

// ---------------------------------------------------------------- the menu

/**
 * Run the menu. `context` goes to every prompt (@inquirer's { input, output }).
 * Returns the exit status.
 */
export async function menu({ context, file = CONFIG_FILE, log = console.log } = {}) {
  const { select, confirm } = await import("@inquirer/prompts");
  const { Separator } = await import("@inquirer/prompts");
  let state;
  try { state = loadState(file); } catch (e) { log(`menuconfig: ${file}: ${e.message}; starting from the default preset`); state = fromPreset("default"); }
  let sizeOf = cachedSizes();
  let dirty = !existsSync(file);
  const header = () => {
    const size = sizeOf(state.cfg);
    return `wamr-ts configuration: preset ${state.preset}${buildName(state) === "custom" ? " + changes (custom)" : ""}; core.wasm ${size == null ? "not measured" : size.toLocaleString("en-US") + " bytes"}`;
  };
  for (;;) {
    const action = await select({
      message: header(),
      pageSize: 12,
      choices: [
        { value: "preset", name: `Preset: ${state.preset}`, description: PRESETS[state.preset].description },
        { value: "features", name: "Features...", description: "switch features on and off (with their size costs)" },
        { value: "measure", name: "Measure size costs", description: "build core.wasm with and without each feature (a few seconds per build; cached)" },
        { value: "save", name: `Save ${file.slice(root.length + 1) || file}`, description: "write the configuration `npm run build -- --set ...` reads" },
        { value: "build", name: "Save and build", description: "save, then npm run build with this configuration (into build/<preset or custom>/)" },
        { value: "quit", name: "Quit", description: dirty ? "leave without saving" : "leave" },
      ],
    }, context);
    if (action === "preset") {
      const p = await select({
        message: "Preset (replaces the feature choices)",
        default: state.preset,
        choices: Object.entries(PRESETS).map(([name, p]) => ({ value: name, name, description: p.description })),
      }, context);
      state = fromPreset(p);
      dirty = true;
    } else if (action === "features") {
      let cursor;
      for (;;) {
        const rows = costTable(state.cfg, sizeOf);
        const choice = await select({
          message: "Features (enter switches; cost = bytes of core.wasm a feature adds here)",
          pageSize: 20,
          default: cursor,
          choices: [
            ...rows.map((r) => ({
              value: r.name,
              name: `[${r.current ? "x" : " "}] ${r.name.padEnd(21)} ${formatCost(r).padStart(10)}${r.implemented ? "" : "  (not implemented)"}`,
              // unimplemented features stay selectable: choosing one says why it is refused
              description: r.description,
            })),
            new Separator(),
            { value: "<back>", name: "Back" },
          ],
        }, context);
        if (choice === "<back>") break;
        cursor = choice;
        const r = setFeature(state, choice, !state.cfg[choice]);
        if (r.refused) { log(`menuconfig: refused: ${r.refused}`); continue; }
        state = r.state;
        dirty = true;
        for (const line of describeChanges(r.changes)) log(`menuconfig: ${line}`);
      }
    } else if (action === "measure") {
      sizeOf = await measureSizes(configsToMeasure(state.cfg), { log });
      for (const line of costLines(costTable(state.cfg, sizeOf), sizeOf(state.cfg))) log(line);
    } else if (action === "save" || action === "build") {
      saveState(state, file);
      dirty = false;
      log(`menuconfig: saved ${file} (${buildName(state)})`);
      if (action === "build") {
        const go = await confirm({ message: `Build now? (node build-config/build.mjs ${buildArgs(state).join(" ")})`, default: true }, context);
        if (go) {
          const r = spawnSync(process.execPath, [join(root, "build-config", "build.mjs"), ...buildArgs(state)], { cwd: root, stdio: "inherit" });
          return r.status ?? 1;
        }
      }
    } else if (action === "quit") {
      if (dirty && !(await confirm({ message: "Quit without saving?", default: false }, context))) continue;
      return 0;
    }
  }
}

async function main() {
  const { values } = parseArgs({ options: { costs: { type: "boolean" }, preset: { type: "string" }, file: { type: "string" } } });
  const file = values.file ?? CONFIG_FILE;
  if (values.costs) {
    const state = values.preset ? fromPreset(values.preset) : loadState(file);
    const sizeOf = await measureSizes(configsToMeasure(state.cfg));
    for (const line of costLines(costTable(state.cfg, sizeOf), sizeOf(state.cfg))) console.log(line);
    return 0;
  }
  try {
    return await menu({ file });
  } catch (e) {
    if (e?.name === "ExitPromptError") return 130; // Ctrl-C
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = await main();
