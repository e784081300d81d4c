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
          <input id={id} type="checkbox" role="switch" checked={Boolean(value)} onChange={(e) => set(e.currentTarget.checked)} />
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

export function ParamsPanel() {
  const lesson = useApp((s) => s.lesson);
  const params = useApp((s) => s.run?.params);
  if (!lesson || !params) return null;
  const entries = Object.entries(lesson.params);
  if (!entries.length) return null;
  return (
    <section className="panel params" aria-labelledby="params-title">
      <h2 id="params-title">Settings</h2>
      {entries.map(([name, spec]) => (
        <ParamControl key={name} name={name} spec={spec} value={params[name] ?? spec.default} />
      ))}
    </section>
  );
}
