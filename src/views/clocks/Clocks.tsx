/**
 * Each node's own clock beside true time at the cursor: what it reads, how far ahead or behind it
 * is (in words and as a bar either side of zero), and how fast it drifts. Lessons whose clocks are
 * all perfect get one line saying so instead.
 */
import { useApp } from '../../store/store.ts';
import { palette } from '../theme.ts';
import { useStatusIndex } from '../derive/status.ts';
import {
  describeDrift,
  describeOffset,
  formatClock,
  readClock,
  skewScaleMs,
  type ClockReading,
} from './reading.ts';

export function Clocks() {
  const nodes = useApp((s) => s.nodes);
  const cursor = useApp((s) => s.cursor);
  const cursorSeq = useApp((s) => s.cursorSeq);
  const index = useStatusIndex();
  if (nodes.length === 0) return null;

  if (index.clocksPerfect()) {
    return (
      <section className="panel clocks is-compact" aria-labelledby="clocks-title">
        <h2 id="clocks-title">Clocks</h2>
        <p className="clocks-perfect">All clocks agree with true time in this lesson.</p>
      </section>
    );
  }

  const readings = nodes.map((n) =>
    readClock(n.name, index.clockAt(n.name, cursorSeq), cursor, index.clockEvents(n.name)),
  );
  const scale = skewScaleMs(readings.map((r) => r.offsetMs));
  return (
    <section className="panel clocks" aria-labelledby="clocks-title">
      <div className="clocks-head">
        <h2 id="clocks-title">Clocks</h2>
        <p className="clocks-true">
          True time <strong>{formatClock(cursor)}</strong>
          <span className="clocks-note"> (only the simulator knows it; each node sees its own clock)</span>
        </p>
      </div>
      <ul className="clocks-list">
        {readings.map((r) => (
          <ClockRow key={r.name} reading={r} scaleMs={scale} />
        ))}
      </ul>
      <p className="hint">
        Bars: how far each clock is from true time, ahead to the right, behind to the left (the widest bar is{' '}
        {scale.toFixed(scale < 100 ? 1 : 0)} ms).
      </p>
    </section>
  );
}

function ClockRow({ reading: r, scaleMs }: { reading: ClockReading; scaleMs: number }) {
  const offset = describeOffset(r.offsetMs);
  const share = Math.min(1, Math.abs(r.offsetMs) / scaleMs) * 50;
  const ahead = r.offsetMs > 0;
  const jump = r.lastJump
    ? `${r.lastJump.reason === 'resync' ? 'resynchronised' : 'skewed'} at ${formatClock(r.lastJump.t)} (jumped ${describeOffset(r.lastJump.jumpMs).replace(/ ahead| behind/, '')})`
    : '';
  return (
    <li className="clock-row">
      <span className="clock-name">{r.name}</span>
      <span className="clock-local">
        reads <strong>{formatClock(r.localMs)}</strong>
      </span>
      <span className={`clock-offset${offset === 'in step' ? '' : ahead ? ' is-ahead' : ' is-behind'}`}>
        {offset}
      </span>
      <span className="clock-bar" aria-hidden="true">
        <span className="clock-zero" />
        {share > 0.2 && (
          <span
            className="clock-fill"
            style={{
              left: ahead ? '50%' : `${50 - share}%`,
              width: `${share}%`,
              background: ahead ? palette.blue : palette.vermillion,
            }}
          />
        )}
      </span>
      <span className="clock-drift">
        {describeDrift(r.driftPpm)}
        {jump && <span className="clock-jump">; {jump}</span>}
      </span>
    </li>
  );
}
