import { describe, expect, it } from 'vitest';
import type { SurveyView } from '../../shared/protocol.ts';
import { surveyFormPage, surveyMessagePage } from './survey-page.ts';

const survey: SurveyView = {
  id: 'sv_1',
  kind: 'nps',
  chatId: 'ch_1',
  scale: 10,
  min: 0,
  max: 10,
  question: 'How likely are you to recommend <b>Shop & "Co"</b> to a friend?',
  lowLabel: 'Not at all likely',
  highLabel: 'Extremely likely',
  commentPrompt: 'What is the main reason for your score?',
  language: 'en',
  status: 'sent',
  sentAt: 1,
  answeredAt: null,
  score: null,
  comment: null,
  answeredVia: null,
  expiresAt: 2,
};

describe('the email survey page', () => {
  it('escapes every text, the owner’s wording and the visitor’s comment included', () => {
    const html = surveyFormPage(survey, { message: 'Choose <i>a</i> score', comment: '</textarea><script>alert(1)</script>' });
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Shop &#38; &#34;Co&#34;');
    expect(html).toContain('&#60;/textarea&#62;&#60;script&#62;');
    expect(surveyMessagePage('en', '<img src=x>')).not.toContain('<img');
  });

  it('is a group named by the question with options 0..10, a Comment box and a Submit button', () => {
    const html = surveyFormPage(survey);
    expect(html).toMatch(/<fieldset>\s*<legend>How likely/);
    for (let n = 0; n <= 10; n++) expect(html).toContain(`value="${n}" required><span>${n}</span>`);
    expect(html).toContain('<label for="comment">Comment</label>');
    expect(html).toContain('<button type="submit">Submit</button>');
  });
});
