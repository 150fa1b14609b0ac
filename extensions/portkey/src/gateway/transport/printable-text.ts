/**
 * Text a server supplied (an error body, a usage-limit policy's name), made
 * safe to print on a terminal: terminal escape sequences are removed whole,
 * then every other control character, so a hostile gateway cannot move the
 * cursor, recolour, retitle or rewrite what OpenClaw prints.
 */

/** ESC-introduced sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`), and two-character escapes. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
/** C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function printableText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL, " ");
}
