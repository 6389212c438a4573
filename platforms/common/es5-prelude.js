/* wamr-ts ES5 prelude: the few ES2015 built-ins the runtime uses, for ES5
   engines such as Duktape 2 (prepended to embedded.es5.js by the build),
   and Object.values (ES2017).
   Each is defined only when the engine lacks it. */
(function (G) {
  if (typeof Math.fround !== "function") {
    var f32 = new Float32Array(1);
    Math.fround = function (x) { f32[0] = x; return f32[0]; };
  }
  function MapP() { this._k = []; this._v = []; this.size = 0; }
  MapP.prototype.get = function (k) { var i = this._k.indexOf(k); return i < 0 ? undefined : this._v[i]; };
  MapP.prototype.has = function (k) { return this._k.indexOf(k) >= 0; };
  MapP.prototype.set = function (k, v) { var i = this._k.indexOf(k); if (i < 0) { this._k.push(k); this._v.push(v); this.size++; } else this._v[i] = v; return this; };
  MapP.prototype["delete"] = function (k) { var i = this._k.indexOf(k); if (i < 0) return false; this._k.splice(i, 1); this._v.splice(i, 1); this.size--; return true; };
  MapP.prototype.forEach = function (f, t) { for (var i = 0; i < this._k.length; i++) f.call(t, this._v[i], this._k[i], this); };
  MapP.prototype.clear = function () { this._k = []; this._v = []; this.size = 0; };
  if (typeof G.Map !== "function") G.Map = MapP;
  if (typeof G.Set !== "function") {
    var SetP = function () { this._k = []; this.size = 0; };
    SetP.prototype.has = function (k) { return this._k.indexOf(k) >= 0; };
    SetP.prototype.add = function (k) { if (this._k.indexOf(k) < 0) { this._k.push(k); this.size++; } return this; };
    SetP.prototype["delete"] = function (k) { var i = this._k.indexOf(k); if (i < 0) return false; this._k.splice(i, 1); this.size--; return true; };
    G.Set = SetP;
  }
  function fill(v, s, e) {
    var n = this.length; s = s === undefined ? 0 : s < 0 ? Math.max(n + s, 0) : Math.min(s, n);
    e = e === undefined ? n : e < 0 ? Math.max(n + e, 0) : Math.min(e, n);
    for (var i = s; i < e; i++) this[i] = v;
    return this;
  }
  function indexOf(v, s) { for (var i = s === undefined ? 0 : s < 0 ? Math.max(this.length + s, 0) : s; i < this.length; i++) if (this[i] === v) return i; return -1; }
  function slice(s, e) { var n = this.length; s = s === undefined ? 0 : s < 0 ? Math.max(n + s, 0) : Math.min(s, n); e = e === undefined ? n : e < 0 ? Math.max(n + e, 0) : Math.min(e, n); var r = new this.constructor(Math.max(e - s, 0)); for (var i = s; i < e; i++) r[i - s] = this[i]; return r; }
  if (!Array.prototype.fill) Array.prototype.fill = fill;
  if (!Object.values) Object.values = function (o) { return Object.keys(o).map(function (k) { return o[k]; }); };
  if (!Array.from) Array.from = function (a, f) { var r = []; for (var i = 0; i < a.length; i++) r.push(f ? f(a[i], i) : a[i]); return r; };
  var T = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array"];
  for (var t = 0; t < T.length; t++) {
    var C = G[T[t]];
    if (!C) continue;
    if (!C.prototype.fill) C.prototype.fill = fill;
    if (!C.prototype.indexOf) C.prototype.indexOf = indexOf;
    if (!C.prototype.slice) C.prototype.slice = slice;
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
