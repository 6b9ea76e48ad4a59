import { useEffect, useState } from 'preact/hooks';
import type { FormResult, TranscriptOffer } from './chat-session.ts';
import { useWords } from './words-context.ts';
import './transcript-request.css';

interface Props {
  /** Where the server would send it (asked again after a refusal about the address). */
  offer(): Promise<TranscriptOffer>;
  onSend(email: string): Promise<FormResult>;
}

/**
 * Under an ended chat: the visitor may have the conversation emailed to the address they gave
 * (the pre-chat or offline form, or the site's identify). The server sends to no other, so there
 * is no address to type: the offer names it, or says there is none.
 */
export function TranscriptRequest({ offer, onSend }: Props) {
  const t = useWords();
  // undefined while the server is asked.
  const [offered, setOffered] = useState<TranscriptOffer | undefined>(undefined);
  const [asked, askAgain] = useState(0);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    offer().then((o) => current && setOffered(o));
    return () => {
      current = false;
    };
  }, [asked]);

  if (sentTo) {
    return (
      <p class="transcript-sent" role="status">
        {t.transcriptSent(sentTo)}
      </p>
    );
  }
  if (!offered) return null;
  if (offered.to === null) return <p class="transcript-none">{t.transcriptNoEmail}</p>;
  const { to } = offered;
  return (
    <div class="transcript">
      <button
        type="button"
        class="link"
        aria-disabled={sending || undefined}
        aria-describedby={problem ? 'parley-transcript-error' : undefined}
        onClick={async () => {
          if (sending) return;
          setSending(true);
          const sent = await onSend(to);
          setSending(false);
          if (sent.ok) return setSentTo(to);
          setProblem(sent.error);
          if (sent.field === 'email') askAgain((n) => n + 1);
        }}
      >
        {t.emailTranscriptTo(to)}
      </button>
      {problem && (
        <p class="form-error" id="parley-transcript-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
