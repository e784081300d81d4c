// @vitest-environment happy-dom
import { act, Suspense } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { LOAD_FAILED, lazyPart } from './lazy-part.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function Hello({ name }: { name: string }) {
  return <p>Hello, {name}</p>;
}

describe('lazyPart', () => {
  let host: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.appendChild(host);
    root = createRoot(host);
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
    vi.restoreAllMocks();
  });

  const show = async (Part: ReturnType<typeof lazyPart<{ name: string }>>, onClose?: () => void) => {
    await act(async () =>
      root.render(
        <ErrorBoundary area="the greeting" onClose={onClose}>
          <Suspense fallback={<p>Opening…</p>}>
            <Part name="Ada" />
          </Suspense>
        </ErrorBoundary>,
      ),
    );
  };

  it('downloads once, when first shown, and passes the props on', async () => {
    const load = vi.fn(() => Promise.resolve(Hello));
    const Part = lazyPart(load);
    expect(load).not.toHaveBeenCalled();
    await show(Part);
    expect(host.textContent).toBe('Hello, Ada');
    await show(Part);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says a failed download plainly, waits, and downloads again on "Try again"', async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValue(new TypeError('Failed to fetch dynamically imported module: /assets/x.js'));
    const Part = lazyPart(load);
    await show(Part);
    const alert = () => host.querySelector('[role="alert"]')?.textContent;
    expect(alert()).toBe(`Something went wrong in the greeting: ${LOAD_FAILED}Try again`);
    // React re-renders a failed tree at once: that must not start another download (offline, forever).
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(load).toHaveBeenCalledTimes(1);
    // Still failing: the message again, after one more try.
    await act(async () => host.querySelector('button')!.click());
    expect(load).toHaveBeenCalledTimes(2);
    expect(alert()).toContain(LOAD_FAILED);
    // Back online.
    load.mockResolvedValue(Hello);
    await act(async () => host.querySelector('button')!.click());
    expect(load).toHaveBeenCalledTimes(3);
    expect(host.textContent).toBe('Hello, Ada');
  });

  it('offers Close for a part the learner opened; the next time it is shown it downloads again', async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(Hello);
    const onClose = vi.fn();
    const Part = lazyPart(load);
    await show(Part, onClose);
    const buttons = [...host.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['Try again', 'Close']);
    act(() => buttons[1]!.click());
    expect(onClose).toHaveBeenCalledTimes(1);
    await act(async () => root.render(null));
    await show(Part, onClose);
    expect(load).toHaveBeenCalledTimes(2);
    expect(host.textContent).toBe('Hello, Ada');
  });
});
