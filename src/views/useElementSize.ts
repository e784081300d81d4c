/**
 * The one element-size hook: an element's inner size (client width and height), kept up to date as
 * it resizes. `fallback` holds until it has been measured, and where there is no ResizeObserver
 * (unit tests in happy-dom).
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ElementSize {
  width: number;
  height: number;
}

export function useElementSize<T extends HTMLElement>(
  fallback: Partial<ElementSize> = {},
): [RefObject<T | null>, ElementSize] {
  const ref = useRef<T | null>(null);
  const [size, setSize] = useState<ElementSize>({ width: fallback.width ?? 0, height: fallback.height ?? 0 });
  const fallbackWidth = fallback.width ?? 0;
  const fallbackHeight = fallback.height ?? 0;
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      // A hidden element measures 0: keep the fallback rather than lay out for nothing.
      const width = el.clientWidth || fallbackWidth;
      const height = el.clientHeight || fallbackHeight;
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [fallbackWidth, fallbackHeight]);
  return [ref, size];
}
