/**
 * Inside `<iframe sandbox="allow-scripts">` the page has an opaque origin: reading `localStorage`,
 * `sessionStorage` or `document.cookie` throws a SecurityError. The embed shows views written for
 * the full app, which may remember things; so before anything else runs, storage that throws is
 * replaced by a per-page memory store (and cookies by a no-op), and nothing can take the embed down.
 */

class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(String(key)) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(String(key));
  }
  setItem(key: string, value: string): void {
    this.map.set(String(key), String(value));
  }
}

function works(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch {
    return false;
  }
}

/** Returns the names of what had to be replaced (for tests and the console). */
export function installStorageGuards(win: Window & typeof globalThis = window): string[] {
  const replaced: string[] = [];
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    if (works(() => win[name]?.getItem('roundtrip:probe'))) continue;
    try {
      Object.defineProperty(win, name, { configurable: true, enumerable: true, value: new MemoryStorage() });
      replaced.push(name);
    } catch {
      // Not replaceable in this browser: code must still guard its own reads.
    }
  }
  if (!works(() => win.document.cookie)) {
    try {
      let jar = '';
      Object.defineProperty(win.document, 'cookie', {
        configurable: true,
        get: () => jar,
        set: () => {
          jar = ''; // cookies cannot be kept here; writes are ignored
        },
      });
      replaced.push('cookie');
    } catch {
      // as above
    }
  }
  return replaced;
}

/** Whether this page runs with an opaque origin (a sandboxed iframe without allow-same-origin). */
export function isOpaqueOrigin(win: Window = window): boolean {
  return win.origin === 'null';
}
