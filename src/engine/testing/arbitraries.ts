/**
 * fast-check arbitraries for whole runs: a random topology (2–6 nodes, a random subset of directed
 * links), network, clocks, behaviour knobs and intervention schedule. Times are often whole numbers
 * so that events tie and the engine's tie-breaking is exercised.
 */
import fc from 'fast-check';
import type { ClockSpec, Intervention, LinkProps, LinkSpec } from '../types.ts';
import type { PeerSpec, RandomScenario } from './random-scenario.ts';

export interface RandomRun {
  spec: RandomScenario;
  seed: number;
  interventions: Intervention[];
  durationMs: number;
}

/** A time or duration: whole milliseconds half the time, so that events fall on the same instant. */
export const ms = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
  );

const probability = (max: number): fc.Arbitrary<number> =>
  fc.oneof(fc.constant(0), fc.double({ min: 0, max, noNaN: true }));

export const linkProps: fc.Arbitrary<LinkProps> = fc.record({
  latencyMs: ms(0.5, 30),
  jitterMs: fc.oneof(fc.constant(0), ms(0, 30)),
  loss: probability(0.4),
  duplicate: probability(0.3),
});

export const clockSpec: fc.Arbitrary<ClockSpec> = fc.record(
  {
    offsetMs: ms(-500, 500),
    driftPpm: fc.integer({ min: -1000, max: 1000 }),
    resync: fc.record({ everyMs: ms(50, 400), errorMs: ms(0, 10) }),
  },
  { requiredKeys: [] },
);

function peerSpec(name: string): fc.Arbitrary<PeerSpec> {
  return fc.record({
    name: fc.constant(name),
    clock: clockSpec,
    gossipEveryMs: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: ms(10, 150) }),
    forward: fc.double({ min: 0, max: 0.8, noNaN: true }),
    maxHops: fc.integer({ min: 0, max: 3 }),
    callEveryMs: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: ms(10, 200) }),
    deadlineMs: ms(10, 200),
    retry: fc.double({ min: 0, max: 1, noNaN: true }),
    serve: fc.record({
      error: probability(0.3),
      silent: probability(0.2),
      late: probability(0.4),
      lateMsMax: ms(1, 300),
    }),
  });
}

export const nodeNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i}`);

/** Every directed pair, or a random non-empty subset of them, some with their own props. */
function links(names: string[]): fc.Arbitrary<LinkSpec[] | undefined> {
  const pairs = names.flatMap((from) => names.filter((to) => to !== from).map((to) => ({ from, to })));
  const override = fc.record(
    { latencyMs: ms(0.5, 30), jitterMs: ms(0, 30), loss: probability(0.4), duplicate: probability(0.3) },
    { requiredKeys: [] },
  );
  const subset = fc
    .subarray(pairs, { minLength: 1 })
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((pair) => fc.option(override, { nil: undefined }).map((o) => ({ ...pair, ...o }))),
      ),
    );
  return fc.oneof(fc.constant(undefined), subset);
}

export const randomScenario = (
  nodeCount: fc.Arbitrary<number> = fc.integer({ min: 2, max: 6 }),
): fc.Arbitrary<RandomScenario> =>
  nodeCount
    .chain((n) => {
      const names = nodeNames(n);
      return fc.record({
        peers: fc.tuple(...names.map(peerSpec)),
        network: linkProps,
        links: links(names),
      });
    })
    .map(({ links, ...rest }) => (links === undefined ? rest : { ...rest, links }));

/** One intervention at a time in [0, durationMs] on the given nodes. */
export function intervention(names: string[], durationMs: number): fc.Arbitrary<Intervention> {
  const at = ms(0, durationMs);
  const node = fc.constantFrom(...names);
  const pair = fc
    .tuple(node, node)
    .filter(([a, b]) => a !== b)
    .map(([from, to]) => ({ from, to }));
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ at, kind: fc.constantFrom('crash' as const, 'recover' as const), node }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ at, kind: fc.constantFrom('pause' as const, 'resume' as const), node }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        at,
        kind: fc.constant('slow' as const),
        node,
        factor: fc.double({ min: 0.25, max: 4, noNaN: true }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc
        .record({
          at,
          kind: fc.constantFrom('partition' as const, 'heal' as const),
          pair,
          oneWay: fc.boolean(),
        })
        .map(({ pair, ...rest }) => ({ ...rest, ...pair })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ at, kind: fc.constant('drop-next' as const), pair })
        .map(({ pair, ...rest }) => ({ ...rest, ...pair })),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          at,
          kind: fc.constant('skew' as const),
          node,
          offsetMs: ms(-200, 200),
          driftPpm: fc.integer({ min: -1000, max: 1000 }),
        },
        { requiredKeys: ['at', 'kind', 'node'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.record({
          at,
          kind: fc.constant('set-param' as const),
          name: fc.constant('loss'),
          value: probability(0.5),
        }),
        fc.record({
          at,
          kind: fc.constant('set-param' as const),
          name: fc.constant('latencyMs'),
          value: ms(0.5, 40),
        }),
      ),
    },
  );
}

/**
 * One intervention, or a fault and its repair (crash then recover, pause then resume, partition then
 * heal) a random while later: unpaired repairs rarely meet their fault, so runs would seldom show one.
 */
export function episode(names: string[], durationMs: number): fc.Arbitrary<Intervention[]> {
  const single = intervention(names, durationMs).map((iv) => [iv]);
  const repair = { crash: 'recover', pause: 'resume', partition: 'heal' } as const;
  const paired = fc
    .tuple(intervention(names, durationMs), ms(0, durationMs / 2))
    .filter(([iv]) => iv.kind === 'crash' || iv.kind === 'pause' || iv.kind === 'partition')
    .map(([iv, afterMs]) => {
      const fixed = {
        ...iv,
        at: iv.at + afterMs,
        kind: repair[iv.kind as keyof typeof repair],
      } as Intervention;
      return [iv, fixed];
    });
  return fc.oneof(single, paired);
}

export const interventions = (
  names: string[],
  durationMs: number,
  maxEpisodes = 8,
): fc.Arbitrary<Intervention[]> =>
  fc.array(episode(names, durationMs), { maxLength: maxEpisodes }).map((episodes) => episodes.flat());

export const seed = fc.integer({ min: 0, max: 0xffffffff });

/** A whole run: scenario, seed, interventions and how long to run it. */
export const randomRun = (
  options: { maxDurationMs?: number; maxEpisodes?: number } = {},
): fc.Arbitrary<RandomRun> =>
  fc
    .record({ spec: randomScenario(), seed, durationMs: ms(200, options.maxDurationMs ?? 2000) })
    .chain(({ spec, seed, durationMs }) =>
      interventions(
        spec.peers.map((p) => p.name),
        durationMs,
        options.maxEpisodes,
      ).map((ivs) => ({ spec, seed, durationMs, interventions: ivs })),
    );

/**
 * Names that reach lookups from outside (parameters, lesson ids, node names, kinds, message types).
 * These four find Object.prototype's members when a lookup is not an own-property check or a Map.
 */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;

/** A name from outside: often one of PROTOTYPE_NAMES, otherwise any short string. */
export const outsideName: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES, 'valueOf', 'isPrototypeOf') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
