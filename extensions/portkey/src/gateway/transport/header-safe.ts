/**
 * Header values built from text the plugin does not control (session ids,
 * agent names, the user's metadata). Node's fetch refuses a header value with
 * a character above U+00FF ("Cannot convert argument to a ByteString") and
 * HTTP forbids CR and LF, so such text is encoded: percent-encoding for a
 * plain value, `\u` escapes for JSON (which parse back to the same text).
 * Text is cut by code point, never inside a surrogate pair or an escape.
 */

const PLAIN_HEADER_CHAR = /^[\x20-\x24\x26-\x7e]$/;
const NON_ASCII_OR_DELETE = /[\u007f-\uffff]/g;
const utf8 = new TextEncoder();

/** At most `max` code points of the text. */
export function cutToCodePoints(text: string, max: number): string {
  return Array.from(text).slice(0, max).join("");
}

function percentEncoded(char: string): string {
  return Array.from(utf8.encode(char), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

/**
 * The text with everything outside printable ASCII (and `%` itself)
 * percent-encoded as UTF-8, at most `maxLength` characters long; a character
 * whose encoding would not fit is left out with everything after it.
 */
export function headerSafeText(text: string, maxLength: number): string {
  let safe = "";
  for (const char of text) {
    const piece = PLAIN_HEADER_CHAR.test(char) ? char : percentEncoded(char);
    if (safe.length + piece.length > maxLength) break;
    safe += piece;
  }
  return safe;
}

/** JSON with every non-ASCII character as a `\u` escape: a valid header value that parses back to the same value. */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII_OR_DELETE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A character fetch refuses in a header value: above U+00FF, or a control other than tab. */
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * A configured header value as it can be sent: unchanged when fetch takes it;
 * else JSON (a Config, metadata) with `\u` escapes, anything else percent-encoded.
 */
export function headerSafeValue(value: string): string {
  if (!UNSENDABLE.test(value)) return value;
  try {
    return headerSafeJson(JSON.parse(value));
  } catch {
    return headerSafeText(value, Number.POSITIVE_INFINITY);
  }
}

/** The headers with every value made sendable; the same object when all already are. */
export function headerSafeRecord(headers: Record<string, string>): Record<string, string> {
  if (!Object.values(headers).some((value) => UNSENDABLE.test(value))) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, headerSafeValue(value)]));
}
