/**
 * May a browser page at `origin` use the visitor API (the session route, the /visitor socket)?
 * The widget's window is served by this server, so its requests come from this server's own
 * origin (`ownOrigin`, as the request reached it, or PUBLIC_URL's); the sites in ALLOWED_ORIGINS
 * may too (a page calling the API itself); with none set, any site may. No Origin at all is not
 * a browser page on another site (a server, a test client): it could send any Origin it likes,
 * so refusing it would stop nobody.
 */
export function visitorOriginAllowed(origin: string | undefined, ownOrigin: string, publicUrl: string, allowedOrigins: string[]): boolean {
  if (!origin || allowedOrigins.length === 0) return true;
  const clean = origin.replace(/\/$/, '');
  return clean === ownOrigin || clean === new URL(publicUrl).origin || allowedOrigins.includes(clean);
}
