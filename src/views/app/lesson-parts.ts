/** What only a lesson page shows, in one chunk that App loads lazily when a lesson opens. */
export { Toolbar } from '../controls/Toolbar.tsx';
export { LessonPlayer } from '../player/LessonPlayer.tsx';
export { MiniBar } from '../player/MiniBar.tsx';
export { ShareMenu } from '../share/ShareMenu.tsx';
// Only a lesson page has the Keys button. In a chunk of its own (0.5 KiB), the help cost more than
// it saved: each lazily loaded chunk made the bundler split the page's own code into more files.
export { HelpOverlay } from './HelpOverlay.tsx';
