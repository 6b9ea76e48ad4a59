import express, { Router, type Response } from 'express';
import type { Deps } from '../deps.ts';
import type { SurveySettingsView } from '../../shared/protocol.ts';
import { surveyEmailFormSchema } from '../../shared/survey-schemas.ts';
import { routes } from '../../shared/api-routes.ts';
import { getChat } from '../store/chats.ts';
import { maySee } from '../chat/access.ts';
import { serve } from './api-routes.ts';
import { EmailLinkError, SurveyError, type SurveyService } from '../surveys/survey-service.ts';
import { builtInTexts, effectiveTexts, writeSurveySettings } from '../surveys/settings.ts';
import { recentComments } from '../store/surveys.ts';
import { chatsWithoutSurveyCount } from '../store/follow-ups.ts';
import { pageTextsFor } from '../surveys/page-texts.ts';
import { surveyFormPage, surveyMessagePage, thanksPage } from '../surveys/survey-page.ts';

/**
 * Survey routes: the console's ratings and comments, the owner's survey settings, and the
 * page an emailed NPS link opens (`/survey/<token>`: GET shows the form and spends nothing,
 * so mail scanners that follow links are harmless; POST answers, once).
 */
export function surveysRouter(deps: Deps, surveys: SurveyService): Router {
  const { db, clock, config } = deps;
  const router = Router();

  // The console's survey routes, served through their declarations in shared/api-routes.ts.
  const api = Router();
  serve(api, deps, routes.chatSurveys, async ({ params, agent, res }) => {
    const chat = await getChat(db, params.id);
    if (!chat) return void res.status(404).json({ error: 'id: no such chat', field: 'id' });
    if (!(await maySee(db, agent, chat))) return void res.status(403).json({ error: 'id: this chat belongs to a department you are not in', field: 'id' });
    return { surveys: await surveys.recordsOfChat(chat.id) };
  });
  serve(api, deps, routes.surveyComments, async ({ query }) => {
    const rows = await recentComments(db, { ...query, limit: query.limit ?? 50 });
    const comments = await Promise.all(
      rows.map(async (row) => ({ ...(await surveys.recordView(row, row.emailed_at)), visitorName: row.visitor_name })),
    );
    return { comments };
  });

  const settingsView = async (): Promise<SurveySettingsView> => {
    const settings = await surveys.settings();
    return {
      settings,
      effectiveTexts: effectiveTexts(settings),
      builtInLanguages: Object.keys(builtInTexts),
      emailConfigured: !!config.smtpUrl,
      surveysSkipped: await chatsWithoutSurveyCount(db),
    };
  };
  serve(api, deps, routes.surveySettings, settingsView);
  serve(api, deps, routes.changeSurveySettings, async ({ body }) => {
    await writeSurveySettings(db, body);
    return settingsView();
  });
  router.use('/api', api);

  // The email survey page -----------------------------------------------------------------

  const pageHeaders = (res: Response) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    // The token is the credential: keep it out of caches and Referer headers.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html');
  };
  const problemPage = async (res: Response, token: string, err: unknown) => {
    if (!(err instanceof EmailLinkError)) throw err;
    const language = err.problem === 'invalid' ? 'en' : await surveys.emailLanguage(token);
    res.status(err.problem === 'invalid' ? 404 : 410).send(surveyMessagePage(language, pageTextsFor(language).problems[err.problem]));
  };

  router.get('/survey/:token', async (req, res) => {
    pageHeaders(res);
    const token = String(req.params.token);
    try {
      res.send(surveyFormPage(await surveys.emailSurvey(token)));
    } catch (err) {
      await problemPage(res, token, err);
    }
  });

  router.post('/survey/:token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    pageHeaders(res);
    const token = String(req.params.token);
    try {
      const survey = await surveys.emailSurvey(token);
      const parsed = surveyEmailFormSchema.safeParse(req.body ?? {});
      const comment = typeof req.body?.comment === 'string' ? req.body.comment : undefined;
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const message = issue.path[0] === 'score' ? pageTextsFor(survey.language).chooseScore : `Comment: ${issue.message}`;
        res.status(400).send(surveyFormPage(survey, { message, comment }));
        return;
      }
      let answered;
      try {
        answered = await surveys.answerByEmail(token, parsed.data.score, parsed.data.comment);
      } catch (err) {
        if (!(err instanceof SurveyError)) throw err;
        res.status(400).send(surveyFormPage(survey, { message: err.message, comment }));
        return;
      }
      res.send(thanksPage(survey.language, answered.reviewLink ?? null));
    } catch (err) {
      await problemPage(res, token, err);
    }
  });

  return router;
}
