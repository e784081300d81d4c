/**
 * Pan and zoom along the time axis, by hand, for the space-time diagram: what d3-zoom did for it,
 * without the five packages d3-zoom brings (d3-transition, d3-drag, d3-dispatch, d3-timer, d3-ease).
 * The transform is d3-zoom's {k, x} (y is always 0): a base point l shows at screen x `x + l * k`.
 *
 * - A drag (mouse, pen or one finger) pans; a mouse drag of more than 5 px does not click what it
 *   started on.
 * - Ctrl+wheel (a trackpad pinch reads as one) zooms about the pointer, by d3-zoom's steps; a plain
 *   wheel scrolls the page; a horizontal wheel, or Shift+wheel, pans through time.
 * - Two fingers pinch to zoom and pan; a double tap zooms in twice about the tap (Shift: out),
 *   animated for 250 ms unless `still()` says motion is to be reduced.
 * Every change but `transform()` passes through `constrain`; the scale stays within `scaleExtent`.
 */

export interface ZoomTransform {
  k: number;
  x: number;
}

/** What moved the view: a drag or touch, a wheel zoom, a wheel pan, a double tap, or the code. */
export type ZoomSource = 'drag' | 'wheel' | 'wheel-pan' | 'tap' | 'api';

export interface ZoomOptions {
  constrain(t: ZoomTransform): ZoomTransform;
  onZoom(t: ZoomTransform, source: ZoomSource): void;
  /** True when motion is to be reduced: a double tap's zoom then jumps instead of gliding. */
  still(): boolean;
}

export interface Zoom {
  /** Sets the transform as it is (not constrained), stopping any gesture's animation. */
  transform(t: ZoomTransform): void;
  /** Zooms by `factor` keeping screen x `at` in place. */
  scaleBy(factor: number, at: number): void;
  scaleExtent(min: number, max: number): void;
  current(): ZoomTransform;
  destroy(): void;
}

type Point = [number, number];
/** A screen point and the base point under it when the gesture took hold of it. */
interface Anchor {
  p: Point;
  l: Point;
}

/** As d3-zoom: how far one wheel event zooms (as a power of 2). */
export function wheelZoom(e: Pick<WheelEvent, 'deltaY' | 'deltaMode' | 'ctrlKey'>): number {
  return -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * (e.ctrlKey ? 10 : 1);
}

/** The transform at scale k that shows base point `l` at screen point `p`. */
export function placing(k: number, p: Point, l: Point): ZoomTransform {
  return { k, x: p[0] - l[0] * k };
}

/** Two fingers: the scale that keeps their base points under them, and the transform at it. */
export function pinch(a: Anchor, b: Anchor, clampK: (k: number) => number): ZoomTransform {
  const dp = (b.p[0] - a.p[0]) ** 2 + (b.p[1] - a.p[1]) ** 2;
  const dl = (b.l[0] - a.l[0]) ** 2 + (b.l[1] - a.l[1]) ** 2;
  const k = clampK(Math.sqrt(dp / dl));
  const mid = (u: Point, v: Point): Point => [(u[0] + v[0]) / 2, (u[1] + v[1]) / 2];
  return placing(k, mid(a.p, b.p), mid(a.l, b.l));
}

const CLICK_DISTANCE2 = 5 * 5;
const TAP_DISTANCE = 10;
const DOUBLE_TAP_MS = 500;
const WHEEL_IDLE_MS = 150;
const GLIDE_MS = 250;

const cubicInOut = (s: number) => ((s *= 2) <= 1 ? s * s * s : (s -= 2) * s * s + 2) / 2;

