const MAX_SHOWN = 200;

/**
 * A URL as it may appear in a message or a log line: scheme, host and path, never the user name,
 * password, query or fragment (where API keys and signed-URL secrets live). Text that does not parse
 * as a URL is cut before the first `?`, `#` or `@`-terminated user part.
 * @internal
 */
export function safeUrl(value: string | URL): string {
  let text: string;
  try {
    const url = typeof value === 'string' ? new URL(value) : value;
    // Nothing to remove: the text stays as written (a trailing slash can be what a message is about).
    const bare = typeof value === 'string' && !/[@?#]/.test(value);
    text = bare ? value : `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    const raw = String(value);
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
    let rest = raw.slice(scheme.length);
    const cut = rest.search(/[?#]/);
    if (cut >= 0) rest = rest.slice(0, cut);
    const slash = rest.indexOf('/');
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const at = authority.lastIndexOf('@');
    if (at >= 0) rest = rest.slice(at + 1);
    text = `${scheme}${rest}`;
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
}
