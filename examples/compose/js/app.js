// example:compose/app@0.1.0 (world application, examples/compose/wit/compose.wit): runs text through the C text
// tools (example:compose/text) and records what it found in the C# journal (example:compose/journal).
import { tokenize, summarize, shout, Buffer } from 'example:compose/text@0.1.0';
import { recordEntry, entries, Account, close } from 'example:compose/journal@0.1.0';

// Imported resources are released explicitly (the bindings' dispose symbol), not left to the garbage collector.
const dispose = Symbol.dispose ?? Symbol.for('dispose');

const describe = t => (t.val === undefined ? t.tag : `${t.tag}(${t.val})`);

// An import returning `result` throws for `err`, with the error value as the payload.
const attempt = f => {
  try {
    return `ok(${f()})`;
  } catch (e) {
    return `err(${e.payload ?? e})`;
  }
};

export const app = {
  run(input) {
    // string to C, list<variant> back; the variants back to C, a record with an option back.
    const tokens = tokenize(input);
    const s = summarize(tokens);
    const stats = `${s.words} words, ${s.numbers} numbers, total ${s.total}, longest ${s.longest ?? 'none'}`;

    // A C resource created, used and dropped from JavaScript.
    const buffer = new Buffer('shouted');
    for (const t of tokens) if (t.tag === 'word') buffer.push(shout(t.val));
    const rendered = buffer.render();
    buffer[dispose]();

    // C# resources created and used from JavaScript: one dropped here, one moved back to C# by `close`.
    const scratch = new Account('scratch');
    scratch.deposit(-1);
    scratch[dispose]();
    const account = new Account('js');
    for (const t of tokens) if (t.tag === 'number') account.deposit(t.val);
    const history = Array.from(account.history(), String).join(' ');
    const closed = close(account);

    // Records with an enum and a list, and results, through C#.
    const recorded = [
      attempt(() => recordEntry({ level: 'info', message: stats, tags: ['c', 'summary'], origin: { tag: 'text-tools', val: s.words } })),
      attempt(() => recordEntry({ level: 'warn', message: '', tags: [], origin: { tag: 'script' } })),
      attempt(() => recordEntry({ level: 'warn', message: rendered, tags: ['c', 'buffer', 'ünïcode'], origin: { tag: 'script' } })),
    ];
    for (const e of entries()) recorded.push(`${e.level} ${describe(e.origin)} "${e.message}" [${e.tags.join(', ')}]`);

    return { tokens: tokens.map(describe), stats, buffer: rendered, account: `${closed} (${history})`, recorded };
  },
};
