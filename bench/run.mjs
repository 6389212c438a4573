#!/usr/bin/env node
/**
 * `npm run bench`: runs every benchmark program (bench/programs/) on every
 * engine (bench/engines.mjs), interleaved: for each program, each repetition
 * runs it once on every engine (round robin, the starting engine rotating
 * with the repetition), so a slow patch of a shared machine hits every engine
 * alike.  Every engine's output is compared with Node's WebAssembly's.
 * Prints, per program and engine, the median time of the `_start` call and
 * the speed relative to Node's WebAssembly (t_node / t_engine) and to our
 * classic interpreter (t_classic / t_engine), then a matrix, then one line
 * per engine: `summary <engine> <median over programs of t_node / t_engine>`.
 *
 * Options:
 *   --quick           small SCALEs and 3 repetitions (a couple of minutes at most)
 *   --reps=N          repetitions (default 5, 3 with --quick)
 *   --filter=A,B      only programs whose name contains A or B
 *   --parts           the parts of programs instead (programs.mjs PARTS: crc32's
 *                     CRC-32, Adler-32 and FNV-1a loops, each alone)
 *   --engines=A,B     only these engines (names as in the table)
 *   --with-js-core    also run wamr-classic-js (the wasm2js build of the core)
 *   --metering-overhead  also run wamr-fast-nofuel (the fast interpreter on a
 *                     core built without INSTRUCTION_METERING, built on first
 *                     use) and aot-js-nofuel (wamrc-ts --no-metering), and print
 *                     the metering overhead t_metered / t_nofuel - 1 per
 *                     program and its median, for each engine run
 *   --json            machine-readable results on stdout (progress on stderr)
 *   --sizes           print each program's section sizes and exit
 *   --load            load time instead: per program, the median time to load
 *                     its .aot (wamrc-ts --target=bytecode -O3) into a ready
 *                     module vs to load, validate and translate its .wasm
 *                     (fast interpreter, core.wasm), interleaved, 31 times
 *                     (or --reps); then exit
 *   --scale=NAME=N    override one program's SCALE (repeatable)
 *   --no-warmup       skip the untimed warm-up runs (see bench/README.md)
 *   --cpu-time        time the `_start` call by the process's CPU time (user +
 *                     system, all its threads) instead of wall-clock time: on a
 *                     shared machine, time spent preempted is not counted
 *   --help
 * Exit status: 0, or 1 when some engine's output differed from Node's.
 */
import fs from 'node:fs';
import os from 'node:os';
import { PARTS, PROGRAMS } from './programs.mjs';
import { allEngines, NOT_INCLUDED } from './engines.mjs';
import { wasmInfo } from './wasm-info.mjs';
import { parseArgs as utilParseArgs } from 'node:util';

const HELP = `usage: node bench/run.mjs [--quick] [--reps=N] [--filter=A,B] [--parts] [--engines=A,B] [--with-js-core] [--metering-overhead] [--json] [--sizes] [--load] [--scale=NAME=N] [--no-warmup] [--cpu-time]`;

