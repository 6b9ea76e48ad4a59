import type { SurveyView } from '../../../../shared/protocol.ts';

const texts = {
  csat: ['How satisfied are you with the support you received?', 'Very dissatisfied', 'Very satisfied', 5],
  ces: ['The company made it easy for me to handle my issue.', 'Strongly disagree', 'Strongly agree', 7],
  nps: ['How likely are you to recommend Acme Shoes to a friend or colleague?', 'Not at all likely', 'Extremely likely', 10],
} as const;

/** A survey as the server sends it to the widget, in English. */
export function surveyView(kind: SurveyView['kind'], change: Partial<SurveyView> = {}): SurveyView {
  const [question, lowLabel, highLabel, scale] = texts[kind];
  return {
    id: `sv_${kind}`,
    kind,
    chatId: 'chat_1',
    scale,
    min: kind === 'nps' ? 0 : 1,
    max: scale,
    question,
    lowLabel,
    highLabel,
    commentPrompt: kind === 'nps' ? 'What is the main reason for your score?' : null,
    language: 'en',
    status: 'scheduled',
    sentAt: null,
    answeredAt: null,
    score: null,
    comment: null,
    answeredVia: null,
    expiresAt: Date.UTC(2025, 0, 7, 9, 0),
    ...change,
  };
}

/** The server's view of a survey once answered in the widget. */
export function answered(survey: SurveyView, score: number, comment: string | null = null): SurveyView {
  const at = Date.UTC(2025, 0, 6, 9, 30);
  return { ...survey, status: 'answered', sentAt: survey.sentAt ?? at, answeredAt: at, score, comment, answeredVia: 'widget' };
}
