// example:compose/journal@0.1.0 for node: the same behaviour as the C# host (examples/compose/Journal.cs), so the
// composed component gives the same report under jco as under this runtime.
const entriesSoFar = [];

export const log = [];

export class Account {
  #owner;
  #balance = 0;
  #deposits = [];
  #closed = false;

  constructor(owner) {
    this.#owner = owner;
    log.push(`[c#] open account ${owner}`);
  }

  deposit(amount) {
    this.#deposits.push(amount);
    this.#balance += amount;
    return this.#balance;
  }

  history() {
    return Int32Array.from(this.#deposits);
  }

  summary() {
    return `${this.#owner}: ${this.#balance} in ${this.#deposits.length} deposits`;
  }

  [Symbol.dispose]() {
    if (this.#closed) return;
    this.#closed = true;
    log.push(`[c#] closed account ${this.#owner} at ${this.#balance}`);
  }
}

const describe = origin => (origin.tag === 'text-tools' ? `the text tools (${origin.val} words)` : 'a script');

export function recordEntry(e) {
  // jco turns an `err` into a thrown error carrying the payload.
  if (e.message.length === 0) throw { payload: `empty message from ${describe(e.origin)}` };
  entriesSoFar.push(e);
  return entriesSoFar.length;
}

export function entries() {
  return [...entriesSoFar].reverse();
}

export function close(account) {
  const summary = account.summary();
  account[Symbol.dispose]();
  return summary;
}