function parseArgs(argv) {
  const usage = (msg) => { console.error(`bench: ${msg}\n${HELP}`); process.exit(2); };
  let values;
  try {
    ({ values } = utilParseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' }, json: { type: 'boolean' }, sizes: { type: 'boolean' }, load: { type: 'boolean' },
        'with-js-core': { type: 'boolean' }, 'metering-overhead': { type: 'boolean' }, 'no-warmup': { type: 'boolean' },
        'cpu-time': { type: 'boolean' }, parts: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        reps: { type: 'string' }, filter: { type: 'string' }, engines: { type: 'string' }, scale: { type: 'string', multiple: true },
      },
    }));
  } catch (e) {
    usage(e.message);
  }
  if (values.help) { console.log(HELP); process.exit(0); }
  const list = (s) => (s === undefined ? null : s.split(',').filter(Boolean));
  const o = {
    quick: !!values.quick, json: !!values.json, sizes: !!values.sizes, load: !!values.load, withJsCore: !!values['with-js-core'],
    metering: !!values['metering-overhead'], warmup: !values['no-warmup'], cpuTime: !!values['cpu-time'], parts: !!values.parts,
    reps: undefined, filter: list(values.filter), engines: list(values.engines), scales: {},
  };
  if (values.reps !== undefined) {
    if (!/^\d+$/.test(values.reps) || +values.reps < 1) usage(`--reps must be a positive integer, got "${values.reps}"`);
    o.reps = +values.reps; o.repsGiven = true;
  }
  for (const s of values.scale ?? []) {
    const m = /^([\w-]+)=(\d+)$/.exec(s);
    if (!m) usage(`--scale takes NAME=N, got "${s}"`);
    o.scales[m[1]] = +m[2];
  }
  o.reps ??= o.quick ? 3 : 5;
  if (o.metering && o.engines) {
    // the unmetered twin of each metered engine asked for (the fast interpreter when neither is)
    const twins = METERED.filter(([m]) => o.engines.includes(m));
    for (const [m, n] of twins.length ? twins : METERED.slice(0, 1)) for (const x of [m, n]) if (!o.engines.includes(x)) o.engines.push(x);
  }
  return o;
}

/** Engines with instruction metering and their unmetered twins (--metering-overhead). */
const METERED = [['wamr-fast', 'wamr-fast-nofuel'], ['aot-js', 'aot-js-nofuel']];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const fmtMs = (ms) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2)) : '-');
const fmtRatio = (r) => (Number.isFinite(r) ? (r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 1 ? r.toFixed(2) : r.toPrecision(3)) : '-');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const o = parseArgs(process.argv.slice(2));
const log = (s) => process.stderr.write(s);

const ALL = o.parts ? PARTS : PROGRAMS;
let programs = ALL;
if (o.filter) programs = programs.filter((p) => o.filter.some((f) => p.name.includes(f)));
if (!programs.length) { console.error(`bench: no program matches --filter=${o.filter.join(',')}`); process.exit(2); }
for (const name of Object.keys(o.scales)) {
  if (!ALL.some((p) => p.name === name)) { console.error(`bench: --scale: no program ${name}`); process.exit(2); }
}

for (const p of programs) {
  p.bytes = fs.readFileSync(p.wasm);
  p.info = wasmInfo(p.bytes);
  p.arg = o.scales[p.name] ?? (o.quick ? p.quick : p.scale);
}

if (o.sizes) {
  console.log(`${pad('program', 8)} ${lpad('file bytes', 10)} ${lpad('code section', 12)} ${lpad('functions', 9)}  name section`);
  for (const p of programs) {
    console.log(`${pad(p.name, 8)} ${lpad(p.info.total, 10)} ${lpad(p.info.codeBytes, 12)} ${lpad(p.info.functions, 9)}  ${p.info.hasNames ? 'yes' : 'no'}`);
  }
  process.exit(0);
}

