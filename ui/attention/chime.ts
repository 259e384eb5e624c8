/**
 * Owns the tone played when a session starts waiting: two short notes made with WebAudio (no
 * audio file in the bundle), on one AudioContext created at first use and closed on dispose.
 */
/// <reference lib="dom" />

/** The notes: frequency in Hz, start and length in seconds. */
const NOTES = [
  { hz: 880, at: 0, length: 0.14 },
  { hz: 1320, at: 0.16, length: 0.2 },
];
const VOLUME = 0.18;

export class Chime implements Disposable {
  #context: AudioContext | null = null;

  /**
   * Play the tone. Browsers let a page make sound only after the user interacted with it; before
   * that nothing is played (the title badge still shows).
   */
  async play(): Promise<void> {
    if (typeof AudioContext === "undefined") return;
    // Before any interaction a context cannot start, and resume() would wait for the next click
    // and play the tone then, out of place.
    const activation = (navigator as { userActivation?: { hasBeenActive: boolean } })
      .userActivation;
    if (activation !== undefined && !activation.hasBeenActive) return;
    try {
      this.#context ??= new AudioContext();
      const context = this.#context;
      if (context.state === "suspended") await context.resume();
      const start = context.currentTime + 0.01;
      for (const note of NOTES) {
        const oscillator = context.createOscillator();
        const gain = context.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = note.hz;
        // A quick attack and an exponential fade: no click at either end.
        const from = start + note.at;
        gain.gain.setValueAtTime(0.0001, from);
        gain.gain.exponentialRampToValueAtTime(VOLUME, from + 0.015);
        gain.gain.exponentialRampToValueAtTime(0.0001, from + note.length);
        oscillator.connect(gain).connect(context.destination);
        oscillator.onended = () => {
          oscillator.disconnect();
          gain.disconnect();
        };
        oscillator.start(from);
        oscillator.stop(from + note.length + 0.02);
      }
    } catch {
      // No audio device or audio blocked: the chime is a nicety, never an error.
    }
  }

  [Symbol.dispose](): void {
    const context = this.#context;
    this.#context = null;
    context?.close().catch(() => {});
  }
}
