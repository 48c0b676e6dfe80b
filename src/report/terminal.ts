/** Unicode bidirectional overrides and isolates: U+202E prints the rest of a line reversed, so `txt.exe` reads as `exe.txt`. */
const BIDI_CLASS = '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';

/**
 * Characters that make a terminal (or a text viewer) show something other than the text: C0 controls (ESC starts
 * colour, cursor and clear-screen sequences; CR overwrites a line), DEL, C1 controls (U+009B is a one-byte CSI in
 * many terminals) and the bidirectional controls. Tab and newline stay: renderers lay text out with them.
 */
const UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_CLASS}]`, 'g');

/** The same, and tab and newline too: inside one value they would fake a column or a whole line of a report. */
const UNSAFE_IN_VALUE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI_CLASS}]`, 'g');

/**
 * Text made safe to print: every unsafe character becomes `?`, tab and newline kept. For whole rendered texts and
 * messages a renderer lays out itself; a single value from outside goes through terminalSafeValue.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '?');
}

/**
 * One value from an account, an export, a history file or an AWS answer (a role name, a tag, an ARN, a CloudTrail
 * field), made safe to print on one line of a report: tab and newline become `?` as well.
 */
export function terminalSafeValue(text: string): string {
  return text.replace(UNSAFE_IN_VALUE, '?');
}

/** The bidirectional controls alone, for HTML and the dashboard: markup escaping handles the rest, but U+202E reverses text there too. */
export const BIDI_CONTROLS = new RegExp(`[${BIDI_CLASS}]`, 'g');

/** Replaces bidirectional overrides and isolates by U+FFFD (HTML report). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '\ufffd');
}
