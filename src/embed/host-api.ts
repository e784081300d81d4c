/**
 * The embed's side of the host-page API (see messages.ts for the shapes, docs/embedding.md for the
 * reference): commands from the parent page drive the store; the store's progress becomes events.
 *
 * Only the parent window may command (`event.source === window.parent`), and when the embed was given
 * `allowedOrigins`, only from those origins. A malformed command is ignored with a console warning
 * and answered with `roundtrip:error`, which quotes at most 100 characters of what was sent; nothing
 * a host sends can throw here.
 */
import type { OutcomeEvent, TraceEvent } from '../engine/index.ts';
import { clip, parseParam } from '../engine/params.ts';
import { parseInterventions } from '../engine/interventions.ts';
import type { AppStore } from '../store/store.ts';
import { checkEvent, COMMAND_TYPES, parseCommand, type Command, type RoundtripEvent } from './messages.ts';
import type { EmbedOptions } from './options.ts';
import { trackSteps } from './steps.ts';

type Outgoing = RoundtripEvent extends infer E ? (E extends { type: string } ? Omit<E, 'id'> : never) : never;

/** At most this many outcome events for one move of the cursor (a long seek forward). */
const MAX_OUTCOMES_PER_MOVE = 200;

export interface HostApi {
  post(event: Outgoing): void;
  dispose(): void;
}

export function connectHost(app: AppStore, options: EmbedOptions, win: Window = window): HostApi {
  const framed = win.parent !== win;
  const targets = options.allowedOrigins ?? ['*'];

  const post = (event: Outgoing): void => {
    const full = (options.id ? { ...event, id: options.id } : event) as RoundtripEvent;
    const problem = checkEvent(full);
    if (problem) console.error(`Roundtrip: an event did not match its schema (${problem})`);
    if (!framed) return;
    for (const origin of targets) {
      try {
        win.parent.postMessage(full, origin === 'null' ? '*' : origin);
      } catch (error) {
        console.warn('Roundtrip: could not post an event to the host page', error);
      }
    }
  };

  const fail = (message: string, command?: string): void => {
    console.warn(`Roundtrip: ignored a message from the host page: ${message}`);
    post(command ? { type: 'roundtrip:error', message, command } : { type: 'roundtrip:error', message });
  };

  const run = (command: Command): void => {
    const s = app.getState();
    switch (command.type) {
      case 'roundtrip:play':
        s.play();
        return;
      case 'roundtrip:pause':
        s.pause();
        return;
      case 'roundtrip:reset':
        s.pause();
        s.reset();
        return;
      case 'roundtrip:seek':
        s.seek(command.t);
        return;
      case 'roundtrip:setParam': {
        if (!s.lesson) return fail('the lesson is not loaded yet', command.type);
        const parsed = parseParam(s.lesson.params, command.name, command.value);
        if (!parsed.ok) return fail(`${command.type}: ${parsed.error}`, command.type);
        s.setParam(parsed.name, parsed.value);
        return;
      }
      case 'roundtrip:intervene': {
        if (!s.lesson || !s.run) return fail('the lesson is not loaded yet', command.type);
        const names = s.nodes.length ? s.nodes.map((n) => n.name) : s.lesson.nodeNames(s.run.params);
        const raw = { at: Math.round(s.cursor), ...command.intervention };
        const parsed = parseInterventions([raw], names, s.lesson.params);
        if (!parsed.ok)
          return fail(`${command.type}: ${parsed.error.replace(/^intervention 1: /, '')}`, command.type);
        s.intervene(parsed.interventions[0]!);
        return;
      }
    }
  };

  const onMessage = (event: MessageEvent): void => {
    if (!framed || event.source !== win.parent) return;
    const parsed = parseCommand(event.data);
    if (!parsed.ok && !parsed.ours) return;
    if (options.allowedOrigins && !options.allowedOrigins.includes(event.origin)) {
      console.warn(`Roundtrip: ignored a command from ${event.origin}, which is not in allowedOrigins.`);
      return;
    }
    if (!parsed.ok)
      return fail(parsed.error, typeof event.data?.type === 'string' ? clip(event.data.type) : undefined);
    try {
      run(parsed.command);
    } catch (error) {
      fail(
        `${parsed.command.type} failed: ${error instanceof Error ? error.message : String(error)}`,
        parsed.command.type,
      );
    }
  };
  win.addEventListener('message', onMessage);

  // ---- events: ready (once), outcomes as playback passes them, challenges as they are met
  let readySent = false;
  let passedSeq = 0;
  let passedRun: unknown = null;
  const unsubscribe = app.subscribe((s) => {
    if (!readySent && s.status === 'ready' && s.lesson && s.run) {
      readySent = true;
      post({
        type: 'roundtrip:ready',
        version: 1,
        lesson: s.lesson.id,
        title: s.lesson.title,
        seed: s.run.seed,
        params: { ...s.run.params },
        nodes: s.nodes.map((n) => n.name),
        steps: s.lesson.steps.map((st) => ({ id: st.id, title: st.title })),
        commands: [...COMMAND_TYPES],
      });
    }
    if (s.status !== 'ready') return;
    // A new run starts counting again; a rewind only moves the mark back (outcomes passed again
    // after a rewind are announced again).
    if (passedRun !== s.nodes) {
      passedRun = s.nodes;
      passedSeq = s.cursorSeq;
    }
    if (s.cursorSeq < passedSeq) passedSeq = s.cursorSeq;
    if (s.cursorSeq === passedSeq) return;
    const from = Math.max(passedSeq, s.cursorSeq - 20_000) - s.baseSeq;
    const to = s.cursorSeq - s.baseSeq;
    passedSeq = s.cursorSeq;
    let sent = 0;
    for (let i = Math.max(0, from); i < to && sent < MAX_OUTCOMES_PER_MOVE; i++) {
      const e = s.events[i];
      if (e?.type === 'outcome') {
        post(outcomeEvent(e, s.events));
        sent++;
      }
    }
  });

  const stopSteps = trackSteps(app, ({ step, index, result, t }) => {
    post({
      type: 'roundtrip:challenge',
      t,
      step: step.id,
      index,
      title: step.title,
      ...(result.detail ? { detail: result.detail } : {}),
      evidence: result.evidence ?? [],
    });
  });

  return {
    post,
    dispose() {
      win.removeEventListener('message', onMessage);
      unsubscribe();
      stopSteps();
    },
  };
}

/** An outcome with the server's ground truth, as far as the run has been simulated. */
function outcomeEvent(o: OutcomeEvent, events: readonly TraceEvent[]): Outgoing {
  let applied = false;
  let requestApplied = false;
  for (const e of events) {
    if (e.type !== 'effect' || e.op !== o.op) continue;
    if (e.call === o.call) applied = true;
    if (e.request === o.request) requestApplied = true;
  }
  return {
    type: 'roundtrip:outcome',
    t: o.t,
    call: o.call,
    request: o.request,
    from: o.from,
    to: o.to,
    op: o.op,
    result: o.result,
    reason: o.reason,
    applied,
    requestApplied,
  };
}
