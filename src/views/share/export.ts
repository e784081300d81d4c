/**
 * Downloads: the trace as JSON Lines (the trace contract of src/engine/trace.ts), the space-time
 * diagram as SVG or PNG, and the scenario file. The diagram is found by the role the space-time view
 * gives its <svg> (aria-roledescription="space-time diagram"); its stylesheet rules are copied onto
 * the elements, so the file looks as it does on the page.
 */
import type { TraceEvent } from '../../engine/index.ts';
import type { RunSpec } from '../../engine/run-spec.ts';
import { scenarioFileName, toScenarioFile } from './scenario-file.ts';

export const DIAGRAM_SELECTOR = 'svg[aria-roledescription="space-time diagram"], svg.st-svg';

export function download(fileName: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Events as JSON Lines, byte for byte what `Trace.toJSONL` makes for the same events. */
/** Saves a run as a scenario file (Export, and Share when a link would be too long); says what happened. */
export function saveScenarioFile(run: RunSpec | null | undefined, cursorMs: number): string {
  if (!run) return 'There is no run to save yet.';
  download(
    scenarioFileName(run),
    new Blob([JSON.stringify(toScenarioFile(run, cursorMs), null, 2) + '\n'], { type: 'application/json' }),
  );
  return 'Saved the scenario. Open it later with Import, here or on any copy of Roundtrip.';
}

export function toJSONL(events: readonly TraceEvent[]): string {
  let out = '';
  for (const e of events) out += JSON.stringify(e) + '\n';
  return out;
}

export function findDiagram(root: ParentNode = document): SVGSVGElement | null {
  return root.querySelector<SVGSVGElement>(DIAGRAM_SELECTOR);
}

/** Presentation properties worth copying from the page's CSS onto an exported SVG. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
] as const;

/** A standalone SVG document of `svg` (its computed styles inlined, a background added). */
export function serializeSvg(
  svg: SVGSVGElement,
  background = '#ffffff',
): { text: string; width: number; height: number } {
  const rect = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(Number(svg.getAttribute('width')) || rect.width));
  const height = Math.max(1, Math.round(Number(svg.getAttribute('height')) || rect.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = [svg, ...svg.querySelectorAll('*')];
  const target = [clone, ...clone.querySelectorAll('*')];
  source.forEach((el, i) => {
    const out = target[i] as SVGElement | undefined;
    if (!out) return;
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`)
      .filter((d) => !d.endsWith(':'))
      .join(';');
    out.setAttribute('style', `${style};${out.getAttribute('style') ?? ''}`);
    out.removeAttribute('tabindex');
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  clone.insertBefore(bg, clone.firstChild);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
  return { text, width, height };
}

/** Renders an SVG document to a PNG at `scale` × its size. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the diagram could not be drawn as an image'));
    });
    img.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw to a canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
