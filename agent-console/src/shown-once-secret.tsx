import { useRef, useState } from 'preact/hooks';
import { t } from './i18n.ts';

/**
 * A secret the server shows once (a new API key, a webhook's signing secret): copied with a
 * button, or selected to copy by hand, until the admin says Done.
 */
export function ShownOnceSecret(props: { note: string; value: string; valueLabel: string; copyLabel: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      // No clipboard here (an insecure origin, a refused permission): selected to copy by hand.
      input.current?.select();
      setCopied(false);
    }
  }
  return (
    <div class="shown-once-secret" role="status">
      <p class="shown-once-secret-note">{props.note}</p>
      <input ref={input} class="input api-key-value" readOnly value={props.value} aria-label={props.valueLabel} onFocus={(e) => e.currentTarget.select()} />
      <div class="form-actions">
        <button type="button" class="button button-small" onClick={() => void copy()}>
          {props.copyLabel}
        </button>
        <button type="button" class="button button-small" onClick={props.onDone}>
          {t('Done')}
        </button>
        {copied !== null && <span class="muted small">{copied ? t('Copied.') : t('Select it and copy it by hand.')}</span>}
      </div>
    </div>
  );
}
