import type { WidgetConfig } from '../../shared/protocol.ts';

/** What the window goes by when the server's config can't be had: the chat itself still works. */
export const DEFAULT_CONFIG: WidgetConfig = {
  siteName: '',
  color: '#4338ca',
  position: 'right',
  greeting: '',
  launcherText: '',
  theme: 'light',
  tracking: true,
  invitations: [],
  preChatForm: { name: 'off', email: 'off', department: 'off' },
  businessHours: {},
  departments: [],
  transcriptByEmail: false,
  now: 0,
};

export interface LoadedConfig {
  config: WidgetConfig;
  /** The server's clock minus ours: opening hours are judged by the server's time. */
  clockOffsetMs: number;
}

export async function loadWidgetConfig(serverUrl: string, fetchFn: typeof fetch = fetch): Promise<LoadedConfig> {
  try {
    const res = await fetchFn(`${serverUrl}/api/widget/config`);
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    const config = { ...DEFAULT_CONFIG, ...((await res.json()) as Partial<WidgetConfig>) };
    return { config, clockOffsetMs: config.now ? config.now - Date.now() : 0 };
  } catch {
    return { config: DEFAULT_CONFIG, clockOffsetMs: 0 };
  }
}

/** Black or white, whichever reads better on the color (for text on the owner's brand color). */
export function textColorOn(color: string): string {
  const rgb = /^#[0-9a-f]{6}$/i.test(color) ? parseInt(color.slice(1), 16) : 0;
  const lightness = (rgb >> 16) * 0.299 + ((rgb >> 8) & 255) * 0.587 + (rgb & 255) * 0.114;
  return lightness > 170 ? '#111827' : '#ffffff';
}
