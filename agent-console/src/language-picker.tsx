import { language, languages, setLanguage, t, type Language } from './i18n.ts';

/** The console's language, for this browser; named in each language so anyone finds theirs. */
export function LanguagePicker(props: { class?: string }) {
  return (
    <select
      class={props.class ?? 'language-select'}
      aria-label={t('Language')}
      value={language()}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
    >
      {languages.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </select>
  );
}
