/**
 * Lesson 2, the guide: what the page shows and checks. The network drops, duplicates, reorders and
 * delays messages. A sender streams numbered messages to a receiver, whose log marks every gap,
 * duplicate and late arrival; the fix layers sequence numbers, acknowledgements, retransmission and
 * de-duplication over the same faulty link.
 *
 * This file holds the words, parameters, interventions, steps and fix, the node names and message
 * labels, and the trace-reading the challenges and the readout share. The nodes' behaviours and the
 * scenario are in lesson.ts: the lesson is split so the page loads only this small file.
 */
import events from './events.ts';
import { defineGuide, type ChallengeResult } from '../../src/engine/lesson.ts';
import type { Trace } from '../../src/engine/trace.ts';

export const SENDER = 'sender';
export const RECEIVER = 'receiver';

/**
 * Message labels carry the number, so every send, drop and delivery in the trace names it: the
 * behaviours (lesson.ts) write them, the challenges read them back.
 */
export const dataLabel = (seq: number): string => `msg ${seq}`;
export const ackLabel = (seq: number): string => `ack ${seq}`;
const numberOfLabel = (label: string, prefix: 'msg' | 'ack'): number | undefined => {
  const m = new RegExp(`^${prefix} (\\d+)$`).exec(label);
  return m ? Number(m[1]) : undefined;
};

// ---------------------------------------------------------------- reading the trace

export interface StreamReport {
  /** How many messages the sender set out to send (0 before the run starts). */
  messages: number;
  /** The numbers the receiver's application processed, in the order it processed them. */
  processed: number[];
  /** The trace seqs of those `processed` events. */
  processedSeqs: number[];
  complete: boolean;
  inOrder: boolean;
  exactlyOnce: boolean;
}

/** What the receiver's application saw: every message, in order, each once? */
export function streamReport(trace: Trace): StreamReport {
  const messages = Number(trace.ofType('stream')[0]?.messages ?? 0);
  const events = trace.ofType('processed');
  const processed = events.map((e) => Number(e.n));
  const distinct = new Set(processed);
  let complete = messages > 0;
  for (let k = 1; k <= messages; k++) if (!distinct.has(k)) complete = false;
  return {
    messages,
    processed,
    processedSeqs: events.map((e) => e.seq),
    complete,
    inOrder: processed.every((n, i) => i === 0 || n > processed[i - 1]!),
    exactlyOnce: distinct.size === processed.length,
  };
}

/** Data messages the network (or the learner) dropped: the drop's seq and the message number. */
function dataDrops(trace: Trace): { seq: number; n: number }[] {
  const out: { seq: number; n: number }[] = [];
  for (const d of trace.ofType('drop')) {
    const n = numberOfLabel(d.label, 'msg');
    if (n !== undefined) out.push({ seq: d.seq, n });
  }
  return out;
}

function sawGapFromLoss(trace: Trace): ChallengeResult {
  const drops = dataDrops(trace);
  for (const gap of trace.ofType('gap')) {
    const missing = (gap.missing as number[] | undefined) ?? [];
    const drop = drops.find((d) => missing.includes(d.n) && d.seq < gap.seq);
    if (drop) {
      return {
        met: true,
        evidence: [drop.seq, gap.seq],
        detail: `message ${drop.n} was lost, so message ${String(gap.n)} arrived after a gap`,
      };
    }
  }
  const [drop] = drops;
  return {
    met: false,
    missing: drop
      ? `message ${drop.n} was lost; play on until a later message arrives after the gap`
      : 'no message has been lost yet: raise Loss to 0.2, or press "Drop the next message" while the stream runs',
  };
}

function sawDuplicate(trace: Trace): ChallengeResult {
  const copies = trace.ofType('duplicate');
  for (const seen of trace.ofType('duplicate-seen')) {
    const copy = copies.find((c) => numberOfLabel(c.label, 'msg') === seen.n && c.seq < seen.seq);
    if (copy) {
      return {
        met: true,
        evidence: [copy.seq, seen.seq],
        detail: `the network copied message ${String(seen.n)}, and the receiver got it twice`,
      };
    }
  }
  return {
    met: false,
    missing: copies.length
      ? 'the network copied a message; play on until the receiver gets the copy'
      : 'the network has copied no message yet: raise Duplication to 0.2 and play',
  };
}

function sawReorder(trace: Trace): ChallengeResult {
  const late = trace.ofType('out-of-order')[0];
  if (!late)
    return {
      met: false,
      missing:
        'every message so far arrived in the order it was sent: raise Jitter above the send interval, to about 100 ms',
    };
  return {
    met: true,
    evidence: [late.seq],
    detail: `message ${String(late.n)} arrived after message ${String(late.after)}`,
  };
}