if (o.load) {
  // One runtime; every module freed after its timing so the core's memory stays put.
  const { Runtime } = await import(new URL('../dist/core/runtime.js', import.meta.url).href);
  const { bytecodeCompiler } = await import('./engines.mjs');
  const rt = await Runtime.create({ interpreter: 'fast', core: 'wasm' });
  const compile = await bytecodeCompiler();
  const reps = o.repsGiven ? o.reps : 31;
  const time = (bytes) => { const t0 = performance.now(); const m = rt.load(bytes); const t = performance.now() - t0; rt.core.wt_module_free(m.handle); return t; };
  const rows = [];
  for (const p of programs) {
    const aot = compile(rt, p.bytes);
    const tw = [], ta = [];
    for (let i = 0; i < 5; i++) { time(p.bytes); time(aot); } // warm-up
    for (let i = 0; i < reps; i++) {
      if (i & 1) { ta.push(time(aot)); tw.push(time(p.bytes)); } else { tw.push(time(p.bytes)); ta.push(time(aot)); }
    }
    rows.push({ name: p.name, wasmBytes: p.bytes.length, aotBytes: aot.length, wasmMs: median(tw), aotMs: median(ta) });
  }
  for (const r of rows) r.ratio = r.wasmMs / r.aotMs;
  if (o.json) { console.log(JSON.stringify({ reps, rows, medianRatio: median(rows.map((r) => r.ratio)) }, null, 2)); process.exit(0); }
  console.log(`load time, median of ${reps} interleaved loads (ms); Node ${process.version}, ${os.cpus().length} CPUs`);
  console.log(`${pad('program', 8)} ${lpad('.wasm B', 8)} ${lpad('.aot B', 8)} ${lpad('.wasm ms', 9)} ${lpad('.aot ms', 9)} ${lpad('x faster', 9)}`);
  for (const r of rows) console.log(`${pad(r.name, 8)} ${lpad(r.wasmBytes, 8)} ${lpad(r.aotBytes, 8)} ${lpad(fmtMs(r.wasmMs), 9)} ${lpad(fmtMs(r.aotMs), 9)} ${lpad(fmtRatio(r.ratio), 9)}`);
  console.log(`summary load-aot-vs-wasm ${fmtRatio(median(rows.map((r) => r.ratio)))}`);
  process.exit(0);
}

// ---- engines ----
const known = allEngines();
if (o.engines) {
  for (const n of o.engines) if (!known.some((k) => k.engine.name === n)) { console.error(`bench: unknown engine ${n} (known: ${known.map((k) => k.engine.name).join(', ')})`); process.exit(2); }
}
const wanted = known.filter(({ engine, optional }) =>
  o.engines ? o.engines.includes(engine.name) : !optional || (engine.name === 'wamr-classic-js' && o.withJsCore) || (METERED.some(([, n]) => n === engine.name) && o.metering));
const engines = [];
const skipped = [];
for (const { engine } of wanted) {
  const why = await engine.setup();
  if (why) skipped.push({ name: engine.name, reason: why });
  else engines.push(engine);
}
if (!engines.length) { console.error('bench: no engine available'); for (const s of skipped) console.error(`  ${s.name}: ${s.reason}`); process.exit(2); }
const nodeRef = known.find((k) => k.engine.name === 'node').engine;
if (!engines.includes(nodeRef)) await nodeRef.setup();

const gc = globalThis.gc ?? (() => {});
const outcome = (r) => `exit ${r.exitCode}${r.error ? ` error ${r.error.message ?? r.error}` : ''}\n${r.stdout}${r.stderr ? `stderr: ${r.stderr}` : ''}`;

// ---- warm-up ----
// Every engine runs every selected program once at its tiny SCALE, untimed.
// This gets the engines' own code optimized before the clock starts: our
// interpreter loop is one long-running wasm function in core.wasm, and V8 has
// no on-stack replacement for wasm, so without this the first timed run on
// wamr-ts would execute entirely in V8's baseline (Liftoff) code.
const started = Date.now();
// The first load+instantiate of each program on each engine (ms, wall-clock): the warm-up's, or
// the first timed run's with --no-warmup. It pays what later loads of the same code find cached:
// V8's asm.js validation and compilation of the aot-js code (keyed by its source), V8's compilation
// of Node's module, the JIT's first sight of the loader. The "load+inst" column is the median of the
// timed runs, which come after it.
const first = new Map();
if (o.warmup) {
  log('warm-up:');
  for (const e of engines) {
    for (const p of programs) {
      try {
        const r = await e.run(p.bytes, [`${p.name}.wasm`, String(p.tiny)]);
        first.set(`${e.name}/${p.name}`, r.loadMs + r.instMs);
      } catch {
        // a failing engine is reported by the timed runs
      }
    }
    log(` ${e.name}`);
  }
  log('\n');
}

