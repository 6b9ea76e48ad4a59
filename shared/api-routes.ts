import { z } from 'zod';
import { ADMINS, ANY_AGENT, API_KEY_SCOPES, apiRoute, typedAs } from './api-route.ts';
import type {
  CannedReply,
  ChatSummary,
  Department,
  FollowUpTimes,
  FollowUpView,
  MessageView,
  SurveyCommentView,
  SurveyRecordView,
  SurveySettingsView,
} from './protocol.ts';
import { agentMessageSchema, startChatSchema, tagSchema } from './schemas.ts';
import { searchWords } from './search-snippet.ts';
import {
  webhookCreateBodySchema,
  webhookCreatedSchema,
  webhookDeliveriesQuerySchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookPatchBodySchema,
} from './webhooks.ts';
import { digestPreviewQuerySchema, digestSubscriptionSchema } from './digest-schemas.ts';
import { reviewBodySchema, reviewListQuerySchema, scorecardSchema, type ChatToReview, type ReviewView, type ScorecardView } from './review-schemas.ts';
import { surveyCommentsQuerySchema, surveySettingsPatchSchema } from './survey-schemas.ts';
import { privacyVisitorParams, retentionBodySchema, retentionViewSchema, visitorBlockSchema, visitorErasedSchema } from './privacy-schemas.ts';
import { agentPatch, cannedBody, cannedPatch, departmentBody, departmentPatch, newAgentBody, settingsPatch, slaBody, slaPolicySchema, twoFactorCodeSchema, type SiteSettings } from './team-schemas.ts';
import { acceptInvitationBody, invitationSentSchema, inviteBody, resendInvitationBody } from './team-schemas.ts';
import { pushPreferencesSchema, pushSubscriptionSchema, pushUnsubscribeSchema } from './push-schemas.ts';
import { followUpDoneSchema, followUpListQuerySchema, followUpTimesQuerySchema } from './follow-up-schemas.ts';

/**
 * Every public REST route under /api (issue 12): the server serves them, GET /api/openapi.json
 * describes them and the console calls them, all from these declarations.
 */

const ok = z.object({ ok: z.literal(true) });
const idParam = z.strictObject({ id: z.string().min(1).max(200) });
const chatIdParam = z.strictObject({ chatId: z.string().min(1).max(128) });
const visitorIdParam = z.strictObject({ visitorId: z.string().min(1).max(128) });

