/**
 * Characters that make a terminal (or a text viewer) show something other than the text: C0 controls (ESC starts
 * colour, cursor and clear-screen sequences; CR overwrites a line), DEL, C1 controls (U+009B is a one-byte CSI in
 * many terminals) and the Unicode bidirectional overrides and isolates (U+202E prints the rest of a line reversed,
 * so `txt.exe` reads as `exe.txt`). Tab and newline stay: renderers lay text out with them.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One value from an account, an export, a history file or an AWS answer, made safe to print: every unsafe character
 * becomes `?`. Every text renderer passes outside values through this (role names, tags, ARNs, CloudTrail fields).
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '?');
}

/** The bidirectional controls alone, for HTML and the dashboard: markup escaping handles the rest, but U+202E reverses text there too. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces bidirectional overrides and isolates by U+FFFD (HTML report). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '\ufffd');
}
