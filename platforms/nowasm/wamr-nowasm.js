/*
 * wamr-ts on any JavaScript host without WebAssembly (node --jitless, QuickJS,
 * Duktape, d8 --jitless, XS, Hermes, ...): the Host of platforms/common/host.ts
 * from whatever the engine offers. The embedded bundles carry the JavaScript
 * form of the core (wasm2js: build/<preset>/core.mjs) and nothing else, so
 * this adapter never needs WebAssembly; hosts that have it should use the
 * node.mjs bundle or Runtime.create with core.wasm, which is faster.
 * Load the bundle first (embedded.js for ES2015 engines, embedded.es5.js for
 * ES5 ones), then this file (global `WamrNowasm`).
 *
 *   modules   env.readModule(name), else Node's fs, d8's readbuffer, QuickJS's std.loadFile... (first found)
 *   output    env.write(text), else process.stdout.write, else print/console.log one line per call
 *   errors    env.writeErr(text); else, when env gives no write or log, process.stderr.write,
 *             QuickJS's std.err or d8's printErr (one line per call); else the output
 *             (the guest's fd 2, and traps: `Exception: ...` and the backtrace, as iwasm prints them)
 *   clock     Date.now()
 *
 *   WamrNowasm.run("hello.wasm", { args: ["hello.wasm"] })   -> exit status
 *   WamrNowasm.start("reactor.wasm").callText("fib", [20])     -> "0x1a6d:i32"
 *
 * `env` (the optional last argument) replaces the globals: { readModule, write, writeErr, log }.
 */
var WamrNowasm = (function (G) {
  function reader(env) {
    if (env && env.readModule) return env.readModule;
    if (typeof require === "function") {
      var fs = require("fs");
      return function (name) { return new Uint8Array(fs.readFileSync(name)); };
    }
    if (typeof readbuffer === "function") return function (name) { return new Uint8Array(readbuffer(name)); };
    if (G.std && G.std.open) return function (name) { // QuickJS with its std module as a global (qjs --std)
      var f = G.std.open(name, "rb");
      if (!f) throw new Error("cannot open " + name);
      f.seek(0, G.std.SEEK_END); var n = f.tell(); f.seek(0, G.std.SEEK_SET);
      var b = new Uint8Array(n); f.read(b.buffer, 0, n); f.close();
      return b;
    };
    return function () { throw new Error("no file API on this host: pass env.readModule"); };
  }

  /** The Host. */
  function host(env) {
    var write = env && env.write;
    var flush = function () {};
    if (!write && typeof process === "object" && process.stdout && process.stdout.write) write = function (s) { process.stdout.write(s); };
    if (!write) {
      var log = (env && env.log) || (typeof print === "function" ? print : function (l) { console.log(l); });
      var lw = WamrTs.lineWriter(log);
      write = lw.write;
      flush = lw.flush;
    }
    // errors: env.writeErr; else, unless env gave the output (then errors go there too), the engine's stderr
    var writeErr = env && env.writeErr;
    var own = env && (env.write || env.log);
    if (!writeErr && !own && typeof process === "object" && process.stderr && process.stderr.write) writeErr = function (s) { process.stderr.write(s); };
    if (!writeErr && !own && G.std && G.std.err) writeErr = function (s) { G.std.err.puts(s); };
    if (!writeErr && !own && typeof printErr === "function") {
      var ew = WamrTs.lineWriter(printErr);
      writeErr = ew.write;
      var flushOut = flush;
      flush = function () { flushOut(); ew.flush(); };
    }
    var h = { readModule: reader(env), print: write, flush: flush, now: function () { return Date.now(); } };
    if (writeErr) h.printErr = writeErr;
    return h;
  }

  function run(name, options, env) {
    var h = host(env);
    try { return WamrTs.run(h, name, options || {}); } finally { h.flush(); }
  }

  function start(name, options, env) { return WamrTs.start(host(env), name, options || {}); }

  return { host: host, run: run, start: start };
})(typeof globalThis !== "undefined" ? globalThis : this);
