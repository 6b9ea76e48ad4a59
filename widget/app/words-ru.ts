import { noticeWordsRu } from '../../shared/system-notices-ru.ts';
import { plural, waitIn, type Words } from './words.ts';

/** The window in Russian. */
export const RU: Words = {
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
  notice: noticeWordsRu,

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
  slowedDown: 'Вы отправляете сообщения слишком часто. Мы отправим ваше сообщение через минуту.',
  endNoAnswer: 'Сервер чата не ответил. Попробуйте завершить чат ещё раз.',
  endFailed: (error) => `Не удалось завершить чат: ${error}`,
  chatUnavailable: (error) => `Чат недоступен: ${error}`,
  blocked: 'Чат недоступен.',
  messageDeleted: 'Сообщение удалено',
  erased: 'Стёрто',

  invitationFrom: (site) => `Сообщение от ${site}`,
  reply: 'Ответить',
  closeInvitation: 'Закрыть',

  emailTranscriptTo: (email) => `Прислать переписку на ${email}`,
  transcriptSent: (email) => `Отправлено на ${email}.`,
  transcriptNoEmail: 'Мы можем прислать переписку только на адрес, который вы нам оставили, а его у нас нет.',
  transcriptAddressChanged: 'Ваш email изменился. Проверьте его и отправьте ещё раз.',
  transcriptLimit: 'Эту переписку уже отправляли несколько раз.',
  transcriptTryLater: (minutes) => {
    const { count, unit } = waitIn(minutes);
    const word =
      unit === 'minute' ? plural('ru', count, { one: 'минуту', few: 'минуты', other: 'минут' }) : plural('ru', count, { one: 'час', few: 'часа', other: 'часов' });
    return `Недавно отправлено слишком много писем. Попробуйте через ${count} ${word}.`;
  },
  transcriptFailed: 'Сейчас не удалось отправить письмо. Попробуйте позже.',

  attachFile: 'Прикрепить файл',
  sendingFile: (name) => `Отправляем ${name}…`,
  fileNotAccepted: 'Можно отправлять только изображения (PNG, JPEG, GIF, WebP) и PDF.',
  fileTooBig: 'Файл слишком большой: можно не больше 10 МБ.',
  tooManyFiles: 'За последний час вы отправили много файлов. Попробуйте позже.',
  fileFailed: 'Не удалось отправить файл. Проверьте подключение и попробуйте ещё раз.',
};
