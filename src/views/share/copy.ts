/**
 * Copying to the clipboard, shared by the share menu (which copies a link at once, while the press is
 * still the user's gesture) and the dialogs it opens.
 */

/** Copies text; falls back to selecting it in `field` for the reader to copy (e.g. no clipboard permission). */
export async function copyText(
  text: string,
  field?: HTMLInputElement | HTMLTextAreaElement | null,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (field) {
      field.focus();
      field.select();
      try {
        return document.execCommand('copy');
      } catch {
        return false;
      }
    }
    return false;
  }
}
