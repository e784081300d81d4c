import { describe, expect, it } from 'vitest';
import { loadAllGuides } from '../../../lessons/registry.ts';
import { catalogItems, PARTS, PLANNED } from './catalog.ts';

describe('the home catalog', () => {
  it('lists planned lessons only while they are not built: no entry repeats a built lesson', async () => {
    const guides = await loadAllGuides();
    const planned = new Set(PLANNED.map((p) => p.id));
    expect(guides.filter((g) => planned.has(g.id)).map((g) => g.id)).toEqual([]);
  });

  it('has every lesson once, built from its guide, and fifteen places with no gap and no clash', async () => {
    const guides = await loadAllGuides();
    const items = catalogItems(guides);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.map((i) => i.order)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    for (const guide of guides) {
      const item = items.find((i) => i.id === guide.id)!;
      expect(item).toMatchObject({ part: guide.part, title: guide.title, oneLiner: guide.summary });
      expect(item.lesson).toBe(guide);
    }
  });

  it('numbers lessons through the parts: ordered by number alone, no lesson falls back to an earlier part', async () => {
    const byNumber = catalogItems(await loadAllGuides()).sort((a, b) => a.order - b.order);
    const parts = byNumber.map((i) => i.part);
    for (let k = 1; k < parts.length; k++) expect(parts[k]).toBeGreaterThanOrEqual(parts[k - 1]!);
    expect(new Set(parts)).toEqual(new Set(PARTS.map((p) => p.part)));
  });
});
