// Gets an agent's attention: a count in the document title and an optional short beep for new waiting chats.
import type { ConsoleStore } from "./console-store.js";

export const APP_TITLE = "Switchboard Console";

/** The title for `count` things needing attention: "(2) Switchboard Console". */
export function titleFor(count: number): string {
  return count > 0 ? `(${count}) ${APP_TITLE}` : APP_TITLE;
}

/** Keeps the title badge current and beeps (when sound is on) as conversations start waiting. */
export class Notifier {
  readonly #store: ConsoleStore;
  #audio: AudioContext | null = null;

  constructor(store: ConsoleStore) {
    this.#store = store;
    store.subscribe(() => this.#updateTitle());
    store.onNewWaiting = () => {
      if (store.soundOn) this.beep();
    };
    // Browsers only start audio after a user gesture; the sound toggle is one.
    document.addEventListener("click", () => void this.#audio?.resume(), { capture: true });
    this.#updateTitle();
  }

  /** Waiting conversations plus unread messages. */
  get attentionCount(): number {
    return this.#store.me ? this.#store.waiting.length + this.#store.unreadTotal : 0;
  }

  /** Two short soft tones. */
  beep(): void {
    try {
      this.#audio ??= new AudioContext();
      const ctx = this.#audio;
      for (const [offset, frequency] of [
        [0, 880],
        [0.16, 1175],
      ] as const) {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        const start = ctx.currentTime + offset;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.14);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(start);
        oscillator.stop(start + 0.15);
      }
    } catch {
      // No audio device or autoplay refused: the title badge still tells.
    }
  }

  #updateTitle(): void {
    const title = titleFor(this.attentionCount);
    if (document.title !== title) document.title = title;
  }
}
