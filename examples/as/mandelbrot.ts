// mandelbrot.ts - renders the Mandelbrot set as ASCII art (f64 arithmetic).
//
//   mandelbrot [WIDTH [HEIGHT [MAXITER]]]      defaults: 72 28 256
//
// Row y (0..HEIGHT-1), column x (0..WIDTH-1) samples the point
//   cr = -2.2 + 3.0 * x / WIDTH,  ci = -1.2 + 2.4 * y / HEIGHT
// and iterates z = z^2 + c up to MAXITER times while |z|^2 <= 4.  A point
// that never escapes prints '@'; otherwise the character is
// " .:-=+*#%"[min(8, floor(log2(iterations)))].  After the picture comes a
// line "points inside: N of W*H, iterations: I" (I = total iterations done).
//
// Expected output (defaults): a 72x28 picture of the set, then
//   points inside: 442 of 2016, iterations: 122454
// (tests/unit/examples.test.mjs recomputes the whole output in JavaScript).
// Exit status 0; 2 when an argument is not a positive number.
import { print, printErr, exit, args } from "./wasi";

const PALETTE = " .:-=+*#%";

function argOr(argv: string[], index: i32, fallback: i32): i32 {
  if (argv.length <= index) return fallback;
  const v = I32.parseInt(argv[index]);
  if (v <= 0) {
    printErr("mandelbrot: bad argument '" + argv[index] + "'\nusage: mandelbrot [WIDTH [HEIGHT [MAXITER]]]\n");
    exit(2);
  }
  return v;
}

function render(width: i32, height: i32, maxIter: i32): void {
  let inside = 0;
  let total: i64 = 0;
  for (let y = 0; y < height; y++) {
    const ci = -1.2 + 2.4 * <f64>y / <f64>height;
    let row = "";
    for (let x = 0; x < width; x++) {
      const cr = -2.2 + 3.0 * <f64>x / <f64>width;
      let zr = 0.0, zi = 0.0;
      let n = 0;
      while (n < maxIter) {
        const zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        n++;
      }
      total += n;
      if (n == maxIter) {
        inside++;
        row += "@";
      } else {
        // floor(log2(n)) for n >= 1; n == 0 cannot happen since |c| <= 4 here.
        const bucket = n == 0 ? 0 : 31 - clz<i32>(n);
        row += PALETTE.charAt(min(8, bucket));
      }
    }
    print(row + "\n");
  }
  print("points inside: " + inside.toString() + " of " + (width * height).toString() +
    ", iterations: " + total.toString() + "\n");
}

const argv = args();
render(argOr(argv, 1, 72), argOr(argv, 2, 28), argOr(argv, 3, 256));
