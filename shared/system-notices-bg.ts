import type { NoticeWords } from './system-notices.ts';

export const noticeWordsBg: NoticeWords = {
  joined: (agent) => `${agent} се присъедини към чата`,
  transferredToAgent: (agent, target) => `${agent} прехвърли чата: оттук нататък ще ви помага ${target}`,
  transferredToDepartment: (agent, target) => `${agent} прехвърли чата към отдел „${target}“. Скоро ще ви отговорят.`,
  closedByAgent: (agent) => `${agent} приключи чата`,
  endedByVisitor: 'Чатът приключи',
  visitorLeft: 'Посетителят си тръгна, преди някой да отговори',
  requeued: 'Консултантът вече не е на линия. Отново сте на опашката, първи по ред.',
  blocked: 'Чатът не е достъпен',
};
