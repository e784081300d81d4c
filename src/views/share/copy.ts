/** Copying to the clipboard, for the dialogs' Copy buttons. */

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
