import { useEffect, useRef } from 'react';
import { commands } from '../commands.ts';

/** The keyboard shortcuts, listed from the same records the key handler uses. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="help" aria-labelledby="help-title" onClose={onClose}>
      <h2 id="help-title">Keyboard</h2>
      <table>
        <tbody>
          {commands.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <kbd>{c.display}</kbd>
              </th>
              <td>{c.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Nodes and links are buttons too: Tab to one and press Enter to act on it.</p>
      <form method="dialog">
        <button className="btn primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