// ---- run ----
let mismatches = 0;
for (const p of programs) {
  const argv = [`${p.name}.wasm`, String(p.arg)];
  p.results = Object.fromEntries(engines.map((e) => [e.name, { runs: [], ok: true, firstMismatch: null }]));
  // The reference output: Node's, from an extra untimed run.
  gc();
  const ref = await nodeRef.run(p.bytes, argv);
  if (ref.error || ref.exitCode !== 0) { console.error(`bench: ${p.name} fails on Node's WebAssembly:\n${outcome(ref)}`); process.exit(1); }
  p.reference = ref.stdout;
  log(`${p.name} (SCALE ${p.arg}):`);
  for (let rep = 0; rep < o.reps; rep++) {
    log(` [${rep + 1}]`);
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(rep + k) % engines.length];
      gc();
      let r;
      try {
        r = await e.run(p.bytes, argv);
        if (o.cpuTime) r.runMs = r.cpuMs;
      } catch (err) {
        r = { stdout: '', stderr: '', exitCode: null, error: err, loadMs: NaN, instMs: NaN, runMs: NaN, cpuMs: NaN };
      }
      const res = p.results[e.name];
      if (!first.has(`${e.name}/${p.name}`)) first.set(`${e.name}/${p.name}`, r.loadMs + r.instMs);
      res.runs.push({ loadMs: r.loadMs, instMs: r.instMs, runMs: r.runMs, cpuMs: r.cpuMs });
      if (r.error || r.exitCode !== 0 || r.stdout !== ref.stdout) {
        if (res.ok) {
          mismatches++;
          res.firstMismatch = outcome(r);
          log(`\n  ${e.name}: output differs from Node's:\n    expected: ${JSON.stringify(ref.stdout)}\n    got:      ${JSON.stringify(outcome(r))}\n`);
        }
        res.ok = false;
      }
      log(` ${e.name} ${fmtMs(r.runMs)}`);
    }
  }
  log('\n');
  for (const e of engines) {
    const res = p.results[e.name];
    res.median = {
      runMs: median(res.runs.map((x) => x.runMs)),
      loadMs: median(res.runs.map((x) => x.loadMs)),
      instMs: median(res.runs.map((x) => x.instMs)),
      minRunMs: Math.min(...res.runs.map((x) => x.runMs)),
    };
    res.firstLoadInstMs = first.get(`${e.name}/${p.name}`) ?? NaN;
  }
  const tNode = p.results.node?.ok ? p.results.node.median.runMs : NaN;
  const tClassic = p.results['wamr-classic']?.ok ? p.results['wamr-classic'].median.runMs : NaN;
  for (const e of engines) {
    const res = p.results[e.name];
    res.vsNode = res.ok ? tNode / res.median.runMs : NaN;
    res.vsClassic = res.ok ? tClassic / res.median.runMs : NaN;
  }
}
const elapsed = (Date.now() - started) / 1000;

const summary = {};
for (const e of engines) summary[e.name] = median(programs.map((p) => p.results[e.name].vsNode).filter(Number.isFinite));

// Metering overhead: each metered engine (the fast interpreter on the default
// build, aot-js on wamrc-ts's default output) against its twin without metering.
const overheadOf = (m, n) => {
  if (!engines.some((e) => e.name === m) || !engines.some((e) => e.name === n)) return null;
  const rows = programs.map((p) => {
    const a = p.results[m], b = p.results[n];
    const overhead = a.ok && b.ok ? a.median.runMs / b.median.runMs - 1 : NaN;
    return { program: p.name, fastMs: a.median.runMs, nofuelMs: b.median.runMs, overhead };
  });
  return { engine: m, rows, median: median(rows.map((r) => r.overhead).filter(Number.isFinite)) };
};
const overheads = METERED.map(([m, n]) => overheadOf(m, n)).filter(Boolean);
const metering = overheads.find((x) => x.engine === 'wamr-fast') ?? null;
const meteringAot = overheads.find((x) => x.engine === 'aot-js') ?? null;

