import { describe, expect, it } from 'vitest';
import { SPAN_END, type MessageSpan } from '../../engine/spans.ts';
import {
  DROP_AT,
  DUPLICATE_SPLIT_PX,
  duplicateSplit,
  laneBetween,
  layoutNodes,
  orientNodes,
  placeMessage,
  pointAlong,
  topologyHeight,
  type NodeBox,
} from './geometry.ts';

const span = (over: Partial<MessageSpan> = {}): MessageSpan => ({
  msg: 1,
  from: 'a',
  to: 'b',
  label: 'charge',
  call: undefined,
  sendT: 100,
  sendSeq: 0,
  duplicateOf: undefined,
  end: SPAN_END.delivered,
  endT: 200,
  endSeq: 1,
  dropReason: undefined,
  ...over,
});

describe('placeMessage', () => {
  it('interpolates a delivered message from send to delivery', () => {
    expect(placeMessage(span(), 99, 500)).toBeNull();
    expect(placeMessage(span(), 100, 500)?.p).toBe(0);
    expect(placeMessage(span(), 150, 500)?.p).toBeCloseTo(0.5);
    expect(placeMessage(span(), 200, 500)).toBeNull();
  });
  it('stops a dropped message partway and leaves a fading mark', () => {
    const dropped = span({ end: SPAN_END.dropped, dropReason: 'loss' });
    expect(placeMessage(dropped, 150, 500)?.p).toBeCloseTo(DROP_AT / 2);
    const mark = placeMessage(dropped, 200, 500)!;
    expect(mark).toMatchObject({ p: DROP_AT, phase: 'dropped', alpha: 1 });
    const later = placeMessage(dropped, 450, 500)!;
    expect(later.alpha).toBeCloseTo(0.5);
    expect(placeMessage(dropped, 450, 500, true)!.alpha).toBe(1);
    expect(placeMessage(dropped, 700, 500)).toBeNull();
    expect(DROP_AT).toBeGreaterThanOrEqual(0.6);
    expect(DROP_AT).toBeLessThanOrEqual(0.7);
  });
  it('splits a duplicate from its original and rejoins at the end', () => {
    const copy = span({ duplicateOf: 0 });
    expect(placeMessage(copy, 100, 500)?.sideways).toBe(0);
    expect(placeMessage(copy, 150, 500)?.sideways).toBe(DUPLICATE_SPLIT_PX);
    expect(placeMessage(span(), 150, 500)?.sideways).toBe(0);
    expect(duplicateSplit(1)).toBe(0);
  });
  it('keeps a message whose end is not simulated yet near its start', () => {
    const open = span({ end: SPAN_END.inFlight, endT: Infinity });
    expect(placeMessage(open, 10_000, 500)?.p).toBe(0.5);
  });
  it('handles a zero-length journey', () => {
    expect(placeMessage(span({ endT: 100 }), 100, 500)).toBeNull();
  });
});

describe('lanes', () => {
  const a: NodeBox = { name: 'a', x: 100, y: 100, hw: 50, hh: 30, round: false };
  const b: NodeBox = { name: 'b', x: 400, y: 100, hw: 50, hh: 30, round: false };
  it('run from edge to edge, each direction on its own side', () => {
    const ab = laneBetween(a, b, 6);
    const ba = laneBetween(b, a, 6);
    expect(ab.start.x).toBeCloseTo(153);
    expect(ab.end.x).toBeCloseTo(347);
    expect(ab.start.y).toBeCloseTo(106);
    expect(ba.start.y).toBeCloseTo(94);
    expect(pointAlong(ab, 0.5).x).toBeCloseTo(250);
  });
});

describe('layout', () => {
  it('keeps nodes inside the panel', () => {
    const boxes = layoutNodes(
      [
        { name: 'a', position: { x: 0, y: 0 } },
        { name: 'b', position: { x: 1, y: 1 } },
      ],
      800,
      300,
    );
    for (const box of boxes) {
      expect(box.x - box.hw).toBeGreaterThanOrEqual(0);
      expect(box.x + box.hw).toBeLessThanOrEqual(800);
      expect(box.y - box.hh).toBeGreaterThanOrEqual(0);
      expect(box.y + box.hh).toBeLessThanOrEqual(300);
    }
  });
  it('uses dots for a big cluster and a sensible height', () => {
    const many = Array.from({ length: 100 }, (_, i) => ({
      name: `n${i}`,
      position: { x: (i % 10) / 9, y: Math.floor(i / 10) / 9 },
    }));
    expect(layoutNodes(many, 900, 500)[0]!.round).toBe(true);
    expect(topologyHeight(1000, 2)).toBeGreaterThanOrEqual(300);
    expect(topologyHeight(1000, 2)).toBeLessThanOrEqual(380);
    expect(topologyHeight(360, 2)).toBeLessThan(300);
  });

  // Five columns by two rows, like a request crossing a chain of services.
  const chain = [0, 0.25, 0.5, 0.75, 1].flatMap((x, c) =>
    [0, 1].map((y, r) => ({ name: `n${c}${r}`, position: { x, y } })),
  );
  const overlaps = (boxes: NodeBox[]) =>
    boxes.some((a, i) =>
      boxes.some((b, j) => j > i && Math.abs(a.x - b.x) < a.hw + b.hw && Math.abs(a.y - b.y) < a.hh + b.hh),
    );

  it('on a phone, turns a layout too wide for its columns on its side, and no cards overlap', () => {
    const turned = orientNodes(chain, 360);
    expect(turned.find((n) => n.name === 'n40')!.position).toEqual({ x: 0, y: 1 });
    const rows = new Set(turned.map((n) => n.position.y)).size;
    expect(rows).toBe(5);
    const height = topologyHeight(360, turned.length, rows);
    expect(overlaps(layoutNodes(turned, 360, height))).toBe(false);
  });

  it('keeps a layout that fits, and every layout on a wide panel, as drawn', () => {
    const three = chain.filter((n) => n.position.x <= 0.5);
    expect(orientNodes(three, 360)).toBe(three);
    expect(orientNodes(chain, 1000)).toBe(chain);
    expect(overlaps(layoutNodes(chain, 1000, topologyHeight(1000, chain.length)))).toBe(false);
  });
});
