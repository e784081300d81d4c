// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { attachZoom, pinch, placing, wheelZoom, type ZoomSource, type ZoomTransform } from './zoom.ts';

/** An event with the fields a test gives it (happy-dom's own constructors leave some out). */
function fire(target: EventTarget, type: string, fields: Record<string, unknown> = {}): Event {
  const e = new Event(type, { bubbles: true, cancelable: true });
  for (const [k, v] of Object.entries({
    button: 0,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...fields,
  }))
    Object.defineProperty(e, k, { value: v });
  target.dispatchEvent(e);
  return e;
}

const mounted: (() => void)[] = [];
afterEach(() => {
  while (mounted.length) mounted.pop()!();
  document.body.replaceChildren();
});

/** A diagram svg with a zoom on it that records what it reported. */
function setup(opts: { constrain?: (t: ZoomTransform) => ZoomTransform; still?: boolean } = {}) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const child = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.append(child);
  document.body.append(svg);
  const seen: [ZoomTransform, ZoomSource][] = [];
  const z = attachZoom(
    svg,
    { k: 1, x: 0 },
    {
      constrain: opts.constrain ?? ((t) => t),
      onZoom: (t, source) => seen.push([t, source]),
      still: () => opts.still ?? true,
    },
  );
  mounted.push(() => z.destroy());
  const pointer = (type: string, x: number, y = 0, fields: Record<string, unknown> = {}) =>
    fire(type === 'pointerdown' ? child : window, type, {
      clientX: x,
      clientY: y,
      pointerId: 1,
      pointerType: 'mouse',
      ...fields,
    });
  return { svg, child, z, seen, pointer };
}

describe('pan and zoom math, as d3-zoom', () => {
  it('keeps a base point under a screen point', () => {
    expect(placing(2, [100, 0], [30, 0])).toEqual({ k: 2, x: 40 });
  });

  it('steps the wheel as d3-zoom does', () => {
    expect(wheelZoom({ deltaY: -100, deltaMode: 0, ctrlKey: false })).toBeCloseTo(0.2);
    expect(wheelZoom({ deltaY: -100, deltaMode: 0, ctrlKey: true })).toBeCloseTo(2);
    expect(wheelZoom({ deltaY: 3, deltaMode: 1, ctrlKey: false })).toBeCloseTo(-0.15);
    expect(wheelZoom({ deltaY: 1, deltaMode: 2, ctrlKey: false })).toBe(-1);
  });

  it('pinches: the fingers keep their base points, within the scale extent', () => {
    const a = { p: [0, 0] as [number, number], l: [0, 0] as [number, number] };
    const b = { p: [200, 0] as [number, number], l: [100, 0] as [number, number] };
    expect(pinch(a, b, (k) => k)).toEqual({ k: 2, x: 0 });
    expect(pinch(a, b, (k) => Math.min(k, 1.5))).toEqual({ k: 1.5, x: 100 - 50 * 1.5 });
  });
});

