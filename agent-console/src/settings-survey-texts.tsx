import { useState } from 'preact/hooks';
import type { SurveySettingsView, SurveyTexts } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t, type MessageKey } from './i18n.ts';
import { Field, SaveStatus, useSave } from './settings-kit.tsx';

const textFields: { key: keyof SurveyTexts; label: MessageKey }[] = [
  { key: 'csat', label: 'CSAT question' },
  { key: 'csatLow', label: 'CSAT low end' },
  { key: 'csatHigh', label: 'CSAT high end' },
  { key: 'ces', label: 'CES statement' },
  { key: 'cesLow', label: 'CES low end' },
  { key: 'cesHigh', label: 'CES high end' },
  { key: 'nps', label: 'NPS question' },
  { key: 'npsReason', label: 'NPS reason question' },
  { key: 'npsLow', label: 'NPS low end' },
  { key: 'npsHigh', label: 'NPS high end' },
];

/**
 * The surveys' wording per language. A text left as shown keeps what is there; an emptied one
 * goes back to the built-in wording; "Reset" drops all of the owner's wording in that language.
 */
export function SurveyTextsForm({ view, onSaved }: { view: SurveySettingsView; onSaved: (v: SurveySettingsView) => void }) {
  const languages = Object.keys(view.effectiveTexts).sort();
  const [language, setLanguage] = useState(languages.includes('en') ? 'en' : languages[0]!);
  const [draft, setDraft] = useState<SurveyTexts>(view.effectiveTexts[language]!);
  const save = useSave();

  function choose(next: string) {
    setLanguage(next);
    setDraft(view.effectiveTexts[next]!);
    save.reset();
  }

  async function send(texts: Record<string, Partial<Record<keyof SurveyTexts, string | null>> | null>) {
    await save.run(async () => {
      const v = await request(routes.changeSurveySettings, { body: { texts } });
      onSaved(v);
      setDraft(v.effectiveTexts[language]!);
    });
  }

  function submit(e: Event) {
    e.preventDefault();
    const current = view.effectiveTexts[language]!;
    const changed: Partial<Record<keyof SurveyTexts, string | null>> = {};
    for (const { key } of textFields) {
      const value = draft[key].trim();
      if (value !== current[key]) changed[key] = value === '' ? null : value;
    }
    void send({ [language]: changed });
  }

  return (
    <form class="settings-form" onSubmit={submit} aria-labelledby="survey-texts-title">
      <h3 id="survey-texts-title" class="form-title">
        {t('Question texts')}
      </h3>
      <p class="muted small">{t('Empty a text to go back to the built-in wording; {site} stands for the site name.')}</p>
      <Field label={t('Wording for')}>
        {(f) => (
          <select class="select input-narrow" id={f.id} value={language} onChange={(e) => choose(e.currentTarget.value)}>
            {languages.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div class="form-grid">
        {textFields.map(({ key, label }) => (
          <Field key={key} label={t(label)} error={save.errorFor(`texts.${language}.${key}`)}>
            {(f) => (
              <input
                class="input"
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={draft[key]}
                onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {t('Save texts')}
        </button>
        <button type="button" class="button" onClick={() => void send({ [language]: null })}>
          {t('Back to the built-in wording')}
        </button>
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}
