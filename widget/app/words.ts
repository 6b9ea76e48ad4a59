/**
 * Every string the widget shows or says (to screen readers too), in the languages built in.
 * The language follows `Parley('locale')` (or `data-locale`), then the page's `<html lang>`,
 * then the browser's languages; anything else gets English.
 */
export type Language = 'en' | 'ru' | 'bg';
export const LANGUAGES: Language[] = ['en', 'ru', 'bg'];

export interface Words {
  language: Language;
  chat: string;
  openChat: string;
  closeChat: string;
  chatWindow: string;
  /** Said after the launcher's name while agent messages wait unread. */
  unreadMessages(count: number): string;
  /** The host page's title while it flashes. */
  newMessage: string;

  connecting: string;
  reconnecting: string;
  chattingWith(name: string): string;
  online: string;
  away: string;
  endChat: string;
  minimize: string;
  mute: string;
  dismiss: string;
  connectingToChat: string;
  unavailable: string;
  unavailableHint: string;
  hello: string;
  helloHint: string;
  writeMessage: string;
  startNewChat: string;
  poweredBy: string;

  ended: string;
  endedStartNew: string;
  offlineThanks: string;
  offlineReceived: string;
  waiting: string;
  waitingInLine(position: number): string;

  message: string;
  send: string;
  tooLong(length: number, max: number): string;
  conversation: string;
  today: string;
  yesterday: string;
  you: string;
  agent: string;
  delivered: string;
  notSent: string;
  tryAgain: string;
  remove: string;
  sending: string;
  typing(name: string | null): string;

  leaveMessage: string;
  nobodyOnline: string;
  closedNow: string;
  name: string;
  email: string;
  sendMessage: string;
  optional: string;
  department: string;
  chooseDepartment: string;
  preChatTitle: string;
  preChatLead: string;
  startChat: string;
  needName: string;
  needEmail: string;
  needText: string;
  needDepartment: string;

  noServer: string;
  endNoAnswer: string;
  endFailed(error: string): string;
  chatUnavailable(error: string): string;

  invitationFrom(site: string): string;
  reply: string;
  closeInvitation: string;
}

const plural = (language: Language, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) =>
  forms[new Intl.PluralRules(language).select(count)] ?? forms.other;

const en: Words = {
  language: 'en',
  chat: 'Chat',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  chatWindow: 'Chat window',
  unreadMessages: (n) => `${n} unread ${n === 1 ? 'message' : 'messages'}`,
  newMessage: 'New message',

  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  chattingWith: (name) => `Chatting with ${name}`,
  online: "We're online",
  away: "We're away",
  endChat: 'End chat',
  minimize: 'Minimize',
  mute: 'Mute sounds',
  dismiss: 'Dismiss',
  connectingToChat: 'Connecting to chat…',
  unavailable: 'Chat is unavailable right now.',
  unavailableHint: "We're trying to reconnect; you can keep this window open.",
  hello: 'Hi there!',
  helloHint: "Ask us anything. We're online and will answer right here.",
  writeMessage: 'Write a message…',
  startNewChat: 'Start a new chat…',
  poweredBy: 'Powered by Parley',

  ended: 'This chat has ended.',
  endedStartNew: 'This chat has ended. Write a message to start a new one.',
  offlineThanks: 'Thanks! We got your message and will reply here as soon as we can.',
  offlineReceived: 'We got your message and will reply here as soon as we can.',
  waiting: 'Waiting for an agent…',
  waitingInLine: (n) => `Waiting for an agent — you are number ${n} in line`,

  message: 'Message',
  send: 'Send',
  tooLong: (length, max) =>
    `This message is too long: ${length.toLocaleString('en-US')} characters, the limit is ${max.toLocaleString('en-US')}.`,
  conversation: 'Conversation',
  today: 'Today',
  yesterday: 'Yesterday',
  you: 'You',
  agent: 'Agent',
  delivered: 'Delivered',
  notSent: 'Not sent:',
  tryAgain: 'Try again',
  remove: 'Remove',
  sending: 'Sending…',
  typing: (name) => (name ? `${name} is typing…` : 'Typing…'),

  leaveMessage: 'Leave us a message',
  nobodyOnline: "No one is online right now. Leave your message and email, and we'll get back to you.",
  closedNow: "We're closed right now. Leave your message and email, and we'll get back to you when we open.",
  name: 'Name',
  email: 'Email',
  sendMessage: 'Send message',
  optional: '(optional)',
  department: 'Department',
  chooseDepartment: 'Choose a department',
  preChatTitle: 'Before we start',
  preChatLead: 'Tell us a little about yourself so we can help.',
  startChat: 'Start chat',
  needName: 'Please enter your name.',
  needEmail: 'Please enter an email address we can reply to.',
  needText: 'Please write your message.',
  needDepartment: 'Please choose a department.',

  noServer: "Can't reach the chat server right now. Check your connection and try again.",
  endNoAnswer: "The chat server didn't answer. Try ending the chat again.",
  endFailed: (error) => `Couldn't end the chat: ${error}`,
  chatUnavailable: (error) => `The chat is unavailable: ${error}`,

  invitationFrom: (site) => `Message from ${site}`,
  reply: 'Reply',
  closeInvitation: 'Close',
};

