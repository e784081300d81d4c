/**
 * Every keyboard command as one typed record (Excalidraw's actions): the key handler, the help
 * overlay and the buttons' shortcut hints all read this list, so they can never disagree.
 */
import type { AppState } from '../store/types.ts';
import { setPresenting } from './present/presenting.ts';

export interface Command {
  id: string;
  /** KeyboardEvent.key values that run it. */
  keys: string[];
  /** How the key is shown in help ("Space", "→"). */
  display: string;
  label: string;
  run(state: AppState): void;
}

export const commands: Command[] = [
  { id: 'play', keys: [' '], display: 'Space', label: 'Play or pause', run: (s) => s.togglePlay() },
  {
    id: 'step-forward',
    keys: ['ArrowRight', '.'],
    display: '→',
    label: 'Step to the next event',
    run: (s) => s.stepForward(),
  },
  {
    id: 'step-back',
    keys: ['ArrowLeft', ','],
    display: '←',
    label: 'Step back one event',
    run: (s) => s.stepBack(),
  },
  { id: 'faster', keys: [']', '+'], display: ']', label: 'Faster', run: (s) => s.setSpeed(s.speed * 2) },
  { id: 'slower', keys: ['[', '-'], display: '[', label: 'Slower', run: (s) => s.setSpeed(s.speed / 2) },
  { id: 'start', keys: ['Home'], display: 'Home', label: 'Rewind to the start', run: (s) => s.seek(0) },
  {
    id: 'reset',
    keys: ['r'],
    display: 'R',
    label: 'Restart this step (its own seed and settings, none of your actions)',
    run: (s) => s.reset(),
  },
  { id: 'new-seed', keys: ['n'], display: 'N', label: 'New seed', run: (s) => s.newSeed() },
  // A presenter's clicker sends Page Down and Page Up.
  {
    id: 'next-step',
    keys: ['PageDown'],
    display: 'Page Down',
    label: 'Next step of the lesson',
    run: (s) => {
      if (s.lesson && s.stepIndex < s.lesson.steps.length - 1) s.goToStep(s.stepIndex + 1);
    },
  },
  {
    id: 'previous-step',
    keys: ['PageUp'],
    display: 'Page Up',
    label: 'Previous step of the lesson',
    run: (s) => {
      if (s.stepIndex > 0) s.goToStep(s.stepIndex - 1);
    },
  },
  {
    id: 'present',
    keys: ['p'],
    display: 'P',
    label: 'Presenter mode on or off (large type for a projector)',
    run: (s) => {
      if (s.lesson) setPresenting(!s.presenting);
    },
  },
  {
    id: 'deselect',
    keys: ['Escape'],
    display: 'Esc',
    label: 'Clear the selection',
    run: (s) => s.select(null),
  },
];

/** Keys are ignored while typing in a field or working a control that uses them itself. */
export function commandForKey(event: KeyboardEvent): Command | undefined {
  const target = event.target as HTMLElement | null;
  const tag = target?.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable)
    return undefined;
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  // An open dialog owns the keyboard: Escape closes it (the platform's <dialog>), and the run
  // behind it does not play, step or lose its selection.
  if (target?.closest?.('dialog[open]')) return undefined;
  // Space on a focused button presses the button; arrows on a slider move the slider.
  if (event.key === ' ' && (tag === 'BUTTON' || tag === 'A' || target?.getAttribute('role') === 'button'))
    return undefined;
  return commands.find((c) => c.keys.includes(event.key));
}
