// Short WebAudio chimes: a rising pair for a new waiting conversation, one soft tone for a new message.

export type ChimeKind = "waiting" | "message";

/** The tones of each chime: [start offset in seconds, frequency in Hz]. */
const TONES: Record<ChimeKind, ReadonlyArray<readonly [number, number]>> = {
  waiting: [
    [0, 880],
    [0.16, 1175],
  ],
  message: [[0, 660]],
};

/** Plays chimes on one lazily created AudioContext. */
export class Chime {
  #audio: AudioContext | null = null;

  constructor() {
    // Browsers only start audio after a user gesture; any click in the console is one.
    document.addEventListener("click", () => void this.#audio?.resume(), { capture: true });
  }

  /** Plays the chime of `kind`; silently nothing when the browser has no audio. */
  play(kind: ChimeKind): void {
    try {
      this.#audio ??= new AudioContext();
      const ctx = this.#audio;
      for (const [offset, frequency] of TONES[kind]) {
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
}
