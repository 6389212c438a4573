/**
 * The module manager: install, run, update and remove application modules on
 * a running device without reflashing (the role of WAMR's app manager).
 *
 * Isolation: every installed module gets its own Runtime, i.e. its own core
 * instance with its own store, value stack and limits. A module can reach
 * nothing of another module's, not even through a bug in the core, and
 * uninstalling one drops everything it had.
 *
 * Message ABI (docs/module-manager.md): a module exports `memory` and any of
 *   on_init()                      after instantiation
 *   on_message(ptr: i32, len: i32) a message of `len` bytes at `ptr`
 *   on_timer(id: i32)              a timer it started fired
 *   on_destroy()                   before uninstall or replacement
 *   wamr_msg_buffer(len: i32): i32 where the manager may write an inbound message
 * and may import from module "wamr":
 *   send(ptr: i32, len: i32)       post a message to the firmware ("(*~)")
 *   timer_start(id, ms, repeat)    start timer `id` ("(iii)"); timer_stop(id) ("(i)")
 *   log(str)                       a NUL-terminated string ("($)")
 *
 * Limits are enforced by each module's runtime: linear memory pages (its
 * `memory.grow` returns -1 past the limit, instantiation fails above it),
 * table size, value stack (bytes: operand stack and call depth together), and
 * fuel (instructions per entry-point call; a runaway call traps with
 * "instruction limit exceeded" and the module is marked faulted, while the
 * others keep running). Every error names the module and the limit.
 *
 * .aot modules of the bytecode target run on a Runtime as .wasm ones do (the
 * core's AoT loader; fuel and suspend/resume the same). .aot modules of the
 * js target (detected by magic and target) run on an AotRuntime of their
 * own with the same memory, table and fuel limits; their stack limit is a
 * call depth (aotCallDepth: one call per AOT_FRAME_BYTES of stackSize; calls of the
 * optimized code, where wamrc-ts's recursive inlining at -O2+ folds two levels into one). `trustedKeys` refuses unsigned or wrongly signed
 * .aot files and plain .wasm; `requiredFeatures` refuses .aot files needing
 * features the host lacks (docs/module-manager.md, "AoT modules"); a host
 * without eval refuses .aot modules (their code is evaluated JavaScript).
 *
 * Hosts without Promise (Duktape) or with a synchronous core loader use
 * installSync / replaceSync with the `loadCore` option: the embedded bundles
 * (MODULE_MANAGER) carry this class, with the JS core and no AoT JS loader
 * (docs/embedded.md, "Firmware with the module manager"). The code avoids
 * what ES5 engines lack (Map iterators, Object.entries).
 */
import { Runtime, WasmError, Trap, type CoreLoader, type Instance, type Invocation, type NativeSymbol, type WasmFunction } from "./runtime.js";
import type { CoreBuild } from "./types.js";
import { AotRuntime, isAot, type AotInstance } from "../aot/loader.js";
import { FEATURES, ALL_FEATURES, isBytecodeAot, type FeatureName } from "../aot/format.js";

/** Per-module limits. */
export interface ModuleLimits {
  /** Largest linear memory, in 64 KiB pages (default 16 = 1 MiB). */
  memoryPages?: number;
  /** Largest table, in elements (default 10,000). */
  tableSize?: number;
  /** Value stack, in bytes: operand stack and call frames together (default 64 KiB). */
  stackSize?: number;
  /** Instructions one entry-point call may execute (default 10,000,000). */
  fuel?: number;
}

export interface InstallOptions {
  /** Native symbols by import module name, WAMR-style (signature strings). */
  natives?: Record<string, NativeSymbol[]>;
  limits?: ModuleLimits;
  /** Core build for this module's runtime. */
  core?: CoreBuild;
}

export type ModuleState = "running" | "faulted";