export function attachZoom(svg: SVGSVGElement, initial: ZoomTransform, opts: ZoomOptions): Zoom {
  let t = initial;
  let minK = 0;
  let maxK = Infinity;
  const clampK = (k: number) => Math.max(minK, Math.min(maxK, k));
  const invert = (p: Point): Point => [(p[0] - t.x) / t.k, p[1] / t.k];
  const view = svg.ownerDocument.defaultView ?? window;

  const pointOf = (e: { clientX: number; clientY: number }): Point => {
    const m = svg.getScreenCTM?.();
    if (m) {
      const q = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      return [q.x, q.y];
    }
    const r = svg.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  // ------------------------------------------------------------------ state of the gestures
  /** Pointers down on the diagram (at most two), in the order they came. */
  const pointers = new Map<number, Anchor>();
  /** A mouse (or pen) drag moved far enough not to be a click. */
  let mouseMoved = false;
  let downAt: Point = [0, 0];
  let wheel: { anchor: Anchor; timer: ReturnType<typeof setTimeout> } | null = null;
  let glide = 0;
  let taps = 0;
  let lastTapStart = -Infinity;
  let firstTap: Point = [0, 0];

  /** Every change goes through here; a gesture's own anchors stay, every other one is re-taken. */
  const set = (next: ZoomTransform, source: ZoomSource, fromGlide = false) => {
    if (!fromGlide && glide) {
      cancelAnimationFrame(glide);
      glide = 0;
    }
    t = next;
    if (source !== 'drag') for (const a of pointers.values()) a.l = invert(a.p);
    if (source !== 'wheel' && wheel) wheel.anchor.l = invert(wheel.anchor.p);
    opts.onZoom(t, source);
  };

  // ------------------------------------------------------------------ wheel
  const onWheel = (e: WheelEvent) => {
    if (!e.ctrlKey && !e.metaKey) {
      // Horizontal wheels and Shift+wheel pan through time; anything else scrolls the page.
      const dx = e.shiftKey && e.deltaX === 0 ? e.deltaY : e.deltaX;
      if (Math.abs(dx) <= Math.abs(e.shiftKey ? 0 : e.deltaY)) return;
      e.preventDefault();
      set(opts.constrain({ k: t.k, x: t.x - dx }), 'wheel-pan');
      return;
    }
    const k = clampK(t.k * 2 ** wheelZoom(e));
    const p = pointOf(e);
    if (wheel) {
      if (wheel.anchor.p[0] !== p[0] || wheel.anchor.p[1] !== p[1]) wheel.anchor = { p, l: invert(p) };
      clearTimeout(wheel.timer);
    } else if (k === t.k) {
      return; // nothing to zoom: the page may have the wheel
    } else {
      wheel = { anchor: { p, l: invert(p) }, timer: 0 as unknown as ReturnType<typeof setTimeout> };
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    wheel.timer = setTimeout(() => (wheel = null), WHEEL_IDLE_MS);
    set(opts.constrain(placing(k, wheel.anchor.p, wheel.anchor.l)), 'wheel');
  };

  // ------------------------------------------------------------------ drags, touches, taps
  const noSelect = (e: Event) => e.preventDefault();

  const onDown = (e: PointerEvent) => {
    if (e.ctrlKey || e.button !== 0 || pointers.size >= 2 || pointers.has(e.pointerId)) return;
    const p = pointOf(e);
    pointers.set(e.pointerId, { p, l: invert(p) });
    if (pointers.size === 2) {
      taps = 0;
      lastTapStart = -Infinity;
      return;
    }
    if (glide) {
      cancelAnimationFrame(glide);
      glide = 0;
    }
    mouseMoved = false;
    downAt = [e.clientX, e.clientY];
    if (e.pointerType === 'touch') {
      taps = e.timeStamp - lastTapStart < DOUBLE_TAP_MS ? 2 : 1;
      if (taps === 1) firstTap = p;
      lastTapStart = taps === 1 ? e.timeStamp : -Infinity;
    } else {
      taps = 0;
    }
    view.addEventListener('pointermove', onMove, true);
    view.addEventListener('pointerup', onUp, true);
    view.addEventListener('pointercancel', onUp, true);
    view.addEventListener('selectstart', noSelect, true);
    view.addEventListener('dragstart', noSelect, true);
  };

  const onMove = (e: PointerEvent) => {
    const a = pointers.get(e.pointerId);
    if (!a) return;
    a.p = pointOf(e);
    if (!mouseMoved) {
      const dx = e.clientX - downAt[0];
      const dy = e.clientY - downAt[1];
      mouseMoved = dx * dx + dy * dy > CLICK_DISTANCE2;
    }
    const [first, second] = [...pointers.values()];
    const next = second ? pinch(first!, second, clampK) : placing(t.k, a.p, a.l);
    set(opts.constrain(next), 'drag');
  };

  const onUp = (e: PointerEvent) => {
    const a = pointers.get(e.pointerId);
    if (!a) return;
    pointers.delete(e.pointerId);
    // One finger left of a pinch carries on panning from where the view is now.
    for (const rest of pointers.values()) rest.l = invert(rest.p);
    if (pointers.size > 0) return;
    view.removeEventListener('pointermove', onMove, true);
    view.removeEventListener('pointerup', onUp, true);
    view.removeEventListener('pointercancel', onUp, true);
    view.removeEventListener('selectstart', noSelect, true);
    view.removeEventListener('dragstart', noSelect, true);
    if (e.pointerType !== 'touch' && mouseMoved) {
      // The drag is not a click on what it started on.
      const swallow = (c: Event) => {
        c.preventDefault();
        c.stopImmediatePropagation();
      };
      view.addEventListener('click', swallow, true);
      setTimeout(() => view.removeEventListener('click', swallow, true), 0);
    }
    const p = pointOf(e);
    if (taps === 2 && Math.hypot(firstTap[0] - p[0], firstTap[1] - p[1]) < TAP_DISTANCE) {
      zoomTo(opts.constrain(placing(clampK(t.k * (e.shiftKey ? 0.5 : 2)), p, invert(p))), p);
    }
  };

  /** A double tap's zoom: glides to `to` keeping screen point p's base point moving evenly. */
  const zoomTo = (to: ZoomTransform, p: Point) => {
    if (opts.still()) {
      set(to, 'tap');
      return;
    }
    const from = t;
    const l0 = (p[0] - from.x) / from.k;
    const l1 = (p[0] - to.x) / to.k;
    const start = performance.now();
    const frame = (now: number) => {
      const s = Math.min(1, (now - start) / GLIDE_MS);
      if (s >= 1) {
        glide = 0;
        set(to, 'tap', true);
        return;
      }
      const e = cubicInOut(s);
      const k = from.k * (to.k / from.k) ** e;
      set({ k, x: p[0] - (l0 + (l1 - l0) * e) * k }, 'tap', true);
      glide = requestAnimationFrame(frame);
    };
    glide = requestAnimationFrame(frame);
  };

  svg.addEventListener('wheel', onWheel, { passive: false });
  svg.addEventListener('pointerdown', onDown);
  // The diagram keeps a finger's every move (d3-zoom did the same by cancelling touchmove).
  svg.style.touchAction = 'none';
  svg.style.setProperty('-webkit-tap-highlight-color', 'rgba(0,0,0,0)');

  return {
    transform: (next) => set(next, 'api'),
    scaleBy(factor, at) {
      const p: Point = [at, 0];
      set(opts.constrain(placing(clampK(t.k * factor), p, invert(p))), 'api');
    },
    scaleExtent(min, max) {
      minK = min;
      maxK = max;
    },
    current: () => t,
    destroy() {
      svg.removeEventListener('wheel', onWheel);
      svg.removeEventListener('pointerdown', onDown);
      view.removeEventListener('pointermove', onMove, true);
      view.removeEventListener('pointerup', onUp, true);
      view.removeEventListener('pointercancel', onUp, true);
      view.removeEventListener('selectstart', noSelect, true);
      view.removeEventListener('dragstart', noSelect, true);
      if (glide) cancelAnimationFrame(glide);
      if (wheel) clearTimeout(wheel.timer);
      pointers.clear();
    },
  };
}
