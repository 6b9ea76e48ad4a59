import type { EmailLinkProblem } from './survey-service.ts';

/**
 * The words around the questions on the email and the survey page, in the built-in languages
 * (English for any other). The control names `Comment` and `Submit` are the accessible names
 * the issue fixes for every survey, so they are not translated.
 */
export interface PageTexts {
  answerLink: string;
  linkNote: string;
  thanks: string;
  chooseScore: string;
  problems: Record<EmailLinkProblem, string>;
}

const pageTexts: Record<string, PageTexts> = {
  en: {
    answerLink: 'Answer the survey',
    linkNote: 'The link works once and expires after a while.',
    thanks: 'Thank you! Your answer has been recorded.',
    chooseScore: 'Choose a score from 0 to 10.',
    problems: {
      invalid: 'This survey link is not valid.',
      used: 'This link has already been used: your answer was recorded.',
      voided: 'This survey was already answered in the chat window, so this link no longer works.',
      expired: 'This survey has expired.',
    },
  },
  ru: {
    answerLink: 'Ответить на опрос',
    linkNote: 'Ссылка работает один раз и через некоторое время перестаёт действовать.',
    thanks: 'Спасибо! Ваш ответ записан.',
    chooseScore: 'Выберите оценку от 0 до 10.',
    problems: {
      invalid: 'Эта ссылка на опрос недействительна.',
      used: 'Эта ссылка уже использована: ваш ответ записан.',
      voided: 'На этот опрос уже ответили в окне чата, поэтому ссылка больше не действует.',
      expired: 'Срок этого опроса истёк.',
    },
  },
  bg: {
    answerLink: 'Отговорете на анкетата',
    linkNote: 'Връзката работи веднъж и след известно време изтича.',
    thanks: 'Благодарим ви! Отговорът ви е записан.',
    chooseScore: 'Изберете оценка от 0 до 10.',
    problems: {
      invalid: 'Тази връзка към анкета не е валидна.',
      used: 'Тази връзка вече е използвана: отговорът ви е записан.',
      voided: 'На тази анкета вече е отговорено в прозореца на чата, затова връзката вече не работи.',
      expired: 'Срокът на тази анкета изтече.',
    },
  },
};

export function pageTextsFor(language: string): PageTexts {
  // Own properties only: a language named `constructor` or `__proto__` is no language of ours.
  return (Object.hasOwn(pageTexts, language) ? pageTexts[language] : undefined) ?? pageTexts.en!;
}
