/**
 * What a sandbox library entry is: a behaviour's settings (the lesson kit's parameter schema, so
 * they are typed, ranged and parsed like a lesson's parameters), the peers it needs, and how to
 * make the engine behaviour from both. The entries themselves are in library.ts and behaviours/.
 */
import type { ParamSchema, ParamsOf } from '../engine/params.ts';
import type { Behaviour } from '../engine/types.ts';

/**
 * A peer a behaviour needs: the first node it links to whose behaviour is one of `accepts` and that
 * no other role of the same node has taken (a saga's two steps are two different servers).
 */
export interface PeerNeed {
  role: string;
  /** In a sentence: "a node to call". */
  label: string;
  accepts: readonly string[];
}

export interface LibraryEntry<S extends ParamSchema = ParamSchema> {
  id: string;
  label: string;
  /** One line for the palette. */
  summary: string;
  settings: S;
  peers: readonly PeerNeed[];
  make(settings: ParamsOf<S>, peers: Readonly<Record<string, string>>): Behaviour<unknown>;
}

/** Keeps an entry's settings typed inside `make`, and files it under the library's one type. */
export function entry<const S extends ParamSchema>(e: LibraryEntry<S>): LibraryEntry {
  return e as unknown as LibraryEntry;
}

/** Every behaviour that answers a "pay" call: what a client, a breaker or a saga's step can call. */
export const ANSWERS_PAY: readonly string[] = ['payment-server', 'queue', 'breaker', 'saga', 'primary'];

/**
 * Takes the entry for a call or timer id out of a behaviour's record: what a reply, an outcome or
 * a timer settles is looked up once and forgotten. An own-property read, since ids arrive from the
 * engine as numbers but records are plain data keyed by strings.
 */
export function takeOwn<T>(record: Record<string, T>, id: number): T | undefined {
  const key = String(id);
  if (!Object.hasOwn(record, key)) return undefined;
  const value = record[key];
  delete record[key];
  return value;
}