describe('the zoom on the diagram', () => {
  it('pans with a mouse drag and does not click what a long drag started on', async () => {
    const { child, z, seen, pointer } = setup();
    let clicks = 0;
    child.addEventListener('click', () => clicks++);
    pointer('pointerdown', 100);
    pointer('pointermove', 103);
    pointer('pointermove', 160);
    pointer('pointerup', 160);
    expect(z.current()).toEqual({ k: 1, x: 60 });
    expect(seen.every(([, source]) => source === 'drag')).toBe(true);
    fire(child, 'click');
    expect(clicks).toBe(0);
    // only the click that ends the drag
    await new Promise((r) => setTimeout(r, 5));
    fire(child, 'click');
    expect(clicks).toBe(1);
  });

  it('clicks after a drag of 5 px or less', () => {
    const { child, pointer } = setup();
    let clicks = 0;
    child.addEventListener('click', () => clicks++);
    pointer('pointerdown', 100);
    pointer('pointermove', 104, 3);
    pointer('pointerup', 104, 3);
    fire(child, 'click');
    expect(clicks).toBe(1);
  });

  it('leaves Ctrl+drag and other buttons alone', () => {
    const { z, seen, pointer } = setup();
    pointer('pointerdown', 100, 0, { ctrlKey: true });
    pointer('pointermove', 150);
    pointer('pointerdown', 100, 0, { button: 2 });
    pointer('pointermove', 150);
    expect(seen).toEqual([]);
    expect(z.current()).toEqual({ k: 1, x: 0 });
  });

  it('applies the constraint to gestures but not to transform()', () => {
    const { z, pointer } = setup({ constrain: (t) => ({ k: t.k, x: Math.min(t.x, 10) }) });
    pointer('pointerdown', 0);
    pointer('pointermove', 100);
    pointer('pointerup', 100);
    expect(z.current().x).toBe(10);
    z.transform({ k: 3, x: 500 });
    expect(z.current()).toEqual({ k: 3, x: 500 });
  });

  it('zooms about the pointer with Ctrl+wheel, within the extent, and leaves the page the wheel at a limit', () => {
    const { svg, z, seen } = setup();
    z.scaleExtent(0.5, 4);
    const zoomIn = fire(svg, 'wheel', { deltaY: -50, deltaMode: 0, ctrlKey: true, clientX: 100, clientY: 0 });
    expect(zoomIn.defaultPrevented).toBe(true);
    expect(z.current()).toEqual({ k: 2, x: -100 });
    expect(seen.at(-1)![1]).toBe('wheel');
    fire(svg, 'wheel', { deltaY: -500, deltaMode: 0, ctrlKey: true, clientX: 100, clientY: 0 });
    expect(z.current().k).toBe(4);
    return new Promise<void>((done) =>
      setTimeout(() => {
        // The wheel gesture is over; at the limit nothing zooms and the event is the page's.
        const atLimit = fire(svg, 'wheel', { deltaY: -50, deltaMode: 0, ctrlKey: true, clientX: 100 });
        expect(atLimit.defaultPrevented).toBe(false);
        done();
      }, 200),
    );
  });

  it('pans with a horizontal wheel or Shift+wheel; a plain wheel scrolls the page', () => {
    const { svg, z, seen } = setup();
    const plain = fire(svg, 'wheel', { deltaY: 100, deltaX: 0, clientX: 10 });
    expect(plain.defaultPrevented).toBe(false);
    expect(seen).toEqual([]);
    fire(svg, 'wheel', { deltaY: 0, deltaX: 30, clientX: 10 });
    expect(z.current()).toEqual({ k: 1, x: -30 });
    fire(svg, 'wheel', { deltaY: 20, deltaX: 0, shiftKey: true, clientX: 10 });
    expect(z.current()).toEqual({ k: 1, x: -50 });
    expect(seen.map(([, s]) => s)).toEqual(['wheel-pan', 'wheel-pan']);
  });

  it('pinches with two fingers, then pans with the one left', () => {
    const { z, pointer } = setup();
    const touch = (type: string, id: number, x: number) =>
      pointer(type, x, 0, { pointerId: id, pointerType: 'touch' });
    touch('pointerdown', 1, 100);
    touch('pointerdown', 2, 200);
    touch('pointermove', 1, 50);
    touch('pointermove', 2, 250);
    // the fingers were 100 apart and are 200 apart: twice the scale, their middle (150) kept
    expect(z.current()).toEqual({ k: 2, x: -150 });
    touch('pointerup', 2, 250);
    touch('pointermove', 1, 80);
    expect(z.current()).toEqual({ k: 2, x: -120 });
    touch('pointerup', 1, 80);
  });

  it('zooms in twice about a double tap (Shift: out), at once when motion is reduced', () => {
    const { z, pointer } = setup({ still: true });
    const tap = (at: number, fields: Record<string, unknown> = {}) => {
      pointer('pointerdown', at, 0, { pointerType: 'touch', timeStamp: at, ...fields });
      pointer('pointerup', at, 0, { pointerType: 'touch', timeStamp: at, ...fields });
    };
    tap(100, { timeStamp: 1000 });
    expect(z.current()).toEqual({ k: 1, x: 0 });
    tap(104, { timeStamp: 1200 });
    expect(z.current()).toEqual({ k: 2, x: -104 });
    // too slow for a double tap
    tap(100, { timeStamp: 5000 });
    tap(100, { timeStamp: 5600 });
    expect(z.current().k).toBe(2);
    tap(100, { timeStamp: 9000, shiftKey: true });
    tap(100, { timeStamp: 9100, shiftKey: true });
    expect(z.current().k).toBe(1);
  });

  it('glides to a double tap’s zoom when motion is not reduced, and stops gliding for any other change', async () => {
    const { z, seen, pointer } = setup({ still: false });
    const tap = (time: number) => {
      pointer('pointerdown', 100, 0, { pointerType: 'touch', timeStamp: time });
      pointer('pointerup', 100, 0, { pointerType: 'touch', timeStamp: time });
    };
    tap(1000);
    tap(1100);
    expect(z.current().k).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(z.current()).toEqual({ k: 2, x: -100 });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every(([, s]) => s === 'tap')).toBe(true);
    tap(3000);
    tap(3100);
    z.scaleBy(0.5, 0);
    const after = z.current();
    await new Promise((r) => setTimeout(r, 400));
    expect(z.current()).toEqual(after);
  });

  it('zooms by a factor about a point, within the extent', () => {
    const { z } = setup();
    z.scaleExtent(0.5, 3);
    z.scaleBy(2, 100);
    expect(z.current()).toEqual({ k: 2, x: -100 });
    z.scaleBy(2, 100);
    expect(z.current().k).toBe(3);
    z.scaleBy(1 / 100, 0);
    expect(z.current().k).toBe(0.5);
  });

  it('lets go of everything when destroyed', () => {
    const { svg, z, seen, pointer } = setup();
    pointer('pointerdown', 100);
    z.destroy();
    pointer('pointermove', 150);
    fire(svg, 'wheel', { deltaY: -50, ctrlKey: true, clientX: 10 });
    expect(seen).toEqual([]);
  });
});
