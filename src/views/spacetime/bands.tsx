/**
 * Node and link conditions on the lanes: a crashed node's lane is hatched "down" from its ✕ until it
 * recovers; a paused node's lane carries an orange "paused" band; a cut one-way link is a dashed
 * purple bar under the sender's lane, "✂ cut → receiver". Each has a word, not only a colour.
 */
import { palette } from '../theme.ts';
import { extentAt, type Band, type Cut, type Extent } from './model.ts';
import type { Frame } from './viewport.ts';

const BAND_HALF = 22;
const CUT_DY = 31;

function visible(e: Extent, frame: Frame): boolean {
  const a = e.solid ?? e.later;
  const b = e.later ?? e.solid;
  return a !== null && b !== null && a[0] <= frame.t1 && b[1] >= frame.t0;
}

/** Where a label at the start of a stretch goes: at its start, or at the left edge once that scrolls away. */
function labelX(startT: number, frame: Frame): number {
  return Math.max(startT, frame.t0) * frame.pxPerMs + 4;
}

export function Bands({ frame, bands }: { frame: Frame; bands: readonly Band[] }) {
  const { pxPerMs } = frame;
  const out = [];
  for (let i = 0; i < bands.length; i++) {
    const band = bands[i]!;
    const y = frame.laneY.get(band.node);
    if (y === undefined) continue;
    const ext = extentAt(band, frame.cursorSeq, frame.cursorT, frame.seenSeq, frame.seenT);
    if (!visible(ext, frame)) continue;
    const down = band.kind === 'down';
    const rect = (span: [number, number], later: boolean) => (
      <rect
        className={`st-band ${band.kind}${later ? ' st-later' : ''}`}
        x={span[0] * pxPerMs}
        y={y - BAND_HALF}
        width={Math.max(2, (span[1] - span[0]) * pxPerMs)}
        height={BAND_HALF * 2}
        fill={down ? 'url(#st-hatch)' : 'rgba(230, 159, 0, 0.16)'}
        stroke={down ? palette.ink : palette.orange}
        strokeDasharray={down ? undefined : '4 3'}
      />
    );
    const x = band.startT * pxPerMs;
    out.push(
      <g key={`${band.node}-${band.startSeq}`} className="st-band-group">
        {ext.solid && rect(ext.solid, false)}
        {ext.later && rect(ext.later, true)}
        {down && (
          <text
            className={`st-crash${ext.solid ? '' : ' st-later'}`}
            x={x}
            y={y}
            dy="0.35em"
            textAnchor="middle"
          >
            ✕
          </text>
        )}
        <text
          className={`st-band-label${ext.solid ? '' : ' st-later'}`}
          x={labelX(band.startT, frame) + (down ? 8 : 0)}
          y={y + BAND_HALF - 5}
        >
          {down ? 'down (crashed)' : 'paused'}
        </text>
      </g>,
    );
  }
  return <g className="st-bands">{out}</g>;
}

export function Cuts({ frame, cuts }: { frame: Frame; cuts: readonly Cut[] }) {
  const { pxPerMs } = frame;
  const out = [];
  const stacked = new Map<string, number>();
  for (const cut of cuts) {
    const y0 = frame.laneY.get(cut.from);
    if (y0 === undefined) continue;
    const ext = extentAt(cut, frame.cursorSeq, frame.cursorT, frame.seenSeq, frame.seenT);
    if (!visible(ext, frame)) continue;
    // Cuts of several links from one node stack under its lane.
    const k = stacked.get(cut.from) ?? 0;
    stacked.set(cut.from, k + 1);
    const y = y0 + CUT_DY + (k % 2) * 12;
    const bar = (span: [number, number], later: boolean) => (
      <line
        className={`st-cut${later ? ' st-later' : ''}`}
        x1={span[0] * pxPerMs}
        x2={span[1] * pxPerMs}
        y1={y}
        y2={y}
      />
    );
    out.push(
      <g key={`${cut.from}-${cut.to}-${cut.startSeq}`}>
        {ext.solid && bar(ext.solid, false)}
        {ext.later && bar(ext.later, true)}
        <text
          className={`st-cut-label${ext.solid ? '' : ' st-later'}`}
          x={labelX(cut.startT, frame)}
          y={y - 4}
        >
          ✂ link {cut.from} → {cut.to} cut
        </text>
      </g>,
    );
  }
  return <g className="st-cuts">{out}</g>;
}
