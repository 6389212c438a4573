/*
 * wamr-ts on Zephyr boards running a JerryScript-based JavaScript runtime
 * (Zephyr.js / ZJS and similar): the Host of platforms/common/host.ts over
 * that host's APIs. Load the embedded bundle (build/<preset>/embedded.es5.js,
 * global `WamrTs`; JerryScript is ES5.1) first, then this file (global
 * `WamrZephyr`). docs/embedded.md says how to put them and a module on a board.
 *
 *   modules   require("fs").readFileSync(name) (a file system on the board), or,
 *             without one, env.modules: { "name.wasm": bytes } (bytes put into
 *             the script, e.g. by tools that turn a .wasm into a JS array)
 *   output    console.log, one call per line
 *   clock     Date.now(); require("performance").now() when present (monotonic)
 *   random    Math.random
 *   timers    setInterval / clearInterval (WamrZephyr.every)
 *
 *   WamrZephyr.run("/hello.wasm", { args: ["hello.wasm"] })        -> exit status
 *   var t = WamrZephyr.every(1000, "/reactor.wasm", "fib", function (n) { return [n]; });
 *
 * Every function takes an optional last argument `env` replacing what it
 * would take from the globals: { fs, modules, console, performance,
 * setInterval, clearInterval } (the tests run this file against fakes).
 */
var WamrZephyr = (function () {
  function g(env, name, fallback) { return env && env[name] !== undefined ? env[name] : fallback(); }
  function tryRequire(name) { try { return typeof require === "function" ? require(name) : undefined; } catch (e) { return undefined; } }

  function toBytes(b) {
    if (b instanceof Uint8Array) return b;
    var u = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) u[i] = b[i];
    return u;
  }

  /** The Host: modules from env.modules or the file system, output to the console. */
  function host(env) {
    var modules = g(env, "modules", function () { return {}; });
    var fs = g(env, "fs", function () { return tryRequire("fs"); });
    var con = g(env, "console", function () { return console; });
    var perf = g(env, "performance", function () { return tryRequire("performance"); });
    var out = WamrTs.lineWriter(function (line) { con.log(line); });
    function read(name) {
      if (modules[name]) return toBytes(modules[name]);
      if (fs && fs.existsSync && !fs.existsSync(name)) return undefined;
      try { return fs ? toBytes(fs.readFileSync(name)) : undefined; } catch (e) { return undefined; }
    }
    var h = {
      readModule: function (name) {
        var b = read(name);
        if (!b) throw new Error("no module \"" + name + "\" (env.modules or the file system)");
        return b;
      },
      print: out.write,
      flush: out.flush,
      now: function () { return Date.now(); },
      readFile: read
    };
    if (perf && perf.now) h.monotonic = function () { return perf.now(); };
    return h;
  }

  /** Run module `name` (its `_start`, or options.invoke): the exit status. */
  function run(name, options, env) {
    var h = host(env);
    try { return WamrTs.run(h, name, options || {}); } finally { h.flush(); }
  }

  /** As WamrEspruino.every: call export `fn` every `ms` ms, logging results; a trap stops it. */
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
