/** Idempotency: the server's one event of its own, a retry answered from the saved result. */
import { defineEvents } from '../../src/engine/vocabulary.ts';

export default defineEvents<{ replay: { call: number; request: number; receipt: number } }>({
  replay: {
    words: (e) =>
      `recognised request ${e.request} (call ${e.call}) and sent back its saved receipt ${e.receipt} without charging again`,
    narrate: true,
  },
});
