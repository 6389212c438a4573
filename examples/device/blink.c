/*
 * blink: toggles GPIO pin 13 from a repeating timer (a module for the device
 * simulator, built without wasi-libc: it uses only the firmware's native
 * symbols). Its period comes from a message: "period=MS".
 */
#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("device", "gpio_write") void gpio_write(int pin, int value);
IMPORT("wamr", "timer_start") void timer_start(int id, int ms, int repeat);
IMPORT("wamr", "log") void wamr_log(const char *line);

static int state;
static char inbox[64];

EXPORT("on_init") void on_init(void) {
  wamr_log("started, period 200 ms");
  timer_start(1, 200, 1);
}

EXPORT("on_timer") void on_timer(int id) {
  (void)id;
  state = !state;
  gpio_write(13, state);
}

EXPORT("wamr_msg_buffer") char *wamr_msg_buffer(int len) { return len <= (int)sizeof inbox ? inbox : 0; }

EXPORT("on_message") void on_message(const char *msg, int len) {
  /* "period=MS" */
  static const char key[] = "period=";
  int i = 0, ms = 0;
  for (; i < 7; i++) if (i >= len || msg[i] != key[i]) return;
  for (; i < len && msg[i] >= '0' && msg[i] <= '9'; i++) ms = ms * 10 + (msg[i] - '0');
  if (ms > 0) { timer_start(1, ms, 1); wamr_log("new period"); }
}

EXPORT("on_destroy") void on_destroy(void) { gpio_write(13, 0); wamr_log("stopped"); }
