/**
 * The lesson's parameters as controls, generated from its parameter schema (the same schema the URL,
 * the embed code and the command-line runner read), with units and ranges.
 */
import type { ParamSpec, ParamValue } from '../../engine/index.ts';
import { useApp, appStore } from '../../store/store.ts';

function formatValue(spec: ParamSpec, value: ParamValue): string {
  if (spec.kind !== 'number') return String(value);
  const v = Number(value);
  switch (spec.unit) {
    case 'probability':
      return `${Math.round(v * 100)}%`;
    case 'ms':
      return `${v} ms`;
    case 'ppm':
      return `${v} ppm`;
    case 'factor':
      return `×${v}`;
    default:
      return String(v);
  }
}

function ParamControl({ name, spec, value }: { name: string; spec: ParamSpec; value: ParamValue }) {
  const set = (v: ParamValue) => appStore.getState().setParam(name, v);
  const id = `param-${name}`;
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
  const params = useApp((s) => s.run?.params);
  if (!lesson || !params) return null;
  const entries = Object.entries(lesson.params).filter(([name]) => !names || names.includes(name));
  if (!entries.length) return null;
  const controls = entries.map(([name, spec]) => (
    <ParamControl key={name} name={name} spec={spec} value={params[name] ?? spec.default} />
  ));
  if (bare) return <div className="params">{controls}</div>;
  return (
    <section className="panel params" aria-label={title}>
      <h2>{title}</h2>
      {controls}
    </section>
  );
}