/**
 * An ISO-8601 date or date-time as a query value; without an offset it is UTC. (The metrics
 * routes read theirs in the query's `tz`, so they take the text and the domain reads it.)
 */
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;
export const isoInstant = z.string().transform((s, ctx) => {
  const m = ISO_INSTANT.exec(s);
  const zone = m?.[3] ? (m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`) : 'Z';
  const at = m ? Date.parse(m[2] ? `${m[1]}T${m[2]}${zone}` : `${m[1]}T00:00Z`) : NaN;
  if (Number.isNaN(at)) ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or time' });
  return at;
});
const filterId = z.string().min(1).max(200).optional();
const paging = (max: number) => ({
  limit: z.coerce.number().int().min(1).max(max).default(Math.min(max, 20)),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

// Metrics, import and export (METRICS.md §3) ------------------------------------------------

const metricsFilters = {
  agent: z.string().optional(),
  department: z.string().optional(),
  tag: z.string().optional(),
  channel: z.string().optional(),
  priority: z.string().optional(),
};
/** `from`/`to` are read in `tz` (an IANA zone, UTC by default) when they carry no offset. */
export const metricsQuerySchema = z.strictObject({ from: z.string(), to: z.string(), tz: z.string().optional(), ...metricsFilters });
export const metricsSeriesQuerySchema = metricsQuerySchema.extend({ bucket: z.enum(['hour', 'day', 'week', 'month']).optional() });
export const metricsChatsQuerySchema = metricsQuerySchema.extend({ key: z.string(), limit: z.string().optional(), offset: z.string().optional() });
export const exportQuerySchema = z.strictObject({ from: z.string().optional(), to: z.string().optional(), tz: z.string().optional() });
/** The METRICS.md §3 keys with their values (null: no data in the range). */
const metricValues = z.record(z.string(), z.unknown());

// Search and chats -------------------------------------------------------------------------

export const searchQuerySchema = z
  .strictObject({
    q: z.string().max(500).refine((q) => searchWords(q).length > 0, 'must hold at least one word (letters or digits)'),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    agent: filterId,
    department: filterId,
    tag: filterId,
    channel: z.enum(['widget', 'offline']).optional(),
    status: z.enum(['open', 'closed']).optional(),
    ...paging(100),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, { path: ['from'], message: 'must be before to' });
export const foundChatSchema = z.object({
  chatId: z.string(),
  startedAt: z.string(),
  agentId: z.string().nullable(),
  visitorId: z.string(),
  visitorName: z.string().nullable(),
  visitorEmail: z.string().nullable(),
  /** The match is between U+E000 and U+E001 (text, never HTML). */
  snippet: z.string(),
});
export type FoundChat = z.infer<typeof foundChatSchema>;

export const chatListQuerySchema = z
  .strictObject({
    status: z.enum(['queued', 'active', 'closed']).optional(),
    agent: filterId,
    department: filterId,
    channel: z.enum(['widget', 'offline']).optional(),
    /** Started at or after. */
    from: isoInstant.optional(),
    /** Started before. */
    to: isoInstant.optional(),
    ...paging(100),
  })
  .refine((p) => p.from === undefined || p.to === undefined || p.from < p.to, { path: ['from'], message: 'must be before to' });
/** A message sent over REST as a named agent; `id` is the client's: a retried POST stores it once. */
export const restMessageSchema = agentMessageSchema.omit({ chatId: true, cannedId: true }).extend({ agentId: z.string().min(1).max(128) });
export const restCloseSchema = z.strictObject({ withoutSurvey: z.boolean().optional() });
export const restTagsSchema = z.strictObject({ tags: z.array(tagSchema.shape.tag).max(50) });
/** "Start chat" on a visitor; a key names the agent who writes (else the caller writes). */
export const restStartChatSchema = startChatSchema.extend({ agentId: z.string().min(1).max(128).optional() });

// API keys ---------------------------------------------------------------------------------

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export const apiKeyCreateSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z
    .array(apiKeyScopeSchema)
    .min(1, 'choose at least one scope')
    .transform((s) => [...new Set(s)]),
});
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: z.number(),
  /** Who made it: the key acts as them (capped at admin). */
  createdBy: z.string(),
  /** Updated at most once a minute; null: never used. */
  lastUsedAt: z.number().nullable(),
});
/** Only the answer to its creation carries the key itself. */
export const apiKeyCreatedSchema = z.object({ id: z.string(), name: z.string(), scopes: z.array(apiKeyScopeSchema), key: z.string() });
export type ApiKeyView = z.infer<typeof apiKeySchema>;

export const liveVisitorSchema = z.object({
  visitorId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  url: z.string().nullable(),
  title: z.string().nullable(),
  visitStartedAt: z.number(),
  pagesThisVisit: z.number(),
  returning: z.boolean(),
  country: z.string().nullable(),
  locale: z.string().nullable(),
  timeZone: z.string().nullable(),
  chatId: z.string().nullable(),
  chatAgentId: z.string().nullable(),
});

export const openInvitationSchema = z.object({
  createdAt: z.number(),
  expiresAt: z.number(),
  /** null: no email went out, the admin handed the link over. */
  emailedAt: z.number().nullable(),
  expired: z.boolean(),
});
/** An agent as admins see it, with the invitation they have not accepted yet. */
export const agentAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['agent', 'admin', 'owner']),
  maxChats: z.number(),
  disabled: z.boolean(),
  departments: z.array(z.string()),
  /** Signs in with a code from an authenticator app too. */
  twoFactor: z.boolean(),
  invitation: openInvitationSchema.nullable(),
});
export type AgentAccount = z.infer<typeof agentAccountSchema>;
export type OpenInvitation = z.infer<typeof openInvitationSchema>;
/** The signed-in agent: must they enrol in two-factor sign-in before anything else. */
export const signedInAgentSchema = agentAccountSchema.omit({ invitation: true }).extend({ mustEnrolTwoFactor: z.boolean() });

const message = typedAs<MessageView>().describe('A message (MessageView in shared/protocol.ts)');
const chatSummary = typedAs<ChatSummary>().describe('A chat (ChatSummary in shared/protocol.ts)');
const agentAccount = agentAccountSchema;
/** An answer described in words only (its fields are the console's own types). */
const bodyOf = (what: string) => z.record(z.string(), z.unknown()).describe(what);
/** A request body its route still checks itself (not yet a schema here): any JSON object. */
const objectBody = (what: string) => z.custom<object>((v) => typeof v === 'object' && v !== null).describe(what);

/** Your digest subscription (null: none), and whether email can be sent at all (SMTP_URL). */
const digestAnswer = z.object({
  subscription: z.object({ frequency: z.enum(['daily', 'weekly']), timeZone: z.string(), language: z.string() }).nullable(),
  emailConfigured: z.boolean(),
});

const metrics = { roles: ADMINS, scope: 'metrics:read' } as const;
const admins = { roles: ADMINS, scope: 'admin' } as const;
const agents = { roles: ANY_AGENT, scope: 'admin' } as const;
const sessionOnly = { roles: ANY_AGENT, scope: null } as const;
const anyone = { roles: 'anyone', scope: null } as const;
/** The routes that enrol in two-factor sign-in work before it, while the owner requires it. */
const enrolling = { ...sessionOnly, beforeEnrolment: true } as const;

export const routes = {
  // Auth ----------------------------------------------------------------------------------
  signIn: apiRoute({
    method: 'post', path: '/api/auth/login', tag: 'Auth', summary: 'Sign in: a session cookie and its token', access: anyone,
    body: z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000), code: z.string().trim().min(1).max(64).optional() }),
    response: z.object({ token: z.string(), agent: signedInAgentSchema }),
  }),
  signOut: apiRoute({ method: 'post', path: '/api/auth/logout', tag: 'Auth', summary: 'Sign out: ends the session', access: anyone, response: ok }),
  me: apiRoute({ method: 'get', path: '/api/auth/me', tag: 'Auth', summary: 'The signed-in agent', access: sessionOnly, response: z.object({ agent: signedInAgentSchema }) }),
  twoFactorState: apiRoute({ method: 'get', path: '/api/auth/two-factor', tag: 'Auth', summary: 'Whether two-factor sign-in is on', access: enrolling, response: z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number(), required: z.boolean() }) }),
  twoFactorStart: apiRoute({ method: 'post', path: '/api/auth/two-factor', tag: 'Auth', summary: 'Start enrolling in two-factor sign-in', access: enrolling, response: z.object({ secret: z.string(), otpauthUrl: z.string() }) }),
  twoFactorConfirm: apiRoute({ method: 'post', path: '/api/auth/two-factor/confirm', tag: 'Auth', summary: 'Confirm enrolment with a code: the recovery codes', access: enrolling, body: twoFactorCodeSchema, response: z.object({ recoveryCodes: z.array(z.string()) }) }),
  twoFactorOff: apiRoute({ method: 'delete', path: '/api/auth/two-factor', tag: 'Auth', summary: 'Turn two-factor sign-in off', access: sessionOnly, body: twoFactorCodeSchema, response: ok }),
  twoFactorReset: apiRoute({ method: 'delete', path: '/api/agents/{id}/two-factor', tag: 'Team', summary: "Reset an agent's two-factor sign-in", access: admins, params: idParam, response: z.object({ agent: agentAccount.omit({ invitation: true }) }) }),

  // Metrics, import and export --------------------------------------------------------------
  metrics: apiRoute({ method: 'get', path: '/api/metrics', tag: 'Metrics', summary: 'The METRICS.md §3 metrics of a range', access: metrics, query: metricsQuerySchema, response: metricValues }),
  metricsCsv: apiRoute({ method: 'get', path: '/api/metrics.csv', tag: 'Metrics', summary: 'The metrics of a range as CSV', access: metrics, query: metricsQuerySchema, response: z.string(), produces: 'text/csv' }),
  metricsByAgent: apiRoute({ method: 'get', path: '/api/metrics/agents', tag: 'Metrics', summary: 'The metrics per agent', access: metrics, query: metricsQuerySchema, response: z.object({ agents: z.array(z.object({ agentId: z.string(), name: z.string(), metrics: metricValues })) }) }),
  metricsByAgentCsv: apiRoute({ method: 'get', path: '/api/metrics/agents.csv', tag: 'Metrics', summary: 'The metrics per agent as CSV', access: metrics, query: metricsQuerySchema, response: z.string(), produces: 'text/csv' }),
  metricsSeries: apiRoute({
    method: 'get', path: '/api/metrics/series', tag: 'Metrics', summary: 'The metrics per hour, day, week or month', access: metrics, query: metricsSeriesQuerySchema,
    response: z.object({ bucket: z.string(), tz: z.string(), points: z.array(z.object({ start: z.string(), end: z.string(), metrics: metricValues })) }),
  }),
  metricsChats: apiRoute({ method: 'get', path: '/api/metrics/chats', tag: 'Metrics', summary: 'The chats behind a metric (drill-down)', access: metrics, query: metricsChatsQuerySchema, response: bodyOf('{total, chats}: the chats a metric counted') }),
  chatsCsv: apiRoute({ method: 'get', path: '/api/chats.csv', tag: 'Metrics', summary: 'The chats of a range as CSV', access: metrics, query: metricsQuerySchema, response: z.string(), produces: 'text/csv' }),
  importHistory: apiRoute({
    method: 'post', path: '/api/import', tag: 'Import and export', summary: 'Import a METRICS.md §1 history (NDJSON)', access: admins, consumes: 'application/x-ndjson',
    response: z.object({ imported: z.record(z.string(), z.number()) }),
  }),
  exportHistory: apiRoute({ method: 'get', path: '/api/export', tag: 'Import and export', summary: 'Export the history as METRICS.md §1 NDJSON', access: { roles: ADMINS, scope: 'chats:read' }, query: exportQuerySchema, response: z.string(), produces: 'application/x-ndjson' }),

  // Chats ----------------------------------------------------------------------------------
  listChats: apiRoute({ method: 'get', path: '/api/chats', tag: 'Chats', summary: 'Chats, newest first, with filters', access: { roles: ANY_AGENT, scope: 'chats:read' }, query: chatListQuerySchema, response: z.object({ total: z.number(), chats: z.array(chatSummary) }) }),
  chatTranscript: apiRoute({ method: 'get', path: '/api/chats/{chatId}/messages', tag: 'Chats', summary: "A chat's transcript", access: { roles: ANY_AGENT, scope: 'chats:read' }, params: chatIdParam, response: z.object({ chat: chatSummary, messages: z.array(message) }) }),
  sendMessage: apiRoute({
    method: 'post', path: '/api/chats/{chatId}/messages', tag: 'Chats', summary: 'Send a message as a named agent (the chat must be assigned to them); a retry with the same id stores it once',
    access: { roles: ANY_AGENT, scope: 'chats:write' }, params: chatIdParam, body: restMessageSchema, response: z.object({ message }), status: 201,
  }),
  closeChat: apiRoute({ method: 'post', path: '/api/chats/{chatId}/close', tag: 'Chats', summary: 'Close a chat', access: { roles: ANY_AGENT, scope: 'chats:write' }, params: chatIdParam, body: restCloseSchema, response: z.object({ chat: chatSummary }) }),
  setChatTags: apiRoute({ method: 'put', path: '/api/chats/{chatId}/tags', tag: 'Chats', summary: "Set a chat's tags", access: { roles: ANY_AGENT, scope: 'chats:write' }, params: chatIdParam, body: restTagsSchema, response: z.object({ tags: z.array(z.string()) }) }),
  chatSurveys: apiRoute({ method: 'get', path: '/api/chats/{id}/surveys', tag: 'Chats', summary: "A chat's surveys and answers", access: { roles: ANY_AGENT, scope: 'chats:read' }, params: idParam, response: z.object({ surveys: z.array(typedAs<SurveyRecordView>()) }) }),
  search: apiRoute({ method: 'get', path: '/api/search', tag: 'Chats', summary: 'Full-text search of chats', access: { roles: ANY_AGENT, scope: 'chats:read' }, query: searchQuerySchema, response: z.object({ total: z.number(), totalCapped: z.boolean().describe('true when total counts only the chats of the newest matches (README: Search)'), chats: z.array(foundChatSchema) }) }),

  // Visitors -------------------------------------------------------------------------------
  liveVisitors: apiRoute({ method: 'get', path: '/api/visitors/live', tag: 'Visitors', summary: 'Who is on the site now', access: { roles: ANY_AGENT, scope: 'visitors:read' }, response: z.object({ visitors: z.array(liveVisitorSchema) }) }),
  liveVisitor: apiRoute({ method: 'get', path: '/api/visitors/{visitorId}', tag: 'Visitors', summary: 'A visitor on the site now', access: { roles: ANY_AGENT, scope: 'visitors:read' }, params: visitorIdParam, response: z.object({ visitor: liveVisitorSchema }) }),
  startChat: apiRoute({
    method: 'post', path: '/api/visitors/{visitorId}/chats', tag: 'Visitors', summary: 'Start a chat with a visitor on the site (the agent writes first)',
    access: { roles: ANY_AGENT, scope: 'visitors:write' }, params: visitorIdParam, body: restStartChatSchema, response: z.object({ chatId: z.string(), message }), status: 201,
  }),
  exportVisitor: apiRoute({ method: 'get', path: '/api/visitors/{visitorId}/export', tag: 'Privacy', summary: "Everything kept about a visitor (JSON)", access: admins, params: privacyVisitorParams, response: typedAs<object>().describe("The visitor's data: profile, chats, messages, surveys, files") }),
  eraseVisitor: apiRoute({ method: 'post', path: '/api/visitors/{visitorId}/erase', tag: 'Privacy', summary: "Erase a visitor's data", access: admins, params: privacyVisitorParams, response: visitorErasedSchema }),

  // API keys -------------------------------------------------------------------------------
  listApiKeys: apiRoute({ method: 'get', path: '/api/api-keys', tag: 'API keys', summary: 'The API keys (never the keys themselves)', access: { roles: ADMINS, scope: null }, response: z.object({ apiKeys: z.array(apiKeySchema) }) }),
  createApiKey: apiRoute({ method: 'post', path: '/api/api-keys', tag: 'API keys', summary: 'Make an API key: the key is in this answer only', access: { roles: ADMINS, scope: null }, body: apiKeyCreateSchema, response: apiKeyCreatedSchema, status: 201 }),
  revokeApiKey: apiRoute({ method: 'delete', path: '/api/api-keys/{id}', tag: 'API keys', summary: 'Revoke an API key at once', access: { roles: ADMINS, scope: null }, params: idParam, response: ok }),

  // Webhooks -------------------------------------------------------------------------------
  listWebhooks: apiRoute({ method: 'get', path: '/api/webhooks', tag: 'Webhooks', summary: 'The webhook endpoints', access: admins, response: z.object({ webhooks: z.array(webhookEndpointSchema) }) }),
  createWebhook: apiRoute({ method: 'post', path: '/api/webhooks', tag: 'Webhooks', summary: 'Add an endpoint: the signing secret is in this answer only', access: admins, body: webhookCreateBodySchema, response: webhookCreatedSchema, status: 201 }),
  changeWebhook: apiRoute({ method: 'patch', path: '/api/webhooks/{id}', tag: 'Webhooks', summary: 'Change an endpoint (enabled: true turns it back on)', access: admins, params: idParam, body: webhookPatchBodySchema, response: webhookEndpointSchema }),
  removeWebhook: apiRoute({ method: 'delete', path: '/api/webhooks/{id}', tag: 'Webhooks', summary: 'Remove an endpoint', access: admins, params: idParam, response: ok }),
  webhookDeliveries: apiRoute({ method: 'get', path: '/api/webhooks/{id}/deliveries', tag: 'Webhooks', summary: "An endpoint's recent deliveries", access: admins, params: idParam, query: webhookDeliveriesQuerySchema, response: z.object({ deliveries: z.array(webhookDeliverySchema) }) }),
  redeliverWebhook: apiRoute({
    method: 'post', path: '/api/webhooks/{id}/deliveries/{deliveryId}/redeliver', tag: 'Webhooks', summary: 'Send a delivery again', access: admins,
    params: z.strictObject({ id: z.string().min(1).max(200), deliveryId: z.string().min(1).max(200) }), response: webhookDeliverySchema,
  }),

  // Audit, follow-ups, surveys, digests, push ---------------------------------------------------
  audit: apiRoute({
    method: 'get', path: '/api/audit', tag: 'Audit', summary: 'The audit log, newest first', access: admins,
    query: z.strictObject({
      from: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)).optional(),
      to: z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)).optional(),
      actor: z.string().min(1).max(200).optional(),
      action: z.string().min(1).max(100).optional(),
      before: z.coerce.number().int().positive().optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(200),
    }),
    response: z.object({
      entries: z.array(z.object({ id: z.number(), at: z.string(), actor: z.string().nullable(), action: z.string(), target: z.string().nullable(), ip: z.string().nullable(), details: z.record(z.string(), z.unknown()).nullable() })),
    }),
  }),
  followUps: apiRoute({ method: 'get', path: '/api/follow-ups', tag: 'Follow-ups', summary: 'Follow-ups of unhappy ratings', access: agents, query: followUpListQuerySchema, response: z.object({ followUps: z.array(typedAs<FollowUpView>()) }) }),
  followUpCount: apiRoute({ method: 'get', path: '/api/follow-ups/count', tag: 'Follow-ups', summary: 'How many follow-ups are open', access: agents, response: z.object({ open: z.number() }) }),
  followUpTimes: apiRoute({ method: 'get', path: '/api/follow-ups/times', tag: 'Follow-ups', summary: 'How fast follow-ups are done', access: admins, query: followUpTimesQuerySchema, response: typedAs<FollowUpTimes>() }),
  followUpDone: apiRoute({ method: 'post', path: '/api/follow-ups/{id}/done', tag: 'Follow-ups', summary: 'Mark a follow-up done', access: agents, params: idParam, body: followUpDoneSchema, response: z.object({ followUp: typedAs<FollowUpView>() }) }),

  // Quality reviews (IQS, issue 13) ---------------------------------------------------------
  scorecard: apiRoute({ method: 'get', path: '/api/scorecard', tag: 'Quality reviews', summary: 'The scorecard chats are reviewed on', access: agents, response: typedAs<ScorecardView>() }),
  saveScorecard: apiRoute({ method: 'put', path: '/api/scorecard', tag: 'Quality reviews', summary: 'Change the scorecard (a criterion left out is archived)', access: admins, body: scorecardSchema, response: typedAs<ScorecardView>() }),
  chatReviews: apiRoute({ method: 'get', path: '/api/chats/{chatId}/reviews', tag: 'Quality reviews', summary: "A chat's reviews (an agent: of their own chats)", access: agents, params: chatIdParam, response: z.object({ reviews: z.array(typedAs<ReviewView>()) }) }),
  reviewChat: apiRoute({ method: 'post', path: '/api/chats/{chatId}/reviews', tag: 'Quality reviews', summary: 'Review a chat on the scorecard (one review per reviewer)', access: admins, params: chatIdParam, body: reviewBodySchema, status: 201, response: z.object({ review: typedAs<ReviewView>() }) }),
  chatsToReview: apiRoute({ method: 'get', path: '/api/reviews/to-review', tag: 'Quality reviews', summary: "This week's and last week's sample of each agent's closed chats to review", access: admins, response: typedAs<{ weeks: string[]; reviewsPerAgentPerWeek: number; chats: ChatToReview[] }>() }),
  reviews: apiRoute({ method: 'get', path: '/api/reviews', tag: 'Quality reviews', summary: 'Reviews made (an agent: those of their own chats)', access: agents, query: reviewListQuerySchema, response: z.object({ reviews: z.array(typedAs<ReviewView>()) }) }),
  changeReview: apiRoute({ method: 'put', path: '/api/reviews/{id}', tag: 'Quality reviews', summary: 'Change your own review', access: admins, params: idParam, body: reviewBodySchema, response: z.object({ review: typedAs<ReviewView>() }) }),
  surveyComments: apiRoute({ method: 'get', path: '/api/surveys/comments', tag: 'Surveys', summary: "The visitors' survey comments, newest first", access: admins, query: surveyCommentsQuerySchema, response: z.object({ comments: z.array(typedAs<SurveyCommentView>()) }) }),
  surveySettings: apiRoute({ method: 'get', path: '/api/surveys/settings', tag: 'Surveys', summary: 'The survey settings', access: admins, response: typedAs<SurveySettingsView>() }),
  changeSurveySettings: apiRoute({ method: 'patch', path: '/api/surveys/settings', tag: 'Surveys', summary: 'Change the survey settings', access: admins, body: surveySettingsPatchSchema, response: typedAs<SurveySettingsView>() }),
  digestSubscription: apiRoute({ method: 'get', path: '/api/digests/subscription', tag: 'Digests', summary: 'Your metrics digest subscription', access: admins, response: digestAnswer }),
  subscribeDigest: apiRoute({ method: 'put', path: '/api/digests/subscription', tag: 'Digests', summary: 'Subscribe to the metrics digest', access: admins, body: digestSubscriptionSchema, response: digestAnswer }),
  unsubscribeDigest: apiRoute({ method: 'delete', path: '/api/digests/subscription', tag: 'Digests', summary: 'Stop the metrics digest', access: admins, response: digestAnswer }),
  digestPreview: apiRoute({ method: 'get', path: '/api/digests/preview', tag: 'Digests', summary: 'The digest as it would be sent now', access: admins, query: digestPreviewQuerySchema, response: z.object({ subject: z.string(), html: z.string() }) }),
  sendDigestNow: apiRoute({ method: 'post', path: '/api/digests/send-now', tag: 'Digests', summary: 'Send yourself the digest now', access: admins, body: digestPreviewQuerySchema, response: z.object({ sentTo: z.string() }) }),
  pushPublicKey: apiRoute({ method: 'get', path: '/api/push/public-key', tag: 'Push', summary: 'The VAPID public key', access: sessionOnly, response: z.object({ publicKey: z.string() }) }),
  pushSubscribe: apiRoute({ method: 'post', path: '/api/push/subscriptions', tag: 'Push', summary: 'Turn notifications on for this device', access: sessionOnly, body: pushSubscriptionSchema, response: ok, status: 201 }),
  pushUnsubscribe: apiRoute({ method: 'delete', path: '/api/push/subscriptions', tag: 'Push', summary: 'Turn notifications off for this device', access: sessionOnly, body: pushUnsubscribeSchema, response: ok }),
  pushPreferences: apiRoute({ method: 'get', path: '/api/push/preferences', tag: 'Push', summary: 'Your notification preferences', access: sessionOnly, response: z.object({ preferences: pushPreferencesSchema }) }),
  changePushPreferences: apiRoute({ method: 'put', path: '/api/push/preferences', tag: 'Push', summary: 'Change your notification preferences', access: sessionOnly, body: pushPreferencesSchema, response: z.object({ preferences: pushPreferencesSchema }) }),

  // Team and settings ---------------------------------------------------------------------------
  listAgents: apiRoute({ method: 'get', path: '/api/agents', tag: 'Team', summary: 'The agents', access: admins, response: z.object({ agents: z.array(agentAccount), emailInvitations: z.boolean() }) }),
  addAgent: apiRoute({ method: 'post', path: '/api/agents', tag: 'Team', summary: 'Add an agent', access: admins, body: newAgentBody, response: z.object({ agent: agentAccount }), status: 201 }),
  changeAgent: apiRoute({ method: 'patch', path: '/api/agents/{id}', tag: 'Team', summary: 'Change an agent', access: admins, params: idParam, body: agentPatch, response: z.object({ agent: agentAccount }) }),
  inviteAgent: apiRoute({ method: 'post', path: '/api/agent-invitations', tag: 'Team', summary: 'Invite an agent by email', access: admins, body: inviteBody, response: z.object({ agent: agentAccount, invitation: invitationSentSchema }), status: 201 }),
  resendInvitation: apiRoute({ method: 'post', path: '/api/agents/{id}/invitation', tag: 'Team', summary: 'Send an invitation again', access: admins, params: idParam, body: resendInvitationBody, response: z.object({ agent: agentAccount, invitation: invitationSentSchema }) }),
  revokeInvitation: apiRoute({ method: 'delete', path: '/api/agents/{id}/invitation', tag: 'Team', summary: 'Revoke an invitation', access: admins, params: idParam, response: ok }),
  invitation: apiRoute({ method: 'get', path: '/api/agent-invitations/{token}', tag: 'Team', summary: 'An invitation, by its token', access: anyone, params: z.strictObject({ token: z.string() }), response: z.object({ invitation: z.object({ name: z.string(), email: z.string(), role: z.enum(['agent', 'admin', 'owner']), expiresAt: z.number(), siteName: z.string() }) }) }),
  acceptInvitation: apiRoute({ method: 'post', path: '/api/agent-invitations/{token}/accept', tag: 'Team', summary: 'Accept an invitation: set a password and sign in', access: anyone, params: z.strictObject({ token: z.string() }), body: acceptInvitationBody, response: z.object({ token: z.string(), agent: agentAccount.omit({ invitation: true }) }) }),
  departments: apiRoute({ method: 'get', path: '/api/departments', tag: 'Team', summary: 'The departments', access: agents, response: z.object({ departments: z.array(typedAs<Department>()) }) }),
  addDepartment: apiRoute({ method: 'post', path: '/api/departments', tag: 'Team', summary: 'Add a department', access: admins, body: departmentBody, response: z.object({ department: typedAs<Department>() }), status: 201 }),
  renameDepartment: apiRoute({ method: 'patch', path: '/api/departments/{id}', tag: 'Team', summary: 'Rename a department', access: admins, params: idParam, body: departmentPatch, response: z.object({ department: typedAs<Department>() }) }),
  removeDepartment: apiRoute({ method: 'delete', path: '/api/departments/{id}', tag: 'Team', summary: 'Remove a department', access: admins, params: idParam, response: ok }),
  slaPolicies: apiRoute({ method: 'get', path: '/api/sla-policies', tag: 'Settings', summary: 'The SLA policies', access: agents, response: z.object({ policies: z.array(slaPolicySchema) }) }),
  saveSlaPolicy: apiRoute({ method: 'put', path: '/api/sla-policies', tag: 'Settings', summary: 'Add or change an SLA policy', access: admins, body: slaBody, response: z.object({ policies: z.array(slaPolicySchema) }) }),
  removeSlaPolicy: apiRoute({ method: 'delete', path: '/api/sla-policies/{id}', tag: 'Settings', summary: 'Remove an SLA policy', access: admins, params: idParam, response: z.object({ policies: z.array(slaPolicySchema) }) }),
  cannedReplies: apiRoute({ method: 'get', path: '/api/canned', tag: 'Settings', summary: 'The canned replies', access: agents, response: z.object({ canned: z.array(typedAs<CannedReply>()) }) }),
  addCannedReply: apiRoute({ method: 'post', path: '/api/canned', tag: 'Settings', summary: 'Add a canned reply', access: agents, body: cannedBody, response: z.object({ canned: typedAs<CannedReply>() }), status: 201 }),
  changeCannedReply: apiRoute({ method: 'patch', path: '/api/canned/{id}', tag: 'Settings', summary: 'Change a canned reply', access: agents, params: idParam, body: cannedPatch, response: z.object({ canned: typedAs<CannedReply>() }) }),
  removeCannedReply: apiRoute({ method: 'delete', path: '/api/canned/{id}', tag: 'Settings', summary: 'Remove a canned reply', access: agents, params: idParam, response: ok }),
  settings: apiRoute({ method: 'get', path: '/api/settings', tag: 'Settings', summary: "The site's settings", access: admins, response: z.object({ settings: typedAs<SiteSettings>().describe('The settings (SiteSettings in shared/team-schemas.ts)') }) }),
  changeSettings: apiRoute({ method: 'patch', path: '/api/settings', tag: 'Settings', summary: "Change the site's settings", access: admins, body: settingsPatch, response: z.object({ settings: typedAs<SiteSettings>().describe('The settings (SiteSettings in shared/team-schemas.ts)') }) }),
  identitySecret: apiRoute({ method: 'get', path: '/api/settings/identity-secret', tag: 'Settings', summary: 'The secret that signs identified visitors', access: admins, response: z.object({ secret: z.string(), algorithm: z.string() }) }),
  retention: apiRoute({ method: 'get', path: '/api/privacy/retention', tag: 'Privacy', summary: 'How long chats are kept', access: admins, response: retentionViewSchema }),
  changeRetention: apiRoute({ method: 'put', path: '/api/privacy/retention', tag: 'Privacy', summary: 'Change how long chats are kept', access: admins, body: retentionBodySchema, response: retentionViewSchema }),
  visitorBlocks: apiRoute({ method: 'get', path: '/api/visitor-blocks', tag: 'Privacy', summary: 'The blocked visitors', access: admins, response: z.object({ blocks: z.array(visitorBlockSchema) }) }),
  removeVisitorBlock: apiRoute({ method: 'delete', path: '/api/visitor-blocks/{id}', tag: 'Privacy', summary: 'Unblock a visitor', access: admins, params: idParam, response: z.object({ lifted: z.object({ id: z.string(), visitorId: z.string() }) }) }),
  uploadAttachment: apiRoute({ method: 'post', path: '/api/attachments', tag: 'Chats', summary: "Upload a file for an agent's message", access: agents, consumes: 'application/octet-stream', response: bodyOf('The stored file'), status: 201 }),
  attachment: apiRoute({ method: 'get', path: '/api/attachments/{id}', tag: 'Chats', summary: "A file of a message (a signed link's token in the query)", access: anyone, params: idParam, response: z.string().describe('The file'), produces: 'application/octet-stream' }),

  // The widget's own calls (a visitor's token, no agent) ---------------------------------------
  openApi: apiRoute({ method: 'get', path: '/api/openapi.json', tag: 'Reference', summary: 'This description of the API (OpenAPI 3.1)', access: anyone, response: bodyOf('An OpenAPI 3.1 document') }),
  widgetConfig: apiRoute({ method: 'get', path: '/api/widget/config', tag: 'Widget', summary: "The widget's look and texts", access: anyone, response: bodyOf('WidgetConfig') }),
  visitorSession: apiRoute({ method: 'post', path: '/api/visitor/session', tag: 'Widget', summary: "A visitor's session token", access: anyone, body: z.object({ token: z.string().optional() }), response: z.object({ visitorId: z.string(), token: z.string() }) }),
  widgetAttachment: apiRoute({ method: 'post', path: '/api/widget/attachments', tag: 'Widget', summary: "Upload a file for a visitor's message", access: anyone, consumes: 'application/octet-stream', response: bodyOf('The stored file'), status: 201 }),
  widgetTranscript: apiRoute({ method: 'get', path: '/api/widget/transcript', tag: 'Widget', summary: "The visitor's transcript", access: anyone, response: bodyOf('The transcript') }),
  emailTranscript: apiRoute({ method: 'post', path: '/api/widget/transcript', tag: 'Widget', summary: 'Email the visitor their transcript', access: anyone, body: objectBody('{email, chatId}'), response: ok }),
} as const;

export type RouteName = keyof typeof routes;
