/**
 * Every change to a sandbox document is a typed edit, and applying one returns its inverse: undo
 * applies the inverse, redo the edit again. The canvas, the keyboard and the settings panel all go
 * through `applyEdit`, so there is one place that checks a change and one history that can undo it.
 *
 * Edits are pure: the document given is never changed; the one returned shares what did not change.
 */
import type { Intervention, LinkProps, ParamValue } from '../engine/types.ts';
import {
  type SandboxDoc,
  type SandboxLink,
  type SandboxNode,
  MAX_SANDBOX_NODES,
  nodeNameProblem,
} from './model.ts';
import { defaultSettings, libraryEntry } from './library.ts';
import { parseParam } from '../engine/params.ts';
import { driftProblem, offsetProblem } from '../engine/clock.ts';
import { parseInterventions } from '../engine/interventions.ts';

type Indexed<T> = { item: T; index: number };

export type Edit =
  | { kind: 'add-node'; node: SandboxNode; index?: number }
  /** Takes the node's links and the interventions that name it along. */
  | { kind: 'remove-node'; name: string }
  /** Remove-node's inverse: the node and what went with it, each back in its place. */
  | {
      kind: 'restore-node';
      node: Indexed<SandboxNode>;
      links: Indexed<SandboxLink>[];
      interventions: Indexed<Intervention>[];
    }
  | { kind: 'move-node'; name: string; x: number; y: number }
  | { kind: 'set-behaviour'; name: string; behaviour: string; settings?: Record<string, ParamValue> }
  /** `value` undefined: back to the behaviour's default. */
  | { kind: 'set-setting'; name: string; setting: string; value: ParamValue | undefined }
  | { kind: 'set-clock'; name: string; offsetMs: number; driftPpm: number }
  | { kind: 'add-link'; link: SandboxLink; index?: number }
  | { kind: 'remove-link'; from: string; to: string }
  | { kind: 'set-link'; from: string; to: string; props: LinkProps }
  | { kind: 'add-intervention'; intervention: Intervention; index?: number }
  | { kind: 'remove-intervention'; index: number }
  | { kind: 'move-intervention'; index: number; at: number }
  | { kind: 'set-run'; seed: number; durationMs: number }
  /** The whole document at once ("Start empty"), so even that is one step to undo. */
  | { kind: 'replace-doc'; doc: SandboxDoc };

export type EditResult = { ok: true; doc: SandboxDoc; inverse: Edit } | { ok: false; error: string };

const insertAt = <T>(list: readonly T[], item: T, index = list.length): T[] => [
  ...list.slice(0, index),
  item,
  ...list.slice(index),
];

const namesIn = (iv: Intervention): string[] =>
  'node' in iv ? [iv.node] : 'from' in iv ? [iv.from, iv.to] : [];

function replaceNode(doc: SandboxDoc, name: string, change: (n: SandboxNode) => SandboxNode): SandboxDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.name === name ? change(n) : n)) };
}

