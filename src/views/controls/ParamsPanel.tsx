/**
 * The lesson's parameters as controls, generated from its parameter schema (the same schema the URL,
 * the embed code and the command-line runner read), with units and ranges. Each shows the value in
 * force at the cursor: where an action ("slow the link") has set it, the control shows that value
 * and says so, and moving it acts at the cursor like that action did.
 */
import type { LessonGuide, ParamSpec, ParamValue } from '../../engine/index.ts';
import { useApp, appStore } from '../../store/store.ts';
import { interventionWords } from '../../store/step-start.ts';
import { paramAt, type SetParam } from '../derive/params.ts';

function formatValue(spec: ParamSpec, value: ParamValue): string {
  if (spec.kind !== 'number') return String(value);
  const v = Number(value);
  switch (spec.unit) {
    case 'probability':
      // As many decimals as the step needs: 99.9% with a step of 0.0005, not "100%".
      return `${+(v * 100).toFixed(Math.max(0, Math.ceil(-Math.log10(spec.step * 100) - 1e-9)))}%`;
    case 'ms':
      return `${v} ms`;
    case 'ppm':
      return `${v} ppm`;
    case 'factor':
      return `×${v}`;
    case 'GB':
      return `${v.toLocaleString('en-US')} GB`;
    case 'per second':
      return `${v.toLocaleString('en-US')} a second`;
    default:
      return String(v);
  }
}

function ParamControl({
  lesson,
  name,
  spec,
  value,
  by,
}: {
  lesson: LessonGuide;
  name: string;
  spec: ParamSpec;
  value: ParamValue;
  /** The action that set the value in force, if one did. */
  by?: SetParam;
}) {
  // Overridden: a change is another such action, now (the run's own value would not show until
  // the action is gone). Otherwise a change is the run's own value.
  const set = (v: ParamValue) =>
    by
      ? appStore.getState().intervene({ kind: 'set-param', name, value: v })
      : appStore.getState().setParam(name, v);
  const id = `param-${name}`;
  const note = by && (
    <small className="param-override" data-testid={`param-override-${name}`}>
      Set by an action: {interventionWords(lesson, by)}. Moving this changes it from now on.
    </small>
  );
  if (spec.kind === 'boolean') {
    return (
      <div className="param">
        <label htmlFor={id} className="switch">
          <input
            id={id}
            type="checkbox"
            role="switch"
            checked={Boolean(value)}
            onChange={(e) => set(e.currentTarget.checked)}
          />
          <span>{spec.label}</span>
        </label>
        <small>{spec.description}</small>
        {note}
      </div>
    );
  }
  if (spec.kind === 'choice') {
    return (
      <div className="param">
        <label htmlFor={id}>{spec.label}</label>
        <select id={id} value={String(value)} onChange={(e) => set(e.currentTarget.value)}>
          {spec.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
        <small>{spec.description}</small>
        {note}
      </div>
    );
  }
  return (
    <div className="param">
      <label htmlFor={id}>
        {spec.label} <output htmlFor={id}>{formatValue(spec, value)}</output>
      </label>
      <input
        id={id}
        type="range"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        value={Number(value)}
        aria-valuetext={formatValue(spec, value)}
        onChange={(e) => set(Number(e.currentTarget.value))}
      />
      <small>{spec.description}</small>
      {note}
    </div>
  );
}

export interface ParamsPanelProps {
  /** Only these parameters (the player shows a step's own settings first); all when absent. */
  names?: readonly string[];
  title?: string;
  /** Render the controls alone, without the panel and its heading (inside a section of the player). */
  bare?: boolean;
}

export function ParamsPanel({ names, title = 'Settings', bare = false }: ParamsPanelProps = {}) {
  const lesson = useApp((s) => s.lesson);
  const run = useApp((s) => s.run);
  const cursor = useApp((s) => s.cursor);
  if (!lesson || !run) return null;
  const entries = Object.entries(lesson.params).filter(([name]) => !names || names.includes(name));
  if (!entries.length) return null;
  const controls = entries.map(([name, spec]) => {
    const now = paramAt(run, name, spec.default, cursor);
    return <ParamControl key={name} lesson={lesson} name={name} spec={spec} value={now.value} by={now.by} />;
  });
  if (bare) return <div className="params">{controls}</div>;
  return (
    <section className="panel params" aria-label={title}>
      <h2>{title}</h2>
      {controls}
    </section>
  );
}
