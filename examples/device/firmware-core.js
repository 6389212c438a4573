/*
 * The device firmware's core: installs, updates, messages and removes
 * application modules through the wamr-ts module manager, and offers them a
 * (simulated) board. Host-agnostic plain ES5 script: the same text runs on
 * Node (firmware.mjs, the thin shell behind `npm run device`) and on boards
 * after an embedded bundle (Espruino, Duktape, QuickJS, JerryScript...); it
 * uses no module system, Promise, BigInt, eval, TextEncoder or timers of its
 * own, only what it is given. Evaluating it defines one global,
 * `DeviceFirmware`. See docs/embedded.md, "Firmware with the module manager".
 *
 *   var fw = DeviceFirmware.create(WamrTs, host, options);
 *
 * `WamrTs`: the bundle's global, or on Node any object with the same two
 * members: `ModuleManager` (core/manager.ts) and `createCore` (a synchronous
 * core loader: the JS core's createCore, or Node's preloadCore()).
 *
 * `host`, what the firmware needs from the board:
 *   log(line)                   one line of console output (no newline)
 *   millis()                    milliseconds since boot
 *   setTimer(fn, ms, repeat)    a timer (repeating when `repeat`); returns a handle
 *   clearTimer(handle)
 *   board (optional)            the hardware: gpioWrite(pin, value), gpioRead(pin),
 *                               sensorRead(channel); default: the simulated
 *                               board below (pins, and a room whose temperature
 *                               rises while the heater on pin 5 is on)
 *
 * `options`: { limits } for every module (default 4 pages of memory, a 32 KiB
 * value stack, 2,000,000 instructions per entry-point call).
 *
 * What the firmware does (each step logs a line `[  1.23s] ...`):
 *   fw.load(name, bytes)       install, or replace the running version
 *                              atomically (a bad update is refused: the old one keeps serving)
 *   fw.remove(name)            uninstall
 *   fw.message(name, bytes)    deliver a message to the module's on_message
 *   fw.installed(name)         whether `name` is installed
 *   fw.say(line)               log a line with the time stamp
 *   fw.manager, fw.board       the ModuleManager and the board in use
 *   fw.status()                one line per module: state, messages, pages
 *   fw.stop()                  uninstall everything, stop the board
 *   fw.demo(done)              the scripted demo of `npm run device` (about
 *                              2.5 s of the host's timers), then stop and done()
 *   DeviceFirmware.text(s)     an ASCII string as bytes (messages)
 *
 * Native symbols for modules (import module "device"), besides the manager's
 * "wamr" module (send, log, timer_start, timer_stop):
 *   gpio_write(pin: i32, value: i32)    "(ii)"
 *   gpio_read(pin: i32): i32            "(i)i"
 *   sensor_read(channel: i32): f64      "(i)F"   channel 0: temperature (deg C)
 *   millis(): i32                       "()i"    time since boot
 */
