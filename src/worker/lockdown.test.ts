import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LOCKED_GLOBALS, lockDown } from './lockdown.ts';

/** A fresh JavaScript realm, locked as the worker locks itself; this test's own realm is untouched. */
function lockedRealm(): { run(code: string): unknown } {
  const context = createContext({ fetch: () => 'network', importScripts: () => {}, postMessage: () => {} });
  const scope = runInContext('globalThis', context) as object;
  lockDown(scope);
  return { run: (code) => runInContext(code, context) };
}

describe('the worker lockdown', () => {
  it('leaves every locked name undefined, and keeps it so', () => {
    const realm = lockedRealm();
    for (const name of LOCKED_GLOBALS) expect(realm.run(`typeof globalThis.${name}`), name).toBe('undefined');
    expect(realm.run('"use strict"; try { globalThis.fetch = () => 1; } catch (e) { e.name }')).toBe(
      'TypeError',
    );
    expect(realm.run('typeof fetch')).toBe('undefined');
  });

  it('takes away every way to make code from a string, so import() cannot be smuggled in', () => {
    const realm = lockedRealm();
    for (const f of ['function () {}', 'async function () {}', 'function* () {}', 'async function* () {}'])
      expect(realm.run(`typeof (${f}).constructor`), f).toBe('undefined');
    expect(realm.run('typeof Reflect.getPrototypeOf(() => 0).constructor')).toBe('undefined');
    // Plain code still runs: closures, promises, classes.
    expect(realm.run('class A { x() { return [1, 2].map((n) => n * 2); } } new A().x().join()')).toBe('2,4');
  });
});
