// The guest side of test:logger/logger@0.1.0: console.log reaches the host's stdout through wasi:cli/stdout,
// Date.now through wasi:clocks/wall-clock, Math.random through wasi:random.
export const logger = {
  greet(name) {
    const greeting = `hello, ${name}`;
    console.log(greeting);
    console.error(`logged ${greeting.length} characters`);
    return greeting;
  },
  nowMillis: () => Date.now(),
  randoms: count => Array.from({ length: count }, () => Math.random()),
};
