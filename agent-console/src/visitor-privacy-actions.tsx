import { useState } from 'preact/hooks';
import type { ChatSummary } from '../../shared/protocol.ts';
import { ApiError, request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { ModalDialog } from './modal-dialog.tsx';

/** The word an admin types to confirm an erasure: the same in every language, like a command. */
const CONFIRM_WORD = 'ERASE';

/**
 * The visitor panel's privacy tools (issue 11): "Export data" and "Erase visitor" for owners
 * and admins, "Block visitor" for whoever may work on the chat. The server checks each again.
 */
export function VisitorPrivacyActions({ chat, visitorId }: { chat: ChatSummary; visitorId: string }) {
  const { me } = useInboxState();
  const [dialog, setDialog] = useState<'erase' | 'block' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!me) return null;
  const admin = me.role !== 'agent';
  const mayBlock = admin || chat.agent?.id === me.id;
  if (!admin && !mayBlock) return null;
  return (
    <section class="privacy-actions" aria-label={t('Privacy')}>
      {admin && (
        <a class="button" href={`/api/visitors/${encodeURIComponent(visitorId)}/export`} download={`visitor-${visitorId}.json`}>
          {t('Export data')}
        </a>
      )}
      {mayBlock && (
        <button type="button" class="button" onClick={() => setDialog('block')}>
          {t('Block visitor')}
        </button>
      )}
      {admin && (
        <button type="button" class="button danger-button" onClick={() => setDialog('erase')}>
          {t('Erase visitor')}
        </button>
      )}
      {done && (
        <p class="form-success" role="status">
          {done}
        </p>
      )}
      {dialog === 'erase' && (
        <EraseDialog
          chatId={chat.id}
          visitorId={visitorId}
          onClose={(erased) => {
            setDialog(null);
            if (erased) setDone(t('The visitor’s data was erased.'));
          }}
        />
      )}
      {dialog === 'block' && (
        <BlockDialog
          chatId={chat.id}
          onClose={(blocked) => {
            setDialog(null);
            if (blocked) setDone(t('The visitor is blocked.'));
          }}
        />
      )}
    </section>
  );
}

/** Irreversible: the admin types the word before the button does anything. */
function EraseDialog(props: { chatId: string; visitorId: string; onClose: (erased: boolean) => void }) {
  const store = useInboxStore();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(routes.eraseVisitor, { params: { visitorId: props.visitorId } });
      await store.reload(props.chatId).catch(() => undefined);
      props.onClose(true);
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <ModalDialog
      title={t('Erase everything about this visitor?')}
      onClose={() => props.onClose(false)}
      onSubmit={(e) => {
        e.preventDefault();
        if (typed.trim() === CONFIRM_WORD) void erase();
      }}
    >
      <p>
        {t(
          'Their name, email, attributes, messages, notes, survey comments, pages and files are removed for good. The metrics stay as they are. This cannot be undone.',
        )}
      </p>
      <label class="field">
        <span>{t('Type {word} to confirm', { word: CONFIRM_WORD })}</span>
        <input value={typed} autoComplete="off" onInput={(e) => setTyped(e.currentTarget.value)} autoFocus />
      </label>
      <ActionFooter error={error} onCancel={() => props.onClose(false)} disabled={busy || typed.trim() !== CONFIRM_WORD} label={t('Erase for good')} />
    </ModalDialog>
  );
}

function BlockDialog(props: { chatId: string; onClose: (blocked: boolean) => void }) {
  const store = useInboxStore();
  const [reason, setReason] = useState('');
  const [byAddress, setByAddress] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <ModalDialog
      title={t('Block visitor')}
      onClose={() => props.onClose(false)}
      onSubmit={async (e) => {
        e.preventDefault();
        const failed = await store.blockVisitor(props.chatId, reason.trim(), byAddress);
        if (failed) setError(failed);
        else props.onClose(true);
      }}
    >
      <label class="field">
        <span>{t('Reason')}</span>
        <input value={reason} required maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} autoFocus />
      </label>
      <label class="checkbox">
        <input type="checkbox" checked={byAddress} onChange={(e) => setByAddress(e.currentTarget.checked)} />{' '}
        {t('Also block their IP address')}
      </label>
      <ActionFooter error={error} onCancel={() => props.onClose(false)} disabled={!reason.trim()} label={t('Block')} />
    </ModalDialog>
  );
}

/** The end of a visitor action's form: why it failed, Cancel, and the action (the form's submit). */
function ActionFooter(props: { error: string | null; onCancel: () => void; disabled: boolean; label: string }) {
  return (
    <>
      {props.error && (
        <p class="form-error" role="alert">
          {t('Failed: {reason}', { reason: props.error })}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" onClick={props.onCancel}>
          {t('Cancel')}
        </button>
        <button type="submit" class="button danger-button" disabled={props.disabled}>
          {props.label}
        </button>
      </div>
    </>
  );
}
