/*
 * wamr-ts on Espruino: the Host of platforms/common/host.ts over Espruino's
 * APIs. Load the embedded bundle (build/<preset>/embedded.es5.js, global
 * `WamrTs`) first, then this file (global `WamrEspruino`). docs/embedded.md
 * says how to put both and a module on a board.
 *
 *   modules   require("Storage").readArrayBuffer(name)   (upload .wasm files to Storage)
 *   output    console.log, one call per line
 *   clock     Date.now(); getTime() (seconds) for the monotonic clock
 *   random    E.hwRand() when present, else Math.random
 *   timers    setInterval / clearInterval (WamrEspruino.every)
 *
 *   WamrEspruino.run("hello.wasm", { args: ["hello.wasm", "a"] })    -> exit status
 *   var t = WamrEspruino.every(1000, "reactor.wasm", "fib", function (n) { return [n]; });
 *   t.stop();
 *
 * Every function takes an optional last argument `env` replacing the globals
 * it uses: { storage, console, setInterval, clearInterval } (the tests run
 * this file against fakes).
 */
var WamrEspruino = (function () {
  function g(env, name, fallback) { return env && env[name] !== undefined ? env[name] : fallback(); }

  /** The Host: modules and files from Storage, output to the console. */
  function host(env) {
    var storage = g(env, "storage", function () { return require("Storage"); });
    var con = g(env, "console", function () { return console; });
    var out = WamrTs.lineWriter(function (line) { con.log(line); });
    function read(name) {
      var ab = storage.readArrayBuffer(name);
      return ab === undefined ? undefined : new Uint8Array(ab);
    }
    var h = {
      readModule: function (name) {
        var b = read(name);
        if (!b) throw new Error("no file \"" + name + "\" in Storage");
        return b;
      },
      print: out.write,
      flush: out.flush,
      now: function () { return Date.now(); },
      readFile: read
    };
    if (typeof getTime === "function") h.monotonic = function () { return getTime() * 1000; };
    if (typeof E !== "undefined" && E.hwRand) h.random = function (buf) { for (var i = 0; i < buf.length; i++) buf[i] = E.hwRand() & 255; };
    return h;
  }

  /** Run module `name` (its `_start`, or options.invoke): the exit status. */
  function run(name, options, env) {
    var h = host(env);
    try { return WamrTs.run(h, name, options || {}); } finally { h.flush(); }
  }

  /**
   * Load module `name` and call its export `fn` every `ms` milliseconds with
   * the arguments `args(n)` for the n-th call (or the array `args`), logging
   * "fn(args) = result". A trap stops the timer. Returns { module, stop() }.
   */
  function every(ms, name, fn, args, env) {
    var h = host(env);
    var con = g(env, "console", function () { return console; });
    var setI = g(env, "setInterval", function () { return setInterval; });
    var clearI = g(env, "clearInterval", function () { return clearInterval; });
    var m = WamrTs.start(h, name, {});
    var n = 0, id;
    function stop() { if (id !== undefined) { clearI(id); id = undefined; m.stop(); } }
    id = setI(function () {
      var a = typeof args === "function" ? args(n++) : (args || []);
      try { con.log(fn + "(" + a.join(", ") + ") = " + m.callText(fn, a)); }
      catch (e) { h.flush(); con.log("Exception: " + (e.reason || e.message)); stop(); }
      h.flush();
    }, ms);
    return { module: m, stop: stop };
  }

  return { host: host, run: run, every: every };
})();
