// Loaded on demand (see attention.ts).

let audio: AudioContext | undefined;

/**
 * Two soft notes made on the spot (no sound file to download). The browser may refuse to play
 * before the visitor has touched the page: then it stays silent.
 */
export function playChime(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume().catch(() => {});
    const start = audio.currentTime;
    for (const [frequency, offset] of [[880, 0], [1320, 0.13]] as const) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + offset);
      volume.gain.exponentialRampToValueAtTime(0.12, start + offset + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.35);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.4);
    }
  } catch {
    // No Web Audio here: no chime.
  }
}
