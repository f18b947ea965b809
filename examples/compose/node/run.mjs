// node run.mjs TRANSPILED_DIR: runs the composed component transpiled by `jco transpile` (with
// example:compose/journal@0.1.0 mapped to journal.js) and prints what the journal logged and the report, as examples/compose/Scenario.cs does.
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2]);
const { app } = await import(pathToFileURL(join(dir, 'composed.js')).href);
const { log } = await import('./journal.js');
const input = 'compose 3 wörlds  in 12 steps';
const report = app.run(input);
for (const line of log) console.log(line);
console.log(`tokens: ${report.tokens.join(', ')}`);
console.log(`stats: ${report.stats}`);
console.log(`buffer: ${report.buffer}`);
console.log(`account: ${report.account}`);
for (const line of report.recorded) console.log(`recorded: ${line}`);