/** Applies `edit` to `doc`: the new document and the edit that undoes it, or why it cannot be done. */
export function applyEdit(doc: SandboxDoc, edit: Edit): EditResult {
  const no = (error: string): EditResult => ({ ok: false, error });
  const ok = (next: SandboxDoc, inverse: Edit): EditResult => ({ ok: true, doc: next, inverse });
  const node = 'name' in edit ? doc.nodes.find((n) => n.name === edit.name) : undefined;
  const needNode = (): string | undefined =>
    node ? undefined : `there is no node called ${'name' in edit ? edit.name : ''}`;

  switch (edit.kind) {
    case 'add-node': {
      if (doc.nodes.length >= MAX_SANDBOX_NODES)
        return no(`a sandbox holds at most ${MAX_SANDBOX_NODES} nodes`);
      const why = nodeNameProblem(
        edit.node.name,
        doc.nodes.map((n) => n.name),
      );
      if (why) return no(why);
      if (!libraryEntry(edit.node.behaviour))
        return no(`there is no behaviour called ${edit.node.behaviour}`);
      return ok(
        { ...doc, nodes: insertAt(doc.nodes, edit.node, edit.index) },
        { kind: 'remove-node', name: edit.node.name },
      );
    }
    case 'remove-node': {
      if (!node) return no(needNode()!);
      const links = doc.links.flatMap((item, index) =>
        item.from === edit.name || item.to === edit.name ? [{ item, index }] : [],
      );
      const interventions = doc.interventions.flatMap((item, index) =>
        namesIn(item).includes(edit.name) ? [{ item, index }] : [],
      );
      return ok(
        {
          ...doc,
          nodes: doc.nodes.filter((n) => n !== node),
          links: doc.links.filter((_, i) => !links.some((l) => l.index === i)),
          interventions: doc.interventions.filter((_, i) => !interventions.some((v) => v.index === i)),
        },
        { kind: 'restore-node', node: { item: node, index: doc.nodes.indexOf(node) }, links, interventions },
      );
    }
    case 'restore-node': {
      if (doc.nodes.some((n) => n.name === edit.node.item.name))
        return no(`there is already a node called ${edit.node.item.name}`);
      // In increasing index order, so each lands where it was.
      let links = doc.links;
      for (const { item, index } of edit.links) links = insertAt(links, item, index);
      let interventions = doc.interventions;
      for (const { item, index } of edit.interventions) interventions = insertAt(interventions, item, index);
      return ok(
        { ...doc, nodes: insertAt(doc.nodes, edit.node.item, edit.node.index), links, interventions },
        { kind: 'remove-node', name: edit.node.item.name },
      );
    }
    case 'move-node': {
      if (!node) return no(needNode()!);
      const x = Math.min(1, Math.max(0, edit.x));
      const y = Math.min(1, Math.max(0, edit.y));
      return ok(
        replaceNode(doc, edit.name, (n) => ({ ...n, x, y })),
        {
          kind: 'move-node',
          name: edit.name,
          x: node.x,
          y: node.y,
        },
      );
    }
    case 'set-behaviour': {
      if (!node) return no(needNode()!);
      const e = libraryEntry(edit.behaviour);
      if (!e) return no(`there is no behaviour called ${edit.behaviour}`);
      const settings = edit.settings ?? {};
      return ok(
        replaceNode(doc, edit.name, (n) => ({ ...n, behaviour: edit.behaviour, settings })),
        {
          kind: 'set-behaviour',
          name: edit.name,
          behaviour: node.behaviour,
          settings: node.settings,
        },
      );
    }
    case 'set-setting': {
      if (!node) return no(needNode()!);
      const e = libraryEntry(node.behaviour)!;
      const settings = { ...node.settings };
      if (edit.value === undefined) delete settings[edit.setting];
      else {
        const parsed = parseParam(e.settings, edit.setting, edit.value);
        if (!parsed.ok) return no(`${edit.name}: ${parsed.error}`);
        // The default is kept as "not set", so a document says only what differs.
        if (defaultSettings(e)[parsed.name] === parsed.value) delete settings[parsed.name];
        else settings[parsed.name] = parsed.value;
      }
      const before = Object.hasOwn(node.settings, edit.setting) ? node.settings[edit.setting] : undefined;
      return ok(
        replaceNode(doc, edit.name, (n) => ({ ...n, settings })),
        {
          kind: 'set-setting',
          name: edit.name,
          setting: edit.setting,
          value: before,
        },
      );
    }
    case 'set-clock': {
      const why = needNode() ?? offsetProblem(edit.offsetMs) ?? driftProblem(edit.driftPpm);
      if (why) return no(why);
      return ok(
        replaceNode(doc, edit.name, (n) => ({
          ...n,
          clock: { offsetMs: edit.offsetMs, driftPpm: edit.driftPpm },
        })),
        { kind: 'set-clock', name: edit.name, ...node!.clock },
      );
    }
    case 'add-link': {
      const { from, to } = edit.link;
      for (const end of [from, to])
        if (!doc.nodes.some((n) => n.name === end)) return no(`there is no node called ${end}`);
      if (from === to) return no('a link joins two different nodes');
      if (doc.links.some((l) => l.from === from && l.to === to))
        return no(`there is already a link from ${from} to ${to}`);
      return ok(
        { ...doc, links: insertAt(doc.links, edit.link, edit.index) },
        { kind: 'remove-link', from, to },
      );
    }
    case 'remove-link': {
      const index = doc.links.findIndex((l) => l.from === edit.from && l.to === edit.to);
      if (index < 0) return no(`there is no link from ${edit.from} to ${edit.to}`);
      return ok(
        { ...doc, links: doc.links.filter((_, i) => i !== index) },
        { kind: 'add-link', link: doc.links[index]!, index },
      );
    }
    case 'set-link': {
      const index = doc.links.findIndex((l) => l.from === edit.from && l.to === edit.to);
      if (index < 0) return no(`there is no link from ${edit.from} to ${edit.to}`);
      const { latencyMs, jitterMs, loss, duplicate } = edit.props;
      const bad =
        [latencyMs, jitterMs].some((x) => !(x >= 0 && x <= 60_000)) ||
        [loss, duplicate].some((p) => !(p >= 0 && p <= 1));
      if (bad)
        return no('a link takes a latency and jitter of 0 to 60,000 ms and a loss and duplication of 0 to 1');
      const old = doc.links[index]!;
      return ok(
        {
          ...doc,
          links: doc.links.map((l, i) => (i === index ? { from: l.from, to: l.to, ...edit.props } : l)),
        },
        {
          kind: 'set-link',
          from: edit.from,
          to: edit.to,
          props: {
            latencyMs: old.latencyMs,
            jitterMs: old.jitterMs,
            loss: old.loss,
            duplicate: old.duplicate,
          },
        },
      );
    }
    case 'add-intervention': {
      // The same check a link or a file gets: kinds, fields, node names, clock ranges.
      const parsed = parseInterventions(
        [edit.intervention],
        doc.nodes.map((n) => n.name),
      );
      if (!parsed.ok) return no(parsed.error);
      const index = edit.index ?? doc.interventions.length;
      return ok(
        { ...doc, interventions: insertAt(doc.interventions, parsed.interventions[0]!, index) },
        { kind: 'remove-intervention', index },
      );
    }
    case 'remove-intervention': {
      const iv = doc.interventions[edit.index];
      if (!iv) return no('there is no such intervention');
      return ok(
        { ...doc, interventions: doc.interventions.filter((_, i) => i !== edit.index) },
        { kind: 'add-intervention', intervention: iv, index: edit.index },
      );
    }
    case 'move-intervention': {
      const iv = doc.interventions[edit.index];
      if (!iv) return no('there is no such intervention');
      const at = Math.round(Math.min(doc.durationMs, Math.max(0, edit.at)));
      return ok(
        { ...doc, interventions: doc.interventions.map((x, i) => (i === edit.index ? { ...x, at } : x)) },
        { kind: 'move-intervention', index: edit.index, at: iv.at },
      );
    }
    case 'set-run': {
      if (!Number.isInteger(edit.seed) || edit.seed < 0 || edit.seed > 0xffffffff)
        return no('a seed is a whole number from 0 to 4294967295');
      if (!(edit.durationMs >= 100 && edit.durationMs <= 600_000))
        return no('a run lasts from 100 ms to 600,000 ms');
      return ok(
        { ...doc, seed: edit.seed, durationMs: edit.durationMs },
        { kind: 'set-run', seed: doc.seed, durationMs: doc.durationMs },
      );
    }
    case 'replace-doc':
      return ok(edit.doc, { kind: 'replace-doc', doc });
  }
}