(function (G) {
  "use strict";

  var HEATER_PIN = 5;

  /** ASCII text to bytes (messages are ASCII here; hosts may lack TextEncoder). */
  function text(s) {
    var b = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
    return b;
  }

  /** Bytes to text, one character per byte (the apps send ASCII). */
  function str(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }

  function pad(s, n) {
    while (s.length < n) s = " " + s;
    return s;
  }

  /**
   * The simulated board: GPIO pins (a change is logged) and temperature
   * sensor 0, a room at 19.0 deg C that warms by 0.25 deg per 50 ms while
   * the heater on pin 5 is on and cools by 0.15 otherwise.
   */
  function simulatedBoard(host, say) {
    var pins = {};
    var temperature = 19.0;
    var tick = host.setTimer(function () { temperature += pins[HEATER_PIN] ? 0.25 : -0.15; }, 50, true);
    return {
      gpioWrite: function (pin, value) {
        var v = value ? 1 : 0;
        if (pins[pin] !== v) say("gpio " + pin + " -> " + v);
        pins[pin] = v;
      },
      gpioRead: function (pin) { return pins[pin] || 0; },
      sensorRead: function (channel) { return channel === 0 ? temperature : 0; },
      stop: function () { host.clearTimer(tick); },
    };
  }

  function create(wamr, host, options) {
    options = options || {};
    var say = function (line) { host.log("[" + pad((host.millis() / 1000).toFixed(2), 6) + "s] " + line); };
    var board = host.board || simulatedBoard(host, say);
    var device = [
      { name: "gpio_write", signature: "(ii)", fn: function (env, pin, value) { board.gpioWrite(pin, value); } },
      { name: "gpio_read", signature: "(i)i", fn: function (env, pin) { return board.gpioRead(pin); } },
      { name: "sensor_read", signature: "(i)F", fn: function (env, channel) { return board.sensorRead(channel); } },
      { name: "millis", signature: "()i", fn: function () { return host.millis() | 0; } },
    ];
    var limits = options.limits || { memoryPages: 4, stackSize: 32 << 10, fuel: 2000000 };
    var manager = new wamr.ModuleManager({
      loadCore: wamr.createCore,
      defaults: limits,
      timers: { start: function (fn, ms, repeat) { return host.setTimer(fn, ms, repeat); }, stop: function (h) { host.clearTimer(h); } },
      onMessage: function (from, data) { say(from + " says: " + str(data)); },
      onLog: function (from, line) { say(from + ": " + line); },
    });

    var fw = {
      manager: manager,
      board: board,
      say: say,
      installed: function (name) {
        var list = manager.list();
        for (var i = 0; i < list.length; i++) if (list[i].name === name) return true;
        return false;
      },
      load: function (name, bytes) {
        var update = fw.installed(name);
        try {
          var info = update ? manager.replaceSync(name, bytes, { natives: { device: device } }) : manager.installSync(name, bytes, { natives: { device: device } });
          say((update ? "replaced " : "installed ") + name + " (" + info.size + " bytes, entry points: " + info.entryPoints.join(", ") + ")");
          return true;
        } catch (e) {
          if (update) say("update refused: " + e.message + "; " + name + " keeps running (version " + manager.query(name).version + ")");
          else say(e.message);
          return false;
        }
      },
      remove: function (name) {
        if (!fw.installed(name)) return;
        manager.uninstall(name);
        say("uninstalled " + name);
      },
      message: function (name, bytes) {
        try {
          if (manager.send(name, bytes)) say("message to " + name + ": " + str(bytes).replace(/\s+$/, ""));
          else say(name + " takes no messages (no on_message)");
        } catch (e) {
          say(e.message);
        }
      },
      status: function () {
        var list = manager.list();
        for (var i = 0; i < list.length; i++) {
          var m = list[i];
          say(m.name + ": " + m.state + ", " + m.messagesIn + " in, " + m.messagesOut + " out, " + m.memoryPages + " pages");
        }
      },
      stop: function () {
        var list = manager.list();
        for (var i = 0; i < list.length; i++) manager.uninstall(list[i].name);
        if (board.stop) board.stop();
        say("firmware stopped");
      },
      /** The scripted demo: messages after 1 s, a corrupt update of blink after 2 s, status and stop at 2.5 s. */
      demo: function (done) {
        host.setTimer(function () {
          fw.message("thermostat", text("target=23"));
          fw.message("blink", text("period=100"));
          host.setTimer(function () {
            // a truncated module: refused while loading, the old blink keeps blinking
            fw.load("blink", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9]));
            host.setTimer(function () {
              fw.status();
              fw.stop();
              if (done) done();
            }, 500, false);
          }, 1000, false);
        }, 1000, false);
      },
    };
    return fw;
  }

  G.DeviceFirmware = { create: create, text: text, simulatedBoard: simulatedBoard };
})(typeof globalThis !== "undefined" ? globalThis : this);