/** What `list` and `query` report about an installed module. */
export interface ModuleInfo {
  name: string;
  state: ModuleState;
  /** Bytes of the installed binary. */
  size: number;
  limits: Required<ModuleLimits>;
  /** Current linear memory, in pages (0 without memory). */
  memoryPages: number;
  /** Entry points the module exports. */
  entryPoints: string[];
  messagesIn: number;
  messagesOut: number;
  /** The last error, with the module's name in it. */
  lastError?: string;
  /** Installed or replaced this many times. */
  version: number;
}

/** Timers the manager uses for `timer_start`; defaults to the host's setTimeout/setInterval. */
export interface TimerHost {
  start(fn: () => void, ms: number, repeat: boolean): unknown;
  stop(handle: unknown): void;
}

export interface ManagerOptions {
  /** Limits for modules that give none. */
  defaults?: ModuleLimits;
  /** Messages modules post with `send`. */
  onMessage?: (from: string, data: Uint8Array) => void;
  /** Log lines modules write with `log`, and manager events (faults, limit hits). */
  onLog?: (from: string, line: string) => void;
  timers?: TimerHost;
  core?: CoreBuild;
  /**
   * How the modules' runtimes get their core (Runtime.create's `loadCore`).
   * installSync / replaceSync need a synchronous one, which returns the
   * core's exports: the JS core's `createCore` (the embedded bundles' `WamrTs.createCore`),
   * or on Node `await preloadCore()` (core/node-core.ts). Default: Node's loader (install / replace only).
   */
  loadCore?: CoreLoader;
  /**
   * Ed25519 public keys (PEM). When given, only .aot modules signed by one of
   * them are installed: unsigned or wrongly signed .aot files, and plain .wasm,
   * are refused before anything is instantiated. (Node only: uses node:crypto.)
   */
  trustedKeys?: (string | Uint8Array)[];
  /**
   * The features .aot modules may require (feature names of aot/format.ts
   * FEATURES, or their bits): a module whose feature bits ask for anything
   * else is refused. Default: what this host has (all, without `bigint` where
   * BigInt is missing).
   */
  requiredFeatures?: FeatureName[] | number;
}

