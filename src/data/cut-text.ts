/** Cutting text that a file may make arbitrarily long, for keeping and for showing. */

/**
 * `text` cut to at most `maxChars` UTF-16 units with "…" at the end (which counts), never splitting a surrogate
 * pair; shorter text is returned as it is. Costs O(maxChars) however long `text` is.
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  // A high surrogate as the last kept unit would leave half a character (drawn as U+FFFD).
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
