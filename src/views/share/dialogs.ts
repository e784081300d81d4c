/**
 * The share menu's four dialogs, in one chunk that ShareMenu downloads when a button is pressed (or
 * when the pointer or the focus comes to the menu, to have it ready): a lesson page does not wait for
 * them, nor for what only they use (the embed options, the scenario file format and valibot, exports).
 */
export { EmbedDialog } from './EmbedDialog.tsx';
export { ExportDialog } from './ExportDialog.tsx';
export { ImportDialog } from './ImportDialog.tsx';
export { ShareDialog } from './ShareDialog.tsx';
