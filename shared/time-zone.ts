/** True for a time zone name Intl knows (`UTC`, `Europe/Sofia`, …); false for '' and unknown names. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
