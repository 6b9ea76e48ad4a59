import type { SurveyView } from '../../shared/protocol.ts';
import { pageTextsFor } from './page-texts.ts';

/**
 * The survey page an emailed link opens: plain server-rendered HTML that works without
 * scripts. Every piece of text goes through `escapeHtml`, including the owner's wording.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const styles = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; color: #1c1f26; background: #f5f6f8; }
  main { max-width: 40rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1.5rem; }
  fieldset { border: 0; margin: 0 0 1rem; padding: 0; }
  legend { font-weight: 600; font-size: 1.15rem; margin-bottom: .75rem; }
  .scale { display: flex; flex-wrap: wrap; gap: .4rem; }
  .scale label { display: inline-flex; align-items: center; justify-content: center; min-width: 2.6rem; min-height: 2.6rem;
    border: 1px solid #9aa3b2; border-radius: 8px; cursor: pointer; }
  .scale input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .scale input:checked + span { font-weight: 700; }
  .scale label:has(input:checked) { background: #2f5bea; border-color: #2f5bea; color: #fff; }
  .scale label:has(input:focus-visible) { outline: 3px solid #9bb4ff; outline-offset: 2px; }
  .ends { display: flex; justify-content: space-between; font-size: .85rem; color: #555e6e; margin-top: .3rem; }
  textarea { width: 100%; box-sizing: border-box; min-height: 6rem; font: inherit; padding: .5rem; border: 1px solid #9aa3b2; border-radius: 8px; }
  button { margin-top: 1rem; font: inherit; padding: .6rem 1.4rem; border: 0; border-radius: 8px; background: #2f5bea; color: #fff; cursor: pointer; }
  .error { color: #a11a1a; font-weight: 600; }
`;

function page(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${styles}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The form: a group named by the question, options named by their number, `Comment`, `Submit`. */
export function surveyFormPage(survey: SurveyView, error?: { message: string; comment?: string }): string {
  const options: string[] = [];
  for (let n = survey.min; n <= survey.max; n++) {
    options.push(`<label><input type="radio" name="score" value="${n}" required><span>${n}</span></label>`);
  }
  const errorHtml = error ? `<p class="error" id="survey-error" role="alert">${escapeHtml(error.message)}</p>` : '';
  const prompt = survey.commentPrompt
    ? `<p id="comment-prompt">${escapeHtml(survey.commentPrompt)}</p>`
    : '';
  const body = `<form method="post">
${errorHtml}
<fieldset${error ? ' aria-describedby="survey-error"' : ''}>
<legend>${escapeHtml(survey.question)}</legend>
<div class="scale">${options.join('')}</div>
<div class="ends" aria-hidden="true"><span>${escapeHtml(survey.lowLabel)}</span><span>${escapeHtml(survey.highLabel)}</span></div>
</fieldset>
${prompt}
<label for="comment">Comment</label>
<textarea id="comment" name="comment" maxlength="2000"${survey.commentPrompt ? ' aria-describedby="comment-prompt"' : ''}>${escapeHtml(error?.comment ?? '')}</textarea>
<button type="submit">Submit</button>
</form>`;
  return page(survey.language, survey.question, body);
}

export function surveyMessagePage(language: string, message: string): string {
  return page(language, message, `<p role="status">${escapeHtml(message)}</p>`);
}

/** With the owner's review link for a promoter (an http(s) address, checked when saved). */
export function thanksPage(language: string, reviewLink: { url: string; text: string } | null = null): string {
  const thanks = pageTextsFor(language).thanks;
  const link = reviewLink
    ? `<p><a class="review-link" href="${escapeHtml(reviewLink.url)}" rel="noopener noreferrer">${escapeHtml(reviewLink.text)}</a></p>`
    : '';
  return page(language, thanks, `<p role="status">${escapeHtml(thanks)}</p>${link}`);
}
