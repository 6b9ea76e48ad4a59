import { useEffect, useState } from 'preact/hooks';
import { alertsBetween, type Alert } from './alerts.ts';
import type { InboxStore } from './inbox-store.ts';
import { readJson, writeJson } from './local-memory.ts';

// Sound and desktop notifications for an agent who is not looking at the console: the tab is
// hidden or the window has no focus. Both are per-browser choices kept in localStorage.

export interface AlertPrefs {
  sound: boolean;
  desktop: boolean;
}

const PREFS_KEY = 'parley.console.alerts';
const defaults: AlertPrefs = { sound: true, desktop: false };
const listeners = new Set<(p: AlertPrefs) => void>();

function isPrefs(v: unknown): v is AlertPrefs {
  return typeof v === 'object' && v !== null && typeof (v as any).sound === 'boolean' && typeof (v as any).desktop === 'boolean';
}

export function alertPrefs(): AlertPrefs {
  return readJson(PREFS_KEY, isPrefs) ?? defaults;
}

export function setAlertPrefs(prefs: AlertPrefs): void {
  writeJson(PREFS_KEY, prefs);
  for (const l of listeners) l(prefs);
}

export function useAlertPrefs(): AlertPrefs {
  const [prefs, setPrefs] = useState(alertPrefs);
  useEffect(() => {
    listeners.add(setPrefs);
    return () => void listeners.delete(setPrefs);
  }, []);
  return prefs;
}

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Must run inside a click or key handler: browsers only ask on a user gesture. */
export async function askDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** Browsers let a page make sound only after a user gesture: the first one opens the audio. */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    audio = null;
  }
}

/** A short two-note chime, made on the spot (no sound file to load). */
function chime(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  [880, 1175].forEach((frequency, i) => {
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.frequency.value = frequency;
    const at = start + i * 0.14;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    osc.connect(gain).connect(audio!.destination);
    osc.start(at);
    osc.stop(at + 0.26);
  });
}

function notAlreadyLooking(): boolean {
  return document.visibilityState === 'hidden' || !document.hasFocus();
}

function notify(alert: Alert, onOpen: (chatId: string) => void): void {
  if (desktopPermission() !== 'granted') return;
  const n = new Notification(alert.title, { body: alert.body, tag: `parley-${alert.chatId}` });
  n.onclick = () => {
    window.focus();
    onOpen(alert.chatId);
    n.close();
  };
}

/** Watches the inbox and alerts for what `alertsBetween` finds while the agent looks elsewhere. */
export function useAlertPlayer(store: InboxStore): void {
  useEffect(() => {
    const gesture = () => unlockAudio();
    addEventListener('pointerdown', gesture, true);
    addEventListener('keydown', gesture, true);
    let before = store.getState();
    const unsubscribe = store.subscribe((after) => {
      const alerts = alertsBetween(before, after);
      before = after;
      if (alerts.length === 0 || !notAlreadyLooking()) return;
      const prefs = alertPrefs();
      if (prefs.sound) chime();
      if (prefs.desktop) for (const a of alerts) notify(a, (chatId) => store.select(chatId));
    });
    return () => {
      unsubscribe();
      removeEventListener('pointerdown', gesture, true);
      removeEventListener('keydown', gesture, true);
    };
  }, [store]);
}
