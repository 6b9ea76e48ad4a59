/** What a push notification says, in the language of the console that subscribed the device. */
export type PushLanguage = 'en' | 'ru' | 'bg';

export interface PushWords {
  waiting(who: string): string;
  transferred(who: string): string;
  wrote(who: string): string;
  followUp(who: string): string;
  on(where: string): string;
  offlineMessage: string;
  liveChat: string;
  visitor(shortId: string): string;
}

export const pushWords: Record<PushLanguage, PushWords> = {
  en: {
    waiting: (who) => `${who} is waiting`,
    transferred: (who) => `${who}: chat transferred to you`,
    wrote: (who) => `${who} wrote`,
    followUp: (who) => `${who} rated the chat low: follow up`,
    on: (where) => `On ${where}`,
    offlineMessage: 'Offline message',
    liveChat: 'Live chat',
    visitor: (id) => `Visitor ${id}`,
  },
  ru: {
    waiting: (who) => `${who} ждёт ответа`,
    transferred: (who) => `${who}: чат передан вам`,
    wrote: (who) => `${who} пишет`,
    followUp: (who) => `${who} поставил низкую оценку: нужна обратная связь`,
    on: (where) => `На странице ${where}`,
    offlineMessage: 'Офлайн-сообщение',
    liveChat: 'Чат',
    visitor: (id) => `Посетитель ${id}`,
  },
  bg: {
    waiting: (who) => `${who} чака`,
    transferred: (who) => `${who}: чатът е прехвърлен към вас`,
    wrote: (who) => `${who} написа`,
    followUp: (who) => `${who} даде ниска оценка: нужна е обратна връзка`,
    on: (where) => `На ${where}`,
    offlineMessage: 'Офлайн съобщение',
    liveChat: 'Чат на живо',
    visitor: (id) => `Посетител ${id}`,
  },
};
