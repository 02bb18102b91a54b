/**
 * The schema snapshots' persistent map against `Map` itself: the same entries in the same order after any sequence
 * of sets and deletes, and forks that never see each other's writes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { PersistentMap } from '../../server/src/util/persistentMap';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'fork'; keepOrigin: boolean };

// Few distinct keys, so that sets replace and deletes hit; some long ones to exercise deeper trie levels.
const key = fc.oneof(fc.constantFrom('a', 'b', 'public.items', 'public.users', ''), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 5000 }).map((n) => `public.t${n}`));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fork' as const), keepOrigin: fc.boolean() }) },
);

function assertSame(actual: PersistentMap<number>, expected: Map<string, number>): void {
  assert.equal(actual.size, expected.size);
  assert.deepEqual([...actual], [...expected]);
  assert.deepEqual([...actual.keys()], [...expected.keys()]);
  for (const [k, v] of expected) {
    assert.equal(actual.get(k), v);
    assert.equal(actual.has(k), true);
  }
}

describe('PersistentMap', () => {
  test('behaves as Map, in insertion order, through sets, replaces and deletes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const actual = new PersistentMap<number>();
        const expected = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            actual.set(o.key, o.value);
            expected.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            assert.equal(actual.delete(o.key), expected.delete(o.key));
          }
          assert.equal(actual.get(o.kind === 'fork' ? '' : o.key), expected.get(o.kind === 'fork' ? '' : o.key));
        }
        assertSame(actual, expected);
      }),
      { numRuns: 300 },
    );
  });

  test('a fork and its origin never see each other’s writes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        // Every fork is kept with the Map it should equal, and checked at the end: later writes must not leak back.
        const snapshots: [PersistentMap<number>, Map<string, number>][] = [];
        let actual = new PersistentMap<number>();
        let expected = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            actual.set(o.key, o.value);
            expected.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            actual.delete(o.key);
            expected.delete(o.key);
          } else {
            // Go on writing to either side: the other one is kept and must stay as it is now.
            const fork = actual.fork();
            if (o.keepOrigin) snapshots.push([fork, new Map(expected)]);
            else {
              snapshots.push([actual, new Map(expected)]);
              actual = fork;
            }
            expected = new Map(expected);
          }
        }
        for (const [snapshot, contents] of snapshots) assertSame(snapshot, contents);
        assertSame(actual, expected);
      }),
      { numRuns: 300 },
    );
  });

  test('thousands of keys: lookups, order, and a fork that shares its nodes until written', () => {
    const map = new PersistentMap<number>();
    for (let i = 0; i < 20_000; i++) map.set(`public.t${i}`, i);
    const fork = map.fork();
    assert.equal(fork.sharesRootWith(map), true);
    fork.set('public.t5', -5);
    assert.equal(fork.sharesRootWith(map), false);
    assert.equal(map.get('public.t5'), 5);
    assert.equal(fork.get('public.t5'), -5);
    assert.deepEqual([...map.keys()].slice(0, 3), ['public.t0', 'public.t1', 'public.t2']);
    assert.equal([...fork.values()][5], -5, 'a replaced key keeps its place');
    for (let i = 0; i < 20_000; i += 2) fork.delete(`public.t${i}`);
    assert.equal(fork.size, 10_000);
    assert.equal(map.size, 20_000);
    assert.equal(fork.get('public.t7'), 7);
    assert.equal(fork.has('public.t8'), false);
  });
});