const ru: Words = {
  language: 'ru',
  chat: 'Чат',
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  chatWindow: 'Окно чата',
  unreadMessages: (n) =>
    `${n} ${plural('ru', n, { one: 'непрочитанное сообщение', few: 'непрочитанных сообщения', other: 'непрочитанных сообщений' })}`,
  newMessage: 'Новое сообщение',

  connecting: 'Подключение…',
  reconnecting: 'Переподключение…',
  chattingWith: (name) => `Оператор: ${name}`,
  online: 'Мы на связи',
  away: 'Сейчас нас нет на месте',
  endChat: 'Завершить чат',
  minimize: 'Свернуть',
  mute: 'Без звука',
  dismiss: 'Скрыть',
  connectingToChat: 'Подключаемся к чату…',
  unavailable: 'Чат сейчас недоступен.',
  unavailableHint: 'Пытаемся переподключиться — окно можно не закрывать.',
  hello: 'Здравствуйте!',
  helloHint: 'Задайте любой вопрос — мы на связи и ответим прямо здесь.',
  writeMessage: 'Напишите сообщение…',
  startNewChat: 'Начните новый чат…',
  poweredBy: 'Работает на Parley',

  ended: 'Чат завершён.',
  endedStartNew: 'Чат завершён. Напишите сообщение, чтобы начать новый.',
  offlineThanks: 'Спасибо! Мы получили ваше сообщение и ответим здесь, как только сможем.',
  offlineReceived: 'Мы получили ваше сообщение и ответим здесь, как только сможем.',
  waiting: 'Ожидаем оператора…',
  waitingInLine: (n) => `Ожидаем оператора — ваше место в очереди: ${n}`,

  message: 'Сообщение',
  send: 'Отправить',
  tooLong: (length, max) =>
    `Сообщение слишком длинное: ${length.toLocaleString('ru')} знаков, а можно не больше ${max.toLocaleString('ru')}.`,
  conversation: 'Переписка',
  today: 'Сегодня',
  yesterday: 'Вчера',
  you: 'Вы',
  agent: 'Оператор',
  delivered: 'Доставлено',
  notSent: 'Не отправлено:',
  tryAgain: 'Повторить',
  remove: 'Удалить',
  sending: 'Отправка…',
  typing: (name) => (name ? `${name} печатает…` : 'Печатает…'),

  leaveMessage: 'Оставьте нам сообщение',
  nobodyOnline: 'Сейчас никого нет на связи. Оставьте сообщение и email — мы вам ответим.',
  closedNow: 'Сейчас мы не работаем. Оставьте сообщение и email — мы ответим в рабочее время.',
  name: 'Имя',
  email: 'Email',
  sendMessage: 'Отправить сообщение',
  optional: '(необязательно)',
  department: 'Отдел',
  chooseDepartment: 'Выберите отдел',
  preChatTitle: 'Перед началом',
  preChatLead: 'Расскажите немного о себе, чтобы мы могли помочь.',
  startChat: 'Начать чат',
  needName: 'Введите имя.',
  needEmail: 'Введите email, на который мы сможем ответить.',
  needText: 'Напишите сообщение.',
  needDepartment: 'Выберите отдел.',

  noServer: 'Не удаётся связаться с сервером чата. Проверьте подключение и попробуйте ещё раз.',
  endNoAnswer: 'Сервер чата не ответил. Попробуйте завершить чат ещё раз.',
  endFailed: (error) => `Не удалось завершить чат: ${error}`,
  chatUnavailable: (error) => `Чат недоступен: ${error}`,

  invitationFrom: (site) => `Сообщение от ${site}`,
  reply: 'Ответить',
  closeInvitation: 'Закрыть',
};

