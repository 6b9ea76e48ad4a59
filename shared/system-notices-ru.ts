import type { NoticeWords } from './system-notices.ts';

export const noticeWordsRu: NoticeWords = {
  joined: (agent) => `Оператор ${agent} подключился к чату`,
  transferredToAgent: (agent, target) => `Оператор ${agent} передал чат: дальше вам поможет ${target}`,
  transferredToDepartment: (agent, target) => `Оператор ${agent} передал чат в отдел «${target}». Скоро вам ответят.`,
  closedByAgent: (agent) => `Оператор ${agent} завершил чат`,
  endedByVisitor: 'Чат завершён',
  visitorLeft: 'Посетитель ушёл, не дождавшись ответа',
  requeued: 'Оператор больше не на связи. Вы снова в очереди, первым.',
  blocked: 'Чат недоступен',
};
