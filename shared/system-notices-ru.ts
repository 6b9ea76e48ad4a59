import type { NoticeWords } from './system-notices.ts';

export const noticeWordsRu: NoticeWords = {
  joined: (agent) => `${agent} присоединяется к чату`,
  transferredToAgent: (agent, target) => `${agent} передаёт чат: дальше вам поможет ${target}`,
  transferredToDepartment: (agent, target) => `${agent} передаёт чат в отдел «${target}». Скоро вам ответят.`,
  closedByAgent: (agent) => `${agent} завершает чат`,
  endedByVisitor: 'Чат завершён',
  visitorLeft: 'Посетитель ушёл, не дождавшись ответа',
  requeued: 'Оператор больше не на связи. Вы снова в очереди, первым.',
};
