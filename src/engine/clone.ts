/**
 * A copy of the plain data a checkpoint holds (behaviour states, payloads in flight, timer data), the
 * same as structuredClone gives but several times faster on many small objects: structuredClone
 * serialises the whole graph to bytes and back, about 0.4 µs per small object, and a checkpoint of
 * 2,000 messages in flight spent most of its time there.
 *
 * Objects with Object's (or a null) prototype, arrays and primitives are copied here, keeping shared
 * references and cycles as structuredClone does. Anything else anywhere in the value (a Map, a Date, a
 * typed array, a class instance, a sparse array, a function) hands the whole value to structuredClone,
 * so the result, or the error, is structuredClone's. One difference is accepted: an array's non-index
 * properties are not copied (plain data has none; JSON drops them too).
 */
const NOT_PLAIN = new Error('not plain data');

export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null)
    return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  try {
    return copy(value, new Map()) as T;
  } catch (e) {
    if (e !== NOT_PLAIN) throw e;
    return structuredClone(value);
  }
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
    return value;
  }
  const prior = seen.get(value);
  if (prior !== undefined) return prior;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw NOT_PLAIN;
    const out: unknown[] = [];
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined && !(i in value)) throw NOT_PLAIN;
      out.push(copy(item, seen));
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key in value) {
    if (key === '__proto__') throw NOT_PLAIN; // an own "__proto__" (from JSON.parse) cannot be set by assignment
    out[key] = copy((value as Record<string, unknown>)[key], seen);
  }
  return out;
}