// ------------------------------------------------------------------ history

export interface History {
  doc: SandboxDoc;
  /** Done edits with their inverses, oldest first. */
  past: readonly { edit: Edit; inverse: Edit }[];
  /** Undone edits, the next to redo last. */
  future: readonly { edit: Edit; inverse: Edit }[];
}

export const startHistory = (doc: SandboxDoc): History => ({ doc, past: [], future: [] });

export type HistoryResult = { ok: true; history: History } | { ok: false; error: string };

/** Does `edit`; a new edit clears what could be redone. */
export function perform(h: History, edit: Edit): HistoryResult {
  const r = applyEdit(h.doc, edit);
  if (!r.ok) return r;
  return { ok: true, history: { doc: r.doc, past: [...h.past, { edit, inverse: r.inverse }], future: [] } };
}

/** Undoes the last edit; the same history when there is nothing to undo. */
export function undo(h: History): History {
  const last = h.past.at(-1);
  if (!last) return h;
  const r = applyEdit(h.doc, last.inverse);
  // An inverse always applies to the document its edit made; if not, the history is kept as it is.
  if (!r.ok) return h;
  return { doc: r.doc, past: h.past.slice(0, -1), future: [...h.future, last] };
}

export function redo(h: History): History {
  const next = h.future.at(-1);
  if (!next) return h;
  const r = applyEdit(h.doc, next.edit);
  if (!r.ok) return h;
  return {
    doc: r.doc,
    past: [...h.past, { edit: next.edit, inverse: r.inverse }],
    future: h.future.slice(0, -1),
  };
}