// The AoT bytecode path against the fast interpreter it runs on (issue
// target: aot-bytecode >= 1.3x wamr-fast on the median program): t(wamr-fast) / t(engine).
const VS_FAST = ['wamr-fast-aot', 'aot-bytecode'];
const vsFast = {};
if (engines.some((e) => e.name === 'wamr-fast')) {
  for (const name of VS_FAST.filter((n) => engines.some((e) => e.name === n))) {
    const rows = programs.map((p) => {
      const a = p.results['wamr-fast'], b = p.results[name];
      return { program: p.name, ratio: a.ok && b.ok ? a.median.runMs / b.median.runMs : NaN };
    });
    vsFast[name] = { rows, median: median(rows.map((r) => r.ratio).filter(Number.isFinite)) };
  }
}

// ---- report ----
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cpus: os.cpus().length,
  mode: o.quick ? 'quick' : 'full',
  reps: o.reps,
  seconds: Math.round(elapsed),
  wasi: 'wamr-ts WASI (platforms/node/wasi.ts, dist build) for every engine',
  timed: '_start call (compute); load (compile or decode+validate) and instantiate measured separately',
  clock: o.cpuTime ? 'process CPU time (--cpu-time)' : 'wall-clock',
  warmup: o.warmup,
};

if (o.json) {
  console.log(JSON.stringify({
    meta,
    engines: engines.map((e) => ({ name: e.name, label: e.label })),
    skipped,
    notIncluded: NOT_INCLUDED.map(([name, reason]) => ({ name, reason })),
    programs: programs.map((p) => ({
      name: p.name, lang: p.lang, what: p.what, scale: p.arg,
      codeBytes: p.info.codeBytes, functions: p.info.functions, fileBytes: p.info.total,
      reference: p.reference,
      results: p.results,
    })),
    summary,
    metering,
    meteringAot,
    vsFast,
  }, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
  process.exit(mismatches ? 1 : 0);
}

console.log(`wamr-ts benchmark: ${meta.mode} scale, ${o.reps} repetitions (median), ${meta.seconds} s, ${meta.node}, ${meta.cpu} x${meta.cpus}`);
console.log('engines:');
for (const e of engines) console.log(`  ${pad(e.name, 16)} ${e.label}`);
for (const s of skipped) console.log(`  ${pad(s.name, 16)} skipped: ${s.reason}`);
console.log(`WASI: ${meta.wasi}.`);
console.log(`time: the _start call only, ${o.cpuTime ? 'by the process\'s CPU time (--cpu-time)' : 'wall-clock'}; "load+inst" is compile (or decode+validate) plus instantiate, before it (wall-clock, median of the timed runs); "1st l+i" the same for the program's first run on the engine (${o.warmup ? 'the warm-up' : 'the first timed run'}), which pays what later loads find cached (V8's asm.js validation of the aot-js code).`);
console.log('x node = t_node / t_engine (speed relative to Node\'s WebAssembly); x classic = t_classic / t_engine.');
console.log('');
const W = { p: Math.max(8, ...programs.map((p) => p.name.length)), code: 6, scale: 8, e: 16, ms: 10, r: 9, li: 10 };
console.log(`${pad('program', W.p)} ${lpad('code B', W.code)} ${lpad('SCALE', W.scale)}  ${pad('engine', W.e)} ${lpad('median ms', W.ms)} ${lpad('x node', W.r)} ${lpad('x classic', W.r)} ${lpad('load+inst', W.li)} ${lpad('1st l+i', W.li)}`);
for (const p of programs) {
  engines.forEach((e, i) => {
    const res = p.results[e.name];
    const head = i === 0 ? `${pad(p.name, W.p)} ${lpad(p.info.codeBytes, W.code)} ${lpad(p.arg, W.scale)}` : ' '.repeat(W.p + W.code + W.scale + 2);
    const li = res.median.loadMs + res.median.instMs;
    console.log(`${head}  ${pad(e.name, W.e)} ${lpad(fmtMs(res.median.runMs), W.ms)} ${lpad(fmtRatio(res.vsNode), W.r)} ${lpad(fmtRatio(res.vsClassic), W.r)} ${lpad(fmtMs(li), W.li)} ${lpad(fmtMs(res.firstLoadInstMs), W.li)}${res.ok ? '' : '  WRONG OUTPUT'}`);
  });
}
console.log('');
// Speeds relative to Node need Node's times: without `node` among --engines there are none (only its untimed reference run).
const timedNode = engines.includes(nodeRef);
if (timedNode) {
  console.log('speed relative to Node\'s WebAssembly (t_node / t_engine):');
  console.log(`${pad('program', W.p)} ${engines.map((e) => lpad(e.name, Math.max(10, e.name.length))).join(' ')}`);
  for (const p of programs) {
    console.log(`${pad(p.name, W.p)} ${engines.map((e) => lpad(fmtRatio(p.results[e.name].vsNode), Math.max(10, e.name.length))).join(' ')}`);
  }
  console.log(`${pad('median', W.p)} ${engines.map((e) => lpad(fmtRatio(summary[e.name]), Math.max(10, e.name.length))).join(' ')}`);
  console.log('');
}
for (const m of overheads) {
  const twin = METERED.find(([x]) => x === m.engine)[1];
  console.log(`metering overhead of ${m.engine}: t(${m.engine}) / t(${twin}) - 1 (median times):`);
  console.log(`${pad('program', W.p)} ${lpad('metered ms', 10)} ${lpad('nofuel ms', 10)} ${lpad('overhead', 9)}`);
  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
  for (const r of m.rows) console.log(`${pad(r.program, W.p)} ${lpad(fmtMs(r.fastMs), 10)} ${lpad(fmtMs(r.nofuelMs), 10)} ${lpad(pct(r.overhead), 9)}`);
  console.log(`${pad('median', W.p)} ${' '.repeat(21)} ${lpad(pct(m.median), 9)}`);
  console.log(`metering-overhead${m.engine === 'wamr-fast' ? '' : `-${m.engine}`} ${Number.isFinite(m.median) ? +(100 * m.median).toPrecision(3) : 'NaN'}%`);
  console.log('');
}
const vsFastNames = Object.keys(vsFast);
if (vsFastNames.length) {
  console.log('speed relative to the fast interpreter (t(wamr-fast) / t_engine):');
  console.log(`${pad('program', W.p)} ${vsFastNames.map((n) => lpad(n, Math.max(10, n.length))).join(' ')}`);
  programs.forEach((p, i) => console.log(`${pad(p.name, W.p)} ${vsFastNames.map((n) => lpad(fmtRatio(vsFast[n].rows[i].ratio), Math.max(10, n.length))).join(' ')}`));
  console.log(`${pad('median', W.p)} ${vsFastNames.map((n) => lpad(fmtRatio(vsFast[n].median), Math.max(10, n.length))).join(' ')}`);
  for (const n of vsFastNames) console.log(`vs-fast ${n} ${Number.isFinite(vsFast[n].median) ? +vsFast[n].median.toPrecision(4) : 'NaN'}`);
  console.log('');
}
if (mismatches) console.log(`${mismatches} engine/program pair(s) gave output different from Node's (see stderr); they are left out of the summary.`);
if (timedNode) for (const e of engines) console.log(`summary ${e.name} ${Number.isFinite(summary[e.name]) ? +summary[e.name].toPrecision(4) : 'NaN'}`);
else console.log('no summary lines: they are t_node / t_engine, and node was not among --engines');
process.exit(mismatches ? 1 : 0);
