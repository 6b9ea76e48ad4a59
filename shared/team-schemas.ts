import { z } from 'zod';
import { businessHoursByDepartmentSchema, invitationsSchema, preChatFormSchema } from './schemas.ts';

/**
 * Validation of the owner's and admins' settings routes (agents, departments, SLA policies,
 * canned replies, site settings), shared by the server and the console.
 */

const slug = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -');
const role = z.enum(['agent', 'admin', 'owner']);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);
const seconds = z.number().min(0).nullable();

/** The one password rule: for new agents, changed passwords and invitees' own. */
export const newPassword = z.string().min(8, 'must be at least 8 characters').max(200);
/** A new agent's account; invitations take the same fields but the password. */
export const newAgentFields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(320),
  role: role.default('agent'),
  maxChats: z.number().int().min(0).max(100).default(3),
  departments: z.array(slug).default([]),
};
export const newAgentBody = z.strictObject({ ...newAgentFields, password: newPassword });
export const agentPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: role.optional(),
  password: newPassword.optional(),
  maxChats: z.number().int().min(0).max(100).optional(),
  departments: z.array(slug).optional(),
  disabled: z.boolean().optional(),
});
const departmentName = z.string().trim().min(1).max(200);
export const departmentBody = z.strictObject({ id: slug, name: departmentName });
/** The id cannot change: chats, exported histories and metric filters refer to it. */
export const departmentPatch = z.strictObject({ name: departmentName });
export const slaBody = z.strictObject({
  departmentId: slug.nullable(),
  priority,
  firstResponseSec: seconds,
  resolutionSec: seconds,
});
const cannedShortcut = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}_-]+$/u, 'must be letters, digits, _ or -');
const cannedText = z.string().trim().min(1).max(5000);
export const cannedBody = z.strictObject({
  shortcut: cannedShortcut,
  text: cannedText,
  departmentId: slug.nullable().default(null),
  /** Agents may only keep personal replies (the default for them); admins choose, shared by default. */
  personal: z.boolean().optional(),
});
// No defaults here: a field left out keeps its value.
export const cannedPatch = z.strictObject({
  shortcut: cannedShortcut.optional(),
  text: cannedText.optional(),
  departmentId: slug.nullable().optional(),
  personal: z.boolean().optional(),
});
const origin = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'must be an origin such as https://shop.example (no path)');
export const settingsPatch = z.strictObject({
  siteName: z.string().trim().min(1).max(100).optional(),
  routingMode: z.enum(['manual', 'auto']).optional(),
  allowedOrigins: z.array(origin).max(50).optional(),
  requireTagToClose: z.boolean().optional(),
  autoAwayMinutes: z.number().int().min(0).max(24 * 60).optional(),
  widget: z
    .strictObject({
      color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color such as #2f5bea'),
      position: z.enum(['right', 'left']),
      greeting: z.string().max(300),
      launcherText: z.string().max(40),
      theme: z.enum(['light', 'dark', 'auto']),
    })
    .optional(),
  tracking: z.boolean().optional(),
  invitations: invitationsSchema.optional(),
  preChatForm: preChatFormSchema.optional(),
  businessHours: businessHoursByDepartmentSchema.optional(),
  requireTwoFactor: z.boolean().optional(),
});

/** An SLA policy as the routes answer it. */
export const slaPolicySchema = z.object({ id: z.string(), departmentId: z.string().nullable(), priority, firstResponseSec: z.number().nullable(), resolutionSec: z.number().nullable() });

/** The site's settings as the routes answer them: every field the patch may change. */
export type SiteSettings = Required<z.output<typeof settingsPatch>>;
export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** A two-factor code from the authenticator app, or a recovery code. */
export const twoFactorCodeSchema = z.strictObject({ code: z.string().trim().min(1).max(64) });

const invitationLanguage = z.enum(['en', 'ru', 'bg']);
/** `language` is the email's: the console sends its own. */
export const inviteBody = z.strictObject({ ...newAgentFields, language: invitationLanguage.default('en') });
export const resendInvitationBody = z.strictObject({ language: invitationLanguage.optional() });
export const acceptInvitationBody = z.strictObject({ password: newPassword });
/** What the admin is told of an invitation: the link only when no email carried it. */
export const invitationSentSchema = z.object({
  expiresAt: z.number(),
  emailedTo: z.string().nullable(),
  link: z.string().nullable(),
  emailError: z.string().nullable(),
});
