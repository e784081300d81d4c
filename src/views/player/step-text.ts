/**
 * Step text is plain words with one piece of markup: `[label](lesson:id)`, a link to another lesson
 * ("see the lesson [Retries and idempotency](lesson:idempotency)"). Nothing else is interpreted, so a
 * guide cannot inject markup; an unknown lesson id is caught by the registry test, not here.
 */
export type StepTextPart = { text: string } | { label: string; lesson: string };

const LINK = /\[([^\]\n]+)\]\(lesson:([a-z0-9-]+)\)/g;

export function parseStepText(text: string): StepTextPart[] {
  const parts: StepTextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ label: m[1]!, lesson: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The text as a reader sees it, links reduced to their labels (for notes, handouts, search). */
export function plainStepText(text: string): string {
  return parseStepText(text)
    .map((p) => ('text' in p ? p.text : p.label))
    .join('');
}

/** The lessons a text links to. */
export function linkedLessons(text: string): string[] {
  return parseStepText(text).flatMap((p) => ('lesson' in p ? [p.lesson] : []));
}