/** The first delivery of a data message that was sent before one already delivered (jitter at work). */
function overtaking(trace: Trace): number | undefined {
  let latestSend = -1;
  for (const d of trace.ofType('deliver')) {
    if (d.from !== SENDER) continue;
    if (d.sendSeq < latestSend) return d.seq;
    latestSend = Math.max(latestSend, d.sendSeq);
  }
  return undefined;
}

/** With the fix on, and the network losing, copying and reordering: the stream came out whole. */
function cleanStreamDespiteFaults(trace: Trace): ChallengeResult {
  const report = streamReport(trace);
  const fixed = trace.ofType('held').length > 0 || trace.ofType('retransmit').length > 0;
  const drop = dataDrops(trace)[0];
  const copy = trace.ofType('duplicate').find((c) => numberOfLabel(c.label, 'msg') !== undefined);
  const late = overtaking(trace);
  if (!fixed)
    return {
      met: false,
      missing: 'the fix is off: turn on "Acks, retransmission and de-duplication" and press Play',
    };
  if (!drop || !copy || late === undefined) {
    const faults = [
      !drop && 'a loss (Loss above zero)',
      !copy && 'a copy (Duplication above zero)',
      late === undefined && 'a reordering (Jitter above the send interval)',
    ].filter(Boolean);
    return {
      met: false,
      missing: `the network has not yet made ${faults.join(', ')}: keep the faults on and play`,
    };
  }
  if (!report.complete || !report.inOrder || !report.exactlyOnce)
    return {
      met: false,
      missing: report.complete
        ? 'the stream came out out of order or with a repeat'
        : `${new Set(report.processed).size} of ${report.messages} messages processed so far: play on`,
    };
  return {
    met: true,
    evidence: [drop.seq, copy.seq, late, report.processedSeqs[report.processedSeqs.length - 1]!],
    detail: `despite a loss, a copy and a reordering, messages 1 to ${report.messages} were processed once each, in order`,
  };
}

// ---------------------------------------------------------------- the guide

const probability = (label: string, description: string) =>
  ({
    kind: 'number',
    label,
    description,
    unit: 'probability',
    min: 0,
    max: 0.5,
    step: 0.05,
    default: 0,
  }) as const;

