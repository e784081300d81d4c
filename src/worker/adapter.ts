/**
 * The simulation worker's logic, apart from the worker itself so it can be tested in Node: it runs the
 * engine ahead of what the page shows, in slices so it stays responsive to new commands, and streams
 * the trace out in chunks. Replies carry the generation of the run they belong to; a command of a
 * superseded run is ignored, and a branch posts `truncated` before any chunk of its new events.
 */
import { DEFAULT_CHECKPOINT_EVERY, Simulation } from '../engine/simulation.ts';
import type { LessonDef } from '../engine/lesson.ts';
import { MessageSpans, POSITION_STRIDE } from '../engine/spans.ts';
import type { NodeInfo } from '../engine/run-spec.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { sandboxLesson } from '../sandbox/guide.ts';

export interface WorkerHost {
  post(message: FromWorker, transfer?: Transferable[]): void;
  /** A run's lesson, fetched when a run of it first loads; undefined for an unknown id. */
  loadLesson(id: string): Promise<LessonDef | undefined>;
  /** Runs `work` soon, after commands already waiting (setTimeout 0 in the worker). */
  defer(work: () => void): void;
}

const SLICE_EVENTS = 5_000; // events per slice between checks for new commands
const CHUNK_EVENTS = 2_000; // events per posted chunk

/** The worker's message handler; the promise settles once this command has been handled. */
export function createWorkerAdapter(host: WorkerHost): (msg: ToWorker) => Promise<void> {
  let sim: Simulation | null = null;
  let spans = new MessageSpans();
  let generation = 0;
  let sent = 0; // trace events already posted
  let target = 0; // true time to simulate to
  let working = false;
  let nodeIndex = new Map<string, number>();
  const post = host.post;

  function fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const detail = error instanceof Error ? (error.stack ?? message) : message;
    post({ type: 'error', generation, message, detail });
    sim = null;
  }

  function layout(lesson: LessonDef, s: Simulation): NodeInfo[] {
    const scenario = lesson.scenario(s.currentParams);
    return scenario.nodes.map((node, i, all) => ({
      name: node.name,
      kind: node.behaviour.kind,
      position: node.position ?? {
        x: 0.5 + 0.4 * Math.cos((2 * Math.PI * i) / all.length - Math.PI / 2),
        y: 0.5 + 0.4 * Math.sin((2 * Math.PI * i) / all.length - Math.PI / 2),
      },
    }));
  }

  function linksOf(lesson: LessonDef, s: Simulation): [string, string][] {
    const scenario = lesson.scenario(s.currentParams);
    if (scenario.links) return scenario.links.map((l) => [l.from, l.to]);
    const names = scenario.nodes.map((n) => n.name);
    return names.flatMap((a) => names.filter((b) => b !== a).map((b): [string, string] => [a, b]));
  }

  function flush(): void {
    if (!sim) return;
    const trace = sim.trace;
    while (sent < trace.length) {
      const end = Math.min(trace.length, sent + CHUNK_EVENTS);
      const events = trace.slice(sent, end);
      spans.add(events);
      post({
        type: 'chunk',
        generation,
        fromSeq: sent,
        events,
        simulatedUntil: end === trace.length ? sim.now : events[events.length - 1]!.t,
      });
      sent = end;
    }
  }

  function work(): void {
    working = false;
    if (!sim) return;
    try {
      sim.runUntil(target, SLICE_EVENTS);
      flush();
      if (sim.now < target) schedule();
      else post({ type: 'chunk', generation, fromSeq: sent, events: [], simulatedUntil: sim.now });
    } catch (error) {
      fail(error);
    }
  }

  function schedule(): void {
    if (working) return;
    working = true;
    host.defer(work);
  }

  const lessons = new Map<string, LessonDef>();

  function handle(msg: ToWorker): void {
    if (msg.type === 'crash-test') throw new Error('Injected worker error (test hook)');
    if (msg.type === 'load') {
      generation = msg.generation;
      const lesson = msg.run.sandbox ? sandboxLesson(msg.run.sandbox) : lessons.get(msg.run.lessonId);
      if (!lesson) throw new Error(`Unknown lesson "${msg.run.lessonId}"`);
      sim = new Simulation(
        {
          scenario: lesson.scenario,
          seed: msg.run.seed,
          params: msg.run.params,
          interventions: msg.run.interventions,
        },
        // The engine's default cadence: a branch from the past replays at most that many events (a
        // few ms), and a run keeps half the checkpoints it did at 2048 (docs/performance.md).
        { checkpointEvery: DEFAULT_CHECKPOINT_EVERY },
      );
      spans = new MessageSpans();
      sent = 0;
      nodeIndex = new Map(sim.nodeNames.map((n, i) => [n, i]));
      post({
        type: 'loaded',
        generation,
        nodes: layout(lesson, sim),
        links: linksOf(lesson, sim),
        durationMs: lesson.durationMs,
      });
      target = msg.untilMs;
      schedule();
      return;
    }
    if (!sim || msg.generation !== generation) return;
    if (msg.type === 'extend') {
      target = Math.max(target, msg.untilMs);
      schedule();
    } else if (msg.type === 'intervene') {
      sim.addIntervention(msg.intervention);
      if (sim.trace.length < sent) {
        sent = sim.trace.length;
        spans.truncate(sent);
        post({ type: 'truncated', generation, length: sent });
      }
      target = Math.max(target, msg.untilMs);
      schedule();
    } else if (msg.type === 'positions') {
      const data = spans.positionsAt(msg.t, (name) => nodeIndex.get(name) ?? -1);
      post({ type: 'positions', generation, t: msg.t, count: data.length / POSITION_STRIDE, data }, [
        data.buffer,
      ]);
    }
  }

  /** Commands are handled in order; one that loads a lesson not loaded yet holds the later ones back. */
  let queue: Promise<void> = Promise.resolve();

  return (msg) => {
    queue = queue
      .then(async () => {
        if (msg.type === 'load' && !msg.run.sandbox && !lessons.has(msg.run.lessonId)) {
          generation = msg.generation; // a lesson that fails to load fails this run
          const lesson = await host.loadLesson(msg.run.lessonId);
          if (lesson) lessons.set(lesson.id, lesson);
        }
        handle(msg);
      })
      .catch(fail);
    return queue;
  };
}
