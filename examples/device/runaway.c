/*
 * runaway: a buggy module for the device simulator, to show the fuel limit
 * (not in apps/: copy extra/runaway.wasm there to try it). It logs each
 * timer tick and on the third one loops forever; the firmware's manager
 * stops that call when it has used its fuel (instructions per entry-point
 * call), marks the module faulted and stops its timers, while the other
 * modules keep running; later messages to it are refused.
 */
#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("wamr", "timer_start") void timer_start(int id, int ms, int repeat);
IMPORT("wamr", "log") void wamr_log(const char *line);

static int ticks;
static volatile int spins;
static char inbox[16];

EXPORT("on_init") void on_init(void) {
  wamr_log("started, ticking every 150 ms");
  timer_start(1, 150, 1);
}

EXPORT("on_timer") void on_timer(int id) {
  (void)id;
  if (++ticks < 3) { wamr_log("tick"); return; }
  wamr_log("tick: now looping forever");
  for (;;) spins++;
}

EXPORT("wamr_msg_buffer") char *wamr_msg_buffer(int len) { return len <= (int)sizeof inbox ? inbox : 0; }

EXPORT("on_message") void on_message(const char *msg, int len) { (void)msg; (void)len; wamr_log("message"); }