const bg: Words = {
  language: 'bg',
  chat: 'Чат',
  openChat: 'Отвори чата',
  closeChat: 'Затвори чата',
  chatWindow: 'Прозорец на чата',
  unreadMessages: (n) => `${n} ${plural('bg', n, { one: 'непрочетено съобщение', other: 'непрочетени съобщения' })}`,
  newMessage: 'Ново съобщение',

  connecting: 'Свързване…',
  reconnecting: 'Повторно свързване…',
  chattingWith: (name) => `Консултант: ${name}`,
  online: 'На линия сме',
  away: 'В момента не сме на линия',
  endChat: 'Край на чата',
  minimize: 'Скрий',
  mute: 'Без звук',
  dismiss: 'Затвори',
  connectingToChat: 'Свързване с чата…',
  unavailable: 'Чатът в момента не е достъпен.',
  unavailableHint: 'Опитваме да се свържем отново; можете да оставите прозореца отворен.',
  hello: 'Здравейте!',
  helloHint: 'Попитайте ни каквото и да е. На линия сме и ще отговорим тук.',
  writeMessage: 'Напишете съобщение…',
  startNewChat: 'Започнете нов чат…',
  poweredBy: 'Работи с Parley',

  ended: 'Чатът приключи.',
  endedStartNew: 'Чатът приключи. Напишете съобщение, за да започнете нов.',
  offlineThanks: 'Благодарим! Получихме съобщението ви и ще отговорим тук възможно най-скоро.',
  offlineReceived: 'Получихме съобщението ви и ще отговорим тук възможно най-скоро.',
  waiting: 'Изчакваме консултант…',
  waitingInLine: (n) => `Изчакваме консултант — място на опашката: ${n}`,

  message: 'Съобщение',
  send: 'Изпрати',
  tooLong: (length, max) =>
    `Съобщението е твърде дълго: ${length.toLocaleString('bg')} знака при максимум ${max.toLocaleString('bg')}.`,
  conversation: 'Разговор',
  today: 'Днес',
  yesterday: 'Вчера',
  you: 'Вие',
  agent: 'Консултант',
  delivered: 'Доставено',
  notSent: 'Не е изпратено:',
  tryAgain: 'Опитай пак',
  remove: 'Премахни',
  sending: 'Изпращане…',
  typing: (name) => (name ? `${name} пише…` : 'Пише…'),

  leaveMessage: 'Оставете ни съобщение',
  nobodyOnline: 'В момента никой не е на линия. Оставете съобщение и имейл и ще ви отговорим.',
  closedNow: 'В момента не работим. Оставете съобщение и имейл и ще ви отговорим в работно време.',
  name: 'Име',
  email: 'Имейл',
  sendMessage: 'Изпрати съобщението',
  optional: '(по желание)',
  department: 'Отдел',
  chooseDepartment: 'Изберете отдел',
  preChatTitle: 'Преди да започнем',
  preChatLead: 'Разкажете ни малко за себе си, за да ви помогнем.',
  startChat: 'Започни чат',
  needName: 'Моля, въведете име.',
  needEmail: 'Моля, въведете имейл, на който да ви отговорим.',
  needText: 'Моля, напишете съобщение.',
  needDepartment: 'Моля, изберете отдел.',

  noServer: 'Няма връзка със сървъра на чата. Проверете връзката си и опитайте отново.',
  endNoAnswer: 'Сървърът на чата не отговори. Опитайте отново да приключите чата.',
  endFailed: (error) => `Чатът не можа да бъде приключен: ${error}`,
  chatUnavailable: (error) => `Чатът не е достъпен: ${error}`,

  invitationFrom: (site) => `Съобщение от ${site}`,
  reply: 'Отговори',
  closeInvitation: 'Затвори',
};

export const WORDS: Record<Language, Words> = { en, ru, bg };

/**
 * The locale for dates and numbers: the browser's own when it is a variant of the window's
 * language (en-GB keeps its 24-hour clock), else the language itself.
 */
export function formatLocale(language: Language, browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): string {
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

/** The first of the candidates (BCP 47 tags, most wanted first) the widget speaks; else English. */
export function pickLanguage(candidates: Array<string | null | undefined>): Language {
  for (const tag of candidates) {
    const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] as Language;
    if (LANGUAGES.includes(primary)) return primary;
  }
  return 'en';
}