export default defineGuide({
  events,
  id: 'unreliable-network',
  title: 'An unreliable network',
  summary:
    'A numbered stream crosses a network that loses, copies and reorders messages, then a small protocol puts it right.',
  principle: 'Messages can be dropped, reordered, duplicated and delayed',
  part: 2,
  order: 2,
  minutes: 8,
  durationMs: 5000,
  defaultSeed: 7,
  params: {
    messages: {
      kind: 'number',
      label: 'Messages',
      description: 'How many numbered messages the sender streams to the receiver.',
      unit: 'count',
      min: 5,
      max: 100,
      step: 1,
      default: 20,
    },
    intervalMs: {
      kind: 'number',
      label: 'Send interval',
      description: 'The time between one message and the next.',
      unit: 'ms',
      min: 5,
      max: 200,
      step: 5,
      default: 20,
    },
    loss: probability('Loss', 'The chance that the network loses a message (acknowledgements included).'),
    duplicate: probability('Duplication', 'The chance that the network delivers a message twice.'),
    latencyMs: {
      kind: 'number',
      label: 'Latency',
      description: 'The fixed part of the time a message takes to cross the link.',
      unit: 'ms',
      min: 1,
      max: 500,
      step: 1,
      default: 50,
    },
    jitterMs: {
      kind: 'number',
      label: 'Jitter',
      description:
        'A random extra delay of up to this much per message. Once it exceeds the send interval, later messages can overtake earlier ones.',
      unit: 'ms',
      min: 0,
      max: 500,
      step: 5,
      default: 0,
    },
    retransmitMs: {
      kind: 'number',
      label: 'Retransmit after',
      description:
        'With the fix: how long the sender waits for an acknowledgement before it sends a message again.',
      unit: 'ms',
      min: 50,
      max: 2000,
      step: 10,
      default: 300,
    },
    fix: {
      kind: 'boolean',
      label: 'Acks, retransmission and de-duplication',
      description:
        'The receiver acknowledges each message, holds early ones until the gap before them fills, and throws away copies; the sender resends anything unacknowledged.',
      default: false,
    },
  },
  nodeNames: () => [SENDER, RECEIVER],
  interventions: [
    {
      kind: 'drop-next',
      from: SENDER,
      to: RECEIVER,
      label: 'Drop the next message',
      description: 'The next message from the sender never reaches the receiver.',
    },
    {
      kind: 'drop-next',
      from: RECEIVER,
      to: SENDER,
      label: 'Drop the next acknowledgement',
      description:
        'The next ack from the receiver never reaches the sender (there are acks only with the fix on).',
    },
    {
      kind: 'partition',
      from: SENDER,
      to: RECEIVER,
      label: 'Cut the link',
      description: 'Nothing gets through in either direction until the link is healed.',
    },
    { kind: 'heal', from: SENDER, to: RECEIVER, label: 'Heal the link', description: 'Messages flow again.' },
  ],
  steps: [
    {
      id: 'gap',
      title: 'A message goes missing',
      text:
        'The sender numbers its messages 1, 2, 3 and so on, one every few milliseconds. On this network ' +
        'nothing is lost yet. Make the network lose some: the receiver notices a gap when a number arrives ' +
        'before the ones below it.',
      hint: 'Raise Loss to 0.2, or press "Drop the next message" while the stream runs.',
      notes:
        'Point at the stream of numbered messages and let one go missing. Ask who notices: nobody, unless the receiver checks the numbers. The log shows the gap in plain words. Mention that real networks lose packets all the time; TCP hides some of it, not all.',
      predictions: [
        {
          id: 'all-in-order',
          askAtMs: 90,
          question:
            'Twenty numbered messages are about to cross this network. Will the application get every one, once, in order?',
          answers: ['Yes, all twenty in order', 'No: one goes missing, repeats or overtakes another'],
          right: 0,
          reveal: (trace) => {
            const trouble = [
              ...trace.ofType('gap'),
              ...trace.ofType('duplicate-seen'),
              ...trace.ofType('out-of-order'),
            ].sort((a, b) => a.seq - b.seq)[0];
            if (trouble)
              return {
                answer: 1,
                seq: trouble.seq,
                why: `The receiver noticed: ${trouble.type.replace(/-/g, ' ')} at message ${String(trouble.n)}.`,
              };
            const total = Number(trace.ofType('stream')[0]?.messages ?? 0);
            const processed = trace.ofType('processed');
            if (total === 0 || processed.length < total) return null;
            return {
              answer: 0,
              seq: processed[processed.length - 1]!.seq,
              why: 'With no loss, no copies and little jitter, this network happened to behave. Turn any of them up and it will not.',
            };
          },
        },
      ],
      challenge: sawGapFromLoss,
      solution: { params: { loss: 0.2 }, interventions: [] },
    },
    {
      id: 'duplicate',
      title: 'A message arrives twice',
      text:
        'A network can also deliver one message twice: a retry somewhere along the path, or a copy left ' +
        'in a buffer. The receiver cannot tell the copy from the original, so without help it handles ' +
        'the same message again.',
      hint: 'Raise Duplication to 0.2.',
      notes:
        "Turn duplication up and find the copy in the space-time diagram (the dashed arrow). Ask what a duplicated 'charge' would do to a bank account. The receiver processed the same number twice; the network did nothing wrong by its own rules.",
      challenge: sawDuplicate,
      solution: { params: { duplicate: 0.2 }, interventions: [] },
    },
    {
      id: 'reorder',
      title: 'A message overtakes another',
      text:
        'Each message takes its own time to cross. When that time varies by more than the gap between ' +
        'two sends, the later message can arrive first. Nothing was lost, yet the order is wrong.',
      hint: 'Raise Jitter above the send interval, to about 100 ms.',
      notes:
        "Raise jitter until a later message overtakes an earlier one: the arrows cross in the space-time diagram. Ask the room whether 'sent first' means 'arrives first'. It does not, as soon as messages take different times.",
      challenge: sawReorder,
      solution: { params: { jitterMs: 100 }, interventions: [] },
    },
    {
      id: 'fix',
      title: 'Put the stream back together',
      text:
        'This step starts with every fault on: loss, copies and overtaking. Turn on the fix. The ' +
        'receiver acknowledges each number, holds early ' +
        'arrivals until the gap fills, and discards copies it has already seen; the sender resends ' +
        'whatever is not acknowledged in time. The network still delivers at least once, and the ' +
        'receiver now processes each message exactly once, in order.',
      hint: 'Turn on the fix and press Play. Keep Loss, Duplication and Jitter above zero.',
      notes:
        "Turn on the fix: sequence numbers, a buffer for early arrivals, and dropping repeats. Show the readout's line climbing one step at a time even with loss, copies and jitter left on. The fix lives at the receiver; the network stays unreliable.",
      challenge: cleanStreamDespiteFaults,
      start: { params: { loss: 0.2, duplicate: 0.2, jitterMs: 100 } },
      solution: { params: { fix: true, loss: 0.2, duplicate: 0.2, jitterMs: 100 }, interventions: [] },
    },
  ],
  fix: {
    param: 'fix',
    label: 'Acks, retransmission and de-duplication',
    description:
      'Sequence numbers, acknowledgements, resending and discarding copies: exactly-once, in-order processing on top of at-least-once delivery.',
  },
});
