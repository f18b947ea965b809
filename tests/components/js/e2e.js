// The guest side of test:e2e/guest@0.1.0 (world js-guest): every export goes through the host's imports.
import {
  greet, reverse, words, moveAll, tag, nextColor, flip, scale, find, parse, check, swap, Store, size,
} from 'test:e2e/host@0.1.0';

// Host resources are released explicitly (the bindings' dispose symbol) rather than left to the garbage collector.
const dispose = Symbol.dispose ?? Symbol.for('dispose');

class Counter {
  #label;
  #total = 0;

  constructor(label) {
    this.#label = label;
  }

  add(n) {
    this.#total += n;
    return this.#total;
  }

  label() {
    return this.#label;
  }

  absorb(other) {
    this.#total += other.#total;
  }

  finish() {
    return `${this.#label}=${this.#total}`;
  }
}

const moved = (points, by) => points.map(p => ({ x: p.x + by.x, y: p.y + by.y }));

// A failed import returning `result` throws an error whose payload is the `err` value; rethrowing the payload makes
// it this export's `err` value.
const unwrap = f => {
  try {
    return f();
  } catch (e) {
    throw e.payload ?? e;
  }
};

export const guest = {
  Counter,

  greet: name => `${greet(name)} 👋`,

  digest: data => [data.reduce((sum, b) => sum + b, 0), reverse(data)],

  words: text => words(text).reverse(),

  shift: (points, by) => moved(moveAll(points, by), by),

  tag: it => tag(it, 'guest'),

  nextColor: c => nextColor(nextColor(c)),

  flip: p => ({ ...flip(p), read: true }),

  scale: s => scale(s, 3),

  // A nested option's outer level is a { tag } object, its inner one a value or undefined.
  find: key => (key === undefined ? { tag: 'none' } : find(key)),

  add: (a, b) => unwrap(() => parse(a)) + unwrap(() => parse(b)),

  check: pass => unwrap(() => check(pass)),

  swap: t => {
    const [n, s] = swap(t);
    return [n + 1, s];
  },

  stores: (key, value) => {
    const a = new Store('a');
    a.put(key, value);
    const b = new Store('b');
    b.put('x', 'y');
    const merged = Store.merge(a, b);
    a[dispose]();
    b[dispose]();
    const name = merged.name();
    const got = merged.get(key);
    return [name, got, size(merged)];
  },

  fill: (s, keys) => {
    for (const k of keys) s.put(k, k);
  },

  drain: s => size(s),

  finish: c => c.finish(),
};
