/**
 * The widget's own words around a survey. The questions and scale labels come from the server
 * in the survey's language; these follow that same language, so a card never mixes two.
 * English is the fallback for a language the owner added.
 */
export interface SurveyWords {
  /** The post-chat block, for screen readers. */
  heading: string;
  comment: string;
  optional: string;
  submit: string;
  skip: string;
  saving: string;
  thanks: string;
  answer(score: number, max: number): string;
  alreadyRecorded(score: number, max: number): string;
  notSaved: string;
  closed: string;
  answeredElsewhere: string;
}

const words: Record<string, SurveyWords> = {
  en: {
    heading: 'Rate this chat',
    comment: 'Comment',
    optional: 'Optional',
    submit: 'Submit',
    skip: 'Skip',
    saving: 'Saving…',
    thanks: 'Thank you for your feedback!',
    answer: (score, max) => `Your answer: ${score} of ${max}`,
    alreadyRecorded: (score, max) => `Your answer was already recorded: ${score} of ${max}`,
    notSaved: "Your answer wasn't saved. Check your connection and try again.",
    closed: 'This survey is closed.',
    answeredElsewhere: 'This survey was already answered.',
  },
  ru: {
    heading: 'Оцените этот чат',
    comment: 'Комментарий',
    optional: 'Необязательно',
    submit: 'Отправить',
    skip: 'Пропустить',
    saving: 'Сохраняем…',
    thanks: 'Спасибо за отзыв!',
    answer: (score, max) => `Ваш ответ: ${score} из ${max}`,
    alreadyRecorded: (score, max) => `Ваш ответ уже записан: ${score} из ${max}`,
    notSaved: 'Ответ не сохранился. Проверьте подключение и попробуйте ещё раз.',
    closed: 'Этот опрос закрыт.',
    answeredElsewhere: 'На этот опрос уже ответили.',
  },
  bg: {
    heading: 'Оценете този чат',
    comment: 'Коментар',
    optional: 'По желание',
    submit: 'Изпрати',
    skip: 'Пропусни',
    saving: 'Запазване…',
    thanks: 'Благодарим за обратната връзка!',
    answer: (score, max) => `Вашият отговор: ${score} от ${max}`,
    alreadyRecorded: (score, max) => `Отговорът ви вече е записан: ${score} от ${max}`,
    notSaved: 'Отговорът не беше запазен. Проверете връзката и опитайте отново.',
    closed: 'Тази анкета е затворена.',
    answeredElsewhere: 'На тази анкета вече е отговорено.',
  },
};

export function surveyWords(language: string): SurveyWords {
  return (Object.prototype.hasOwnProperty.call(words, language) ? words[language] : undefined) ?? words.en!;
}
