// thermostat: every 100 ms reads temperature sensor 0 and switches the heater
// on GPIO pin 5 to hold the target temperature (AssemblyScript module for the
// device simulator). A message "target=NN" sets the target in degrees C.
// Reports each switch with `send`: "heater on at 19.8" / "heater off at 21.1".

@external("device", "sensor_read") declare function sensor_read(channel: i32): f64;
@external("device", "gpio_write") declare function gpio_write(pin: i32, value: i32): void;
@external("wamr", "timer_start") declare function timer_start(id: i32, ms: i32, repeat: i32): void;
@external("wamr", "send") declare function send(ptr: usize, len: i32): void;

let target: f64 = 21.0;
let heating = false;
const inbox = memory.data(64);
const outbox = memory.data(64);

export function on_init(): void {
  timer_start(1, 100, 1);
}

function put(p: usize, s: string): usize {
  for (let i = 0; i < s.length; i++) store<u8>(p + i, <u8>s.charCodeAt(i));
  return p + s.length;
}

/** Writes t with one decimal (t >= 0, < 1000). */
function putTemp(p: usize, t: f64): usize {
  let tenths = <i32>Math.round(t * 10);
  let whole = tenths / 10;
  if (whole >= 100) { store<u8>(p++, <u8>(48 + whole / 100)); }
  if (whole >= 10) { store<u8>(p++, <u8>(48 + (whole / 10) % 10)); }
  store<u8>(p++, <u8>(48 + whole % 10));
  store<u8>(p++, 46);
  store<u8>(p++, <u8>(48 + tenths % 10));
  return p;
}

export function on_timer(id: i32): void {
  let t = sensor_read(0);
  let want = t < target - 0.5 ? true : t > target + 0.5 ? false : heating;
  if (want != heating) {
    heating = want;
    gpio_write(5, heating ? 1 : 0);
    let p = put(outbox, heating ? "heater on at " : "heater off at ");
    p = putTemp(p, t);
    send(outbox, <i32>(p - outbox));
  }
}

export function wamr_msg_buffer(len: i32): usize { return len <= 64 ? inbox : 0; }

export function on_message(ptr: usize, len: i32): void {
  // "target=NN"
  if (len < 8 || load<u8>(ptr) != 116) return;
  let v = 0;
  for (let i = 7; i < len; i++) {
    let c = <i32>load<u8>(ptr + i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (v > 0 && v < 100) target = <f64>v;
}

export function on_destroy(): void { gpio_write(5, 0); }