/** An error of a named module: `module` and, for limit errors, `limit`. */
export class ManagerError extends Error {
  readonly module: string;
  readonly limit?: keyof ModuleLimits;
  readonly cause?: unknown;
  constructor(module: string, message: string, opts: { limit?: keyof ModuleLimits; cause?: unknown } = {}) {
    super(`module "${module}": ${message}`);
    this.name = "ManagerError";
    this.module = module;
    this.limit = opts.limit;
    this.cause = opts.cause;
    // ES5 targets lose the prototype of Error subclasses (see WasmError)
    if (Object.getPrototypeOf(this) !== new.target.prototype) Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** .aot code has no value stack of ours: its stackSize becomes a call depth of one call per this many bytes. */
export const AOT_FRAME_BYTES = 64;
/** The call-depth limit of an .aot module with a stack limit of `stackSize` bytes. */
export const aotCallDepth = (stackSize: number): number => Math.max(1, Math.floor(stackSize / AOT_FRAME_BYTES));
const DEFAULT_LIMITS: Required<ModuleLimits> = { memoryPages: 16, tableSize: 10_000, stackSize: 64 << 10, fuel: 10_000_000 };
const ENTRY_POINTS = ["on_init", "on_message", "on_timer", "on_destroy"] as const;

interface App {
  name: string;
  runtime: Runtime | AotRuntime;
  instance: Instance | AotInstance;
  /** An .aot module (aot-js code on an AotRuntime). */
  aot: boolean;
  size: number;
  limits: Required<ModuleLimits>;
  state: ModuleState;
  messagesIn: number;
  messagesOut: number;
  lastError?: string;
  version: number;
  timers: Map<number, unknown>;
}

type Verify = (data: Uint8Array, keyId: Uint8Array, signature: Uint8Array) => boolean;

let evalAllowed: boolean | undefined;
/** Whether this host evaluates code from strings (.aot modules need it). */
function canEval(): boolean {
  if (evalAllowed === undefined) {
    try { evalAllowed = new Function("return 1")() === 1; } catch { evalAllowed = false; }
  }
  return evalAllowed;
}

const defaultTimers: TimerHost = {
  start: (fn, ms, repeat) => (repeat ? setInterval(fn, ms) : setTimeout(fn, ms)),
  stop: (h) => clearTimeout(h as any),
};

export class ModuleManager {
  private apps = new Map<string, App>();
  private readonly opts: ManagerOptions;
  private readonly defaults: Required<ModuleLimits>;
  private verifier?: Promise<Verify>;
  /** The verifier once loaded (installSync with trustedKeys needs it). */
  private verifierLoaded?: Verify;

  constructor(opts: ManagerOptions = {}) {
    this.opts = opts;
    this.defaults = { ...DEFAULT_LIMITS, ...opts.defaults };
  }

  /**
   * Install `bytes` (a .wasm) under `name`: load, validate, instantiate in a
   * runtime of its own with its limits, then call `on_init`. Throws
   * ManagerError (naming the module; `limit` set for limit errors) and
   * installs nothing when any step fails.
   */
  async install(name: string, bytes: Uint8Array, opts: InstallOptions = {}): Promise<ModuleInfo> {
    if (this.apps.has(name)) throw new ManagerError(name, "already installed (use replace)");
    const app = await this.prepare(name, bytes, opts, 1);
    this.apps.set(name, app);
    return this.info(app);
  }

  /**
   * `install` without Promise, for hosts that have none (Duktape) or
   * firmware written without async code: needs the manager's `loadCore`
   * option to be a synchronous core loader (ManagerError otherwise). Signed
   * .aot modules (trustedKeys) need one `install` first (the signature check
   * loads node:crypto asynchronously).
   */
  installSync(name: string, bytes: Uint8Array, opts: InstallOptions = {}): ModuleInfo {
    if (this.apps.has(name)) throw new ManagerError(name, "already installed (use replace)");
    const app = this.prepareSync(name, bytes, opts, 1);
    this.apps.set(name, app);
    return this.info(app);
  }

  /**
   * Replace a running module atomically: the new version is loaded,
   * validated, instantiated and initialized while the old one keeps serving;
   * only then is the old one destroyed and the new one put in its place. If
   * any step fails, the old version stays installed and running, and the
   * error is thrown.
   */
  async replace(name: string, bytes: Uint8Array, opts: InstallOptions = {}): Promise<ModuleInfo> {
    const old = this.apps.get(name);
    if (!old) throw new ManagerError(name, "not installed");
    const next = await this.prepare(name, bytes, opts, old.version + 1);
    return this.swap(old, next);
  }

  /** `replace` without Promise (see installSync). */
  replaceSync(name: string, bytes: Uint8Array, opts: InstallOptions = {}): ModuleInfo {
    const old = this.get(name);
    return this.swap(old, this.prepareSync(name, bytes, opts, old.version + 1));
  }

  private swap(old: App, next: App): ModuleInfo {
    this.destroy(old);
    this.apps.set(next.name, next);
    return this.info(next);
  }

  /** Call `on_destroy`, stop the module's timers and remove it. */
  uninstall(name: string): void {
    const app = this.get(name);
    this.destroy(app);
    this.apps.delete(name);
  }

  /** Installed modules. */
  list(): ModuleInfo[] {
    const out: ModuleInfo[] = [];
    this.apps.forEach((a) => out.push(this.info(a)));
    return out;
  }

  query(name: string): ModuleInfo {
    return this.info(this.get(name));
  }

  /**
   * Deliver a message to the module's `on_message`. Returns false when the
   * module has no `on_message`; throws ManagerError when the module is
   * faulted, has no `wamr_msg_buffer`, or traps (the module is then faulted).
   */
  send(name: string, data: Uint8Array): boolean {
    const app = this.get(name);
    const onMessage = app.instance.func("on_message");
    if (!onMessage) return false;
    this.checkRunning(app);
    const bufFn = app.instance.func("wamr_msg_buffer");
    if (!bufFn) throw new ManagerError(name, "has on_message but no wamr_msg_buffer export");
    this.guard(app, () => {
      const ptr = (bufFn.call(data.length) as number) >>> 0;
      const mem = app.instance.memory;
      if (!mem || ptr + data.length > mem.size || ptr === 0) throw new ManagerError(name, `wamr_msg_buffer(${data.length}) gave an unusable address ${ptr}`);
      mem.buffer().set(data, ptr);
      onMessage.call(ptr, data.length);
    });
    app.messagesIn++;
    return true;
  }

  /**
   * Run an export cooperatively: slices of `slice` instructions, yielding to
   * the host's event loop between slices so other modules keep running, up to
   * `total` instructions (default: the module's fuel limit). For long
   * computations on hosts that cannot preempt. Between slices it waits for
   * setImmediate, else a 0 ms timer of the manager's timers. Hosts without
   * Promise use runSliced.
   */
  run(name: string, exportName: string, args: any[] = [], opts: { slice?: number; total?: number } = {}): Promise<any> {
    return new Promise((resolve, reject) => this.runSliced(name, exportName, args, opts, (err, result) => (err ? reject(err) : resolve(result))));
  }

  /**
   * `run` without Promise: `done(error, result)` is called once, when the
   * call has returned (error undefined), trapped, used `total`, or could not
   * start (a ManagerError: the module is faulted as with `run`). `.aot` code
   * cannot be suspended: it runs in one go under `total`, and `done` is
   * called before runSliced returns (as it is for errors before the first slice).
   */
  runSliced(name: string, exportName: string, args: any[], opts: { slice?: number; total?: number }, done: (err: ManagerError | undefined, result?: any) => void): void {
    let app: App;
    let inv: Invocation | undefined;
    let aotResult: any;
    const slice = opts.slice ?? 100_000;
    let left = 0;
    try {
      app = this.get(name);
      this.checkRunning(app);
      const fn = app.instance.func(exportName);
      if (!fn) throw new ManagerError(name, `no exported function "${exportName}"`);
      left = opts.total ?? app.limits.fuel;
      if (app.aot) {
        const rt = app.runtime as AotRuntime;
        const budget = left;
        aotResult = this.guard(app, () => { rt.setFuel(budget); return fn.call(...args); }, opts.total);
      } else {
        const runtime = app.runtime as Runtime;
        inv = this.guard(app, () => runtime.startCall(fn as WasmFunction, args, Math.min(slice, left)));
        left -= slice;
      }
    } catch (e) {
      done(e as ManagerError);
      return;
    }
    if (!inv) { done(undefined, aotResult); return; }
    const call = inv;
    const timers = this.opts.timers ?? defaultTimers;
    const next = (): void => {
      if (call.done) { done(undefined, call.result); return; }
      const resume = (): void => {
        try {
          if (left <= 0) {
            call.abandon();
            const err = new ManagerError(name, `fuel limit of ${opts.total ?? app.limits.fuel} instructions exhausted`, { limit: "fuel" });
            this.fault(app, err);
            throw err;
          }
          const step = Math.min(slice, left);
          left -= step;
          this.guard(app, () => call.resume(step));
        } catch (e) {
          done(e as ManagerError);
          return;
        }
        next();
      };
      if (typeof setImmediate === "function") setImmediate(resume);
      else timers.start(resume, 0, false);
    };
    next();
  }

  /** Call any export of a module under its fuel limit (for firmware-defined entry points). */
  call(name: string, exportName: string, ...args: any[]): any {
    const app = this.get(name);
    this.checkRunning(app);
    const fn = app.instance.func(exportName);
    if (!fn) throw new ManagerError(name, `no exported function "${exportName}"`);
    return this.guard(app, () => fn.call(...args));
  }

  // ---- internals ----

  private get(name: string): App {
    const app = this.apps.get(name);
    if (!app) throw new ManagerError(name, "not installed");
    return app;
  }

  private checkRunning(app: App): void {
    if (app.state !== "running") throw new ManagerError(app.name, `is faulted: ${app.lastError}`);
  }

  private info(app: App): ModuleInfo {
    return {
      name: app.name,
      state: app.state,
      size: app.size,
      limits: app.limits,
      memoryPages: app.instance.memory?.pages ?? 0,
      entryPoints: ENTRY_POINTS.filter((e) => app.instance.func(e)),
      messagesIn: app.messagesIn,
      messagesOut: app.messagesOut,
      lastError: app.lastError,
      version: app.version,
    };
  }

  private async prepare(name: string, bytes: Uint8Array, opts: InstallOptions, version: number): Promise<App> {
    const limits = { ...this.defaults, ...opts.limits };
    // .aot files of the bytecode target run on a Runtime (the core's AoT loader), as .wasm ones do
    const bytecode = isBytecodeAot(bytes);
    if (isAot(bytes) && !bytecode) return this.prepareAot(name, bytes, opts, version, limits, await this.verify());
    if (!bytecode) this.refusePlain(name);
    let runtime: Runtime;
    try {
      runtime = await Runtime.create(this.runtimeOptions(opts, limits, this.opts.loadCore, bytecode ? { verify: await this.verify() } : undefined));
    } catch (e) {
      throw new ManagerError(name, `cannot create its runtime: ${(e as Error).message}`, { cause: e });
    }
    return this.prepareWasm(name, bytes, opts, version, limits, runtime);
  }

  /** `prepare` with a synchronous core loader (installSync, replaceSync). */
  private prepareSync(name: string, bytes: Uint8Array, opts: InstallOptions, version: number): App {
    const limits = { ...this.defaults, ...opts.limits };
    const bytecode = isBytecodeAot(bytes);
    if (isAot(bytes)) {
      if (this.opts.trustedKeys && !this.verifierLoaded) throw new ManagerError(name, "rejected: checking signatures (trustedKeys) loads node:crypto asynchronously: install the first signed module with install(), not installSync()");
      if (!bytecode) return this.prepareAot(name, bytes, opts, version, limits, this.verifierLoaded);
    } else this.refusePlain(name);
    const loadCore = this.opts.loadCore;
    if (!loadCore) throw new ManagerError(name, "installSync/replaceSync need a synchronous core loader: the manager's loadCore option (e.g. the JS core's createCore)");
    let runtime: Runtime;
    try {
      runtime = Runtime.createSync(this.runtimeOptions(opts, limits, loadCore, bytecode ? { verify: this.verifierLoaded } : undefined));
    } catch (e) {
      throw new ManagerError(name, `cannot create its runtime: ${(e as Error).message}`, { cause: e });
    }
    return this.prepareWasm(name, bytes, opts, version, limits, runtime);
  }

  private refusePlain(name: string): void {
    if (this.opts.trustedKeys) throw new ManagerError(name, "rejected: a plain .wasm module, and this manager only installs .aot modules signed by a trusted key");
  }

  /** (Built field by field: object spread with extra properties needs Object.getOwnPropertyDescriptors, which ES5 engines lack.) */
  private runtimeOptions<L extends CoreLoader | undefined>(opts: InstallOptions, limits: Required<ModuleLimits>, loadCore: L, bytecode?: { verify: Verify | undefined }) {
    return {
      core: opts.core ?? this.opts.core,
      loadCore,
      stackSize: limits.stackSize,
      maxMemoryPages: limits.memoryPages,
      maxTableSize: limits.tableSize,
      // a bytecode .aot: the fast interpreter, and the signature policy for the container
      interpreter: bytecode ? "fast" as const : undefined,
      verify: bytecode ? bytecode.verify : undefined,
    };
  }

  /** A .wasm module on its new runtime: natives registered, loaded, instantiated, on_init run. */
  private prepareWasm(name: string, bytes: Uint8Array, opts: InstallOptions, version: number, limits: Required<ModuleLimits>, runtime: Runtime): App {
    const app: App = {
      name, runtime, instance: undefined as unknown as Instance, aot: false, size: bytes.length, limits,
      state: "running", messagesIn: 0, messagesOut: 0, version, timers: new Map(),
    };
    this.registerAll(app, opts);
    let module;
    try {
      module = runtime.load(bytes);
    } catch (e) {
      throw new ManagerError(name, `rejected: ${(e as Error).message}`, { cause: e });
    }
    return this.start(app, () => runtime.instantiate(module));
  }

  private registerAll(app: App, opts: InstallOptions): void {
    app.runtime.registerNatives("wamr", this.systemNatives(app));
    const natives = opts.natives ?? {};
    for (const mod of Object.keys(natives)) app.runtime.registerNatives(mod, natives[mod]);
  }

  /**
   * An .aot module on an AotRuntime of its own: signature (trustedKeys) and
   * feature bits (requiredFeatures) are checked by the loader before anything
   * is instantiated; memory pages, table size and fuel are enforced as for
   * .wasm; stackSize as a call depth (aotCallDepth). Refused on hosts
   * without eval (the code is JavaScript evaluated with new Function).
   */
  private prepareAot(name: string, bytes: Uint8Array, opts: InstallOptions, version: number, limits: Required<ModuleLimits>, verify: Verify | undefined): App {
    if (!canEval()) throw new ManagerError(name, "rejected: an .aot module's code is JavaScript evaluated with new Function, and this host does not allow eval: install the .wasm instead");
    let runtime: AotRuntime;
    try {
      const rf = this.opts.requiredFeatures;
      const features = rf === undefined ? undefined : typeof rf === "number" ? rf : rf.reduce((a, n) => {
        if (!(n in FEATURES)) throw new Error(`unknown feature "${n}" in requiredFeatures (known: ${Object.keys(FEATURES).join(", ")})`);
        return a | FEATURES[n];
      }, 0);
      runtime = new AotRuntime({
        maxMemoryPages: limits.memoryPages,
        maxTableSize: limits.tableSize,
        maxCallDepth: aotCallDepth(limits.stackSize),
        features: features === undefined ? undefined : features & ALL_FEATURES,
        verify,
      });
    } catch (e) {
      throw new ManagerError(name, `cannot create its runtime: ${(e as Error).message}`, { cause: e });
    }
    const app: App = {
      name, runtime, instance: undefined as unknown as AotInstance, aot: true, size: bytes.length, limits,
      state: "running", messagesIn: 0, messagesOut: 0, version, timers: new Map(),
    };
    this.registerAll(app, opts);
    let module: ReturnType<AotRuntime["load"]>;
    try {
      module = runtime.load(bytes);
    } catch (e) {
      throw new ManagerError(name, `rejected: ${(e as Error).message}`, { cause: e });
    }
    if (!module.metered) throw new ManagerError(name, "rejected: its code has no instruction metering (compiled with --no-metering, or by an older wamrc-ts), so its fuel limit cannot be enforced; recompile it", { limit: "fuel" });
    return this.start(app, () => runtime.instantiate(module));
  }

  /** The signature check for trustedKeys (node:crypto, loaded only when keys are given). */
  private verify(): Promise<Verify | undefined> {
    const keys = this.opts.trustedKeys;
    if (!keys) return Promise.resolve(undefined);
    this.verifier ??= import("../aot/sign.js").then((m) => (this.verifierLoaded = m.trustedKeys(keys.map((k) => (typeof k === "string" ? k : Buffer.from(k))))));
    return this.verifier;
  }

  /** Instantiate and run on_init under the fuel limit. */
  private start(app: App, instantiate: () => Instance | AotInstance): App {
    const runtime = app.runtime;
    try {
      runtime.setFuel(app.limits.fuel);
      app.instance = instantiate();
      const init = app.instance.func("on_init");
      if (init) {
        runtime.setFuel(app.limits.fuel);
        init.call();
      }
    } catch (e) {
      this.stopTimers(app);
      throw this.wrap(app, e);
    } finally {
      runtime.setFuel(undefined);
    }
    return app;
  }

  /** Natives of module "wamr" for `app` (see the ABI above). */
  private systemNatives(app: App): NativeSymbol[] {
    const timers = this.opts.timers ?? defaultTimers;
    return [
      {
        name: "send", signature: "(*~)",
        fn: (_env, data: Uint8Array) => { app.messagesOut++; this.opts.onMessage?.(app.name, data.slice()); },
      },
      {
        name: "log", signature: "($)",
        fn: (_env, line: string) => { this.opts.onLog?.(app.name, line); },
      },
      {
        name: "timer_start", signature: "(iii)",
        fn: (_env, id: number, ms: number, repeat: number) => {
          const old = app.timers.get(id);
          if (old !== undefined) timers.stop(old);
          app.timers.set(id, timers.start(() => this.fireTimer(app, id, repeat !== 0), Math.max(0, ms), repeat !== 0));
        },
      },
      {
        name: "timer_stop", signature: "(i)",
        fn: (_env, id: number) => {
          const h = app.timers.get(id);
          if (h !== undefined) { timers.stop(h); app.timers.delete(id); }
        },
      },
    ];
  }

  private fireTimer(app: App, id: number, repeat: boolean): void {
    if (!repeat) app.timers.delete(id);
    if (this.apps.get(app.name) !== app || app.state !== "running") return;
    const onTimer = app.instance.func("on_timer");
    if (!onTimer) return;
    try { this.guard(app, () => onTimer.call(id)); }
    catch { /* recorded by guard; the module is faulted, the firmware goes on */ }
  }

  /** Run `fn` under the module's fuel limit; a trap faults the module and is rethrown as ManagerError. */
  private guard<T>(app: App, fn: () => T, fuel = app.limits.fuel): T {
    app.runtime.setFuel(fuel);
    try {
      return fn();
    } catch (e) {
      const err = this.wrap(app, e);
      this.fault(app, err);
      throw err;
    } finally {
      app.runtime.setFuel(undefined);
    }
  }

  private fault(app: App, err: Error): void {
    app.state = "faulted";
    app.lastError = err.message;
    this.stopTimers(app);
    this.opts.onLog?.(app.name, `fault: ${err.message}`);
  }

  /** Name the module, and the limit where one was hit. */
  private wrap(app: App, e: unknown): ManagerError {
    if (e instanceof ManagerError) return e;
    const { name, limits } = app;
    if (e instanceof Trap) {
      if (e.reason === "instruction limit exceeded") return new ManagerError(name, `fuel limit of ${limits.fuel} instructions exhausted`, { limit: "fuel", cause: e });
      if (e.kind === "exhaustion" && app.aot) return new ManagerError(name, `stack limit of ${limits.stackSize} bytes exhausted (call depth ${aotCallDepth(limits.stackSize)} for .aot code)`, { limit: "stackSize", cause: e });
      if (e.kind === "exhaustion") return new ManagerError(name, `stack limit of ${limits.stackSize} bytes exhausted (call depth)`, { limit: "stackSize", cause: e });
      return new ManagerError(name, `trap: ${e.reason}${e.backtrace.length ? ` in ${e.backtrace[0]}` : ""}`, { cause: e });
    }
    if (e instanceof WasmError && e.kind === "resource") {
      const limit = /^memory/.test(e.reason) ? "memoryPages" : /^table/.test(e.reason) ? "tableSize" : undefined;
      const what = limit === "memoryPages" ? `memory limit of ${limits.memoryPages} pages` : limit === "tableSize" ? `table limit of ${limits.tableSize} elements` : "a runtime limit";
      return new ManagerError(name, `exceeds its ${what}: ${e.reason}`, { limit, cause: e });
    }
    return new ManagerError(name, (e as Error)?.message ?? String(e), { cause: e });
  }

  private stopTimers(app: App): void {
    const timers = this.opts.timers ?? defaultTimers;
    app.timers.forEach((h) => timers.stop(h));
    app.timers.clear();
  }

  private destroy(app: App): void {
    const onDestroy = app.state === "running" ? app.instance.func("on_destroy") : undefined;
    if (onDestroy) {
      try { this.guard(app, () => onDestroy.call()); } catch { /* a failing on_destroy does not keep a module installed */ }
    }
    this.stopTimers(app);
  }
}

export type { WasmFunction };
