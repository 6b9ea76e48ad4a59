import type { Config } from '../config.ts';
import type { Sql } from '../store/sql.ts';
import { readSettings } from '../store/settings.ts';
import { departments } from '../store/chat-extras.ts';
import type { WidgetConfig } from '../../shared/protocol.ts';

/**
 * What GET /api/widget/config answers: the look, and the rules the widget applies on the
 * customer's page (tracking, invitations, pre-chat form, opening hours). Public: the loader
 * fetches it from any site before it draws the launcher.
 */
export async function widgetConfig(db: Sql, config: Config, now: number): Promise<WidgetConfig> {
  const settings = await readSettings(db, config);
  return {
    siteName: settings.siteName,
    ...settings.widget,
    tracking: settings.tracking,
    invitations: settings.invitations
      .filter((invitation) => invitation.enabled)
      .map(({ id, text, urlPattern, afterSeconds, visitors }) => ({ id, text, urlPattern, afterSeconds, visitors })),
    preChatForm: settings.preChatForm,
    businessHours: settings.businessHours,
    departments: await departments(db),
    transcriptByEmail: !!config.smtpUrl,
    now,
  };
}
