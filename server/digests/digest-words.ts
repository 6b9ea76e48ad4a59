/** The digest email's words in the console's languages; English for any other. */
export interface DigestWords {
  locale: string;
  daily: string;
  weekly: string;
  keyFigures: string;
  thisPeriod: string;
  previousPeriod: string;
  chats: string;
  missed: string;
  waitMedian: string;
  firstResponse: string;
  resolution: string;
  slaFrt: string;
  slaResolution: string;
  worstComments: string;
  agents: string;
  agent: string;
  worstBreaches: string;
  openDashboard: string;
  visitor: string;
  none: string;
}

const words: Record<string, DigestWords> = {
  en: {
    locale: 'en-GB',
    daily: 'daily digest',
    weekly: 'weekly digest',
    keyFigures: 'Key figures',
    thisPeriod: 'This period',
    previousPeriod: 'Period before',
    chats: 'Chats',
    missed: 'Missed chats',
    waitMedian: 'Wait (median)',
    firstResponse: 'First response (median)',
    resolution: 'Resolution (median)',
    slaFrt: 'SLA first response',
    slaResolution: 'SLA resolution',
    worstComments: 'Worst survey comments',
    agents: 'Agents',
    agent: 'Agent',
    worstBreaches: 'Five worst SLA breaches',
    openDashboard: 'Open the dashboard',
    visitor: 'Visitor',
    none: 'None.',
  },
  ru: {
    locale: 'ru-RU',
    daily: 'ежедневная сводка',
    weekly: 'еженедельная сводка',
    keyFigures: 'Главные показатели',
    thisPeriod: 'Этот период',
    previousPeriod: 'Прошлый период',
    chats: 'Чаты',
    missed: 'Пропущенные чаты',
    waitMedian: 'Ожидание (медиана)',
    firstResponse: 'Первый ответ (медиана)',
    resolution: 'Решение (медиана)',
    slaFrt: 'SLA первого ответа',
    slaResolution: 'SLA решения',
    worstComments: 'Худшие комментарии опросов',
    agents: 'Агенты',
    agent: 'Агент',
    worstBreaches: 'Пять худших нарушений SLA',
    openDashboard: 'Открыть панель показателей',
    visitor: 'Посетитель',
    none: 'Нет.',
  },
  bg: {
    locale: 'bg-BG',
    daily: 'дневен бюлетин',
    weekly: 'седмичен бюлетин',
    keyFigures: 'Основни показатели',
    thisPeriod: 'Този период',
    previousPeriod: 'Предишен период',
    chats: 'Чатове',
    missed: 'Пропуснати чатове',
    waitMedian: 'Чакане (медиана)',
    firstResponse: 'Първи отговор (медиана)',
    resolution: 'Решаване (медиана)',
    slaFrt: 'SLA първи отговор',
    slaResolution: 'SLA решаване',
    worstComments: 'Най-лоши коментари от анкетите',
    agents: 'Агенти',
    agent: 'Агент',
    worstBreaches: 'Петте най-лоши нарушения на SLA',
    openDashboard: 'Отвори таблото',
    visitor: 'Посетител',
    none: 'Няма.',
  },
};

export const DIGEST_LANGUAGES = Object.keys(words);

export function digestWords(language: string): DigestWords {
  return (Object.hasOwn(words, language) ? words[language] : undefined) ?? words.en!;
}
