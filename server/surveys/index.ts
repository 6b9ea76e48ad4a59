import type { Deps } from '../deps.ts';
import type { ChatRow } from '../store/chats.ts';
import { SurveyService, type SurveyNotifier } from './survey-service.ts';
import { NpsMailer } from './nps-mailer.ts';

/** Post-chat CSAT/CES and delayed NPS (issue 3): the one survey service and its mailer. */
export interface Surveys {
  service: SurveyService;
  /** A chat has closed: schedule what its visitor should be asked. */
  chatClosed(chat: ChatRow): void;
  stop(): void;
}

/** Due NPS emails are looked for this often (and at start, and when a chat closes). */
const EMAIL_SWEEP_MS = 60 * 1000;

export async function startSurveys(deps: Deps & { notifier: SurveyNotifier }): Promise<Surveys> {
  const service = new SurveyService(deps);
  const mailer = NpsMailer.fromConfig(service, deps.config, deps.log);
  await mailer?.start(EMAIL_SWEEP_MS);

  return {
    service,
    async chatClosed(chat) {
      await service.chatClosed(chat);
      // With npsDelayHours 0 the NPS is due at once: email it now rather than at the next sweep.
      void mailer?.kick();
    },
    stop() {
      mailer?.stop();
    },
  };
}
