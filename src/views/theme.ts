/**
 * One visual vocabulary for every view: the Okabe–Ito palette (safe for the common colour-vision
 * deficiencies), and for every meaning a shape and a word as well as a colour.
 */
export const palette = {
  ink: '#1d1d1f',
  muted: '#5f6368',
  grid: '#d9dce1',
  paper: '#ffffff',
  blue: '#0072b2',
  sky: '#56b4e9',
  green: '#009e73',
  orange: '#e69f00',
  vermillion: '#d55e00',
  purple: '#cc79a7',
  yellow: '#f0e442',
} as const;

export type OutcomeKind = 'success' | 'failure' | 'unknown';

/** How a call's outcome is drawn: colour, a glyph, and the word. */
export const outcomeStyle: Record<OutcomeKind, { color: string; glyph: string; label: string }> = {
  success: { color: palette.blue, glyph: '✓', label: 'success' },
  failure: { color: palette.vermillion, glyph: '✕', label: 'failure' },
  unknown: { color: palette.orange, glyph: '?', label: 'unknown' },
};

/** The server's ground truth: applied (filled) or not (hollow), with a word. */
export const truthStyle = {
  applied: { fill: true, label: 'applied' },
  notApplied: { fill: false, label: 'not applied' },
} as const;

/** Why a message died, as the mark drawn where it died. */
export const dropStyle: Record<string, { color: string; glyph: string; label: string }> = {
  loss: { color: palette.vermillion, glyph: '✕', label: 'lost' },
  cut: { color: palette.purple, glyph: '✂', label: 'link cut' },
  crashed: { color: palette.ink, glyph: '⊘', label: 'receiver down' },
  'dropped-by-you': { color: palette.vermillion, glyph: '✗', label: 'dropped by you' },
};

/** Node conditions: colour plus a badge word, never colour alone. */
export const nodeStyle = {
  up: { fill: '#eef5fb', stroke: palette.blue, badge: '' },
  crashed: { fill: '#f1f1f1', stroke: palette.ink, badge: 'CRASHED' },
  paused: { fill: '#fff8e6', stroke: palette.orange, badge: 'PAUSED' },
  slow: { fill: '#f6eef3', stroke: palette.purple, badge: 'SLOW' },
} as const;
