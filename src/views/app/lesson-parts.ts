/** What only a lesson page shows, in one chunk that App loads lazily when a lesson opens. */
export { Toolbar } from '../controls/Toolbar.tsx';
export { LessonPlayer } from '../player/LessonPlayer.tsx';
export { MiniBar } from '../player/MiniBar.tsx';
export { ShareMenu } from '../share/ShareMenu.tsx';
