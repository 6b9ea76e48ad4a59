import type { ComponentChildren } from 'preact';

/**
 * A translated text with an element where its `{name}` placeholder stands: t() fills the plain
 * placeholders and leaves this one, so each language puts the element where its words need it.
 */
export function withElement(text: string, name: string, element: ComponentChildren): ComponentChildren {
  const mark = `{${name}}`;
  const at = text.indexOf(mark);
  if (at < 0) return text;
  return (
    <>
      {text.slice(0, at)}
      {element}
      {text.slice(at + mark.length)}
    </>
  );
}
