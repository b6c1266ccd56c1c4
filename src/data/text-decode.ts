/**
 * Text decoding for dropped files: UTF-8 (with or without BOM) unless the bytes are not valid UTF-8, in which case
 * the file is Latin-1 as old MovieLens releases are (ml-100k's u.item, ml-1m's movies.dat). The WHATWG Encoding
 * standard maps the label "latin1" to windows-1252, a superset of ISO-8859-1 for printable text, so "Misérables"
 * comes out right either way. Decides as it goes: bytes before the first invalid sequence were ASCII or valid UTF-8,
 * which a Latin-1 file only produces by accident ("Ã©"), so earlier chunks need no second pass.
 */

/** The encodings a file can end up decoded with. */
export type TextEncodingName = 'utf-8' | 'windows-1252';

/** Length of a trailing incomplete UTF-8 sequence in `bytes` (0 when the bytes end on a character boundary). */
export function incompleteUtf8Tail(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= Math.min(3, length); back++) {
    const byte = bytes[length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead byte
    if (byte < 0xc0) return 0; // ASCII (or a stray continuation run): nothing pending
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? back : 0;
  }
  return 0;
}

/** Decodes a file's bytes chunk by chunk, switching from UTF-8 to windows-1252 at the first invalid sequence. */
export class AutoDecoder {
  // Each chunk is decoded whole (no `stream`): we cut at character boundaries ourselves, and a decoder left holding
  // a lead byte from a chunk that later proves invalid would drop it. ignoreBOM: the BOM is skipped once, below.
  #utf8: TextDecoder | null = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  #atStart = true;
  #latin1: TextDecoder | null = null;
  #carry: Uint8Array | null = null;

  /** The encoding in use now (windows-1252 once any invalid UTF-8 was seen). */
  get encoding(): TextEncodingName {
    return this.#utf8 ? 'utf-8' : 'windows-1252';
  }

  /** Decodes the next chunk; `final` flushes (a sequence cut off at the end of the file makes it Latin-1). */
  decode(bytes: Uint8Array, final = false): string {
    let data = bytes;
    if (this.#carry) {
      data = new Uint8Array(this.#carry.length + bytes.length);
      data.set(this.#carry);
      data.set(bytes, this.#carry.length);
      this.#carry = null;
    }
    if (this.#utf8) {
      // Cut at a character boundary ourselves, so a failure below always concerns only bytes we still hold.
      const pending = final ? 0 : incompleteUtf8Tail(data);
      const whole = pending > 0 ? data.subarray(0, data.length - pending) : data;
      try {
        let text = this.#utf8.decode(whole);
        if (this.#atStart && whole.length > 0) {
          this.#atStart = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        if (pending > 0) this.#carry = data.slice(data.length - pending);
        return text;
      } catch {
        this.#utf8 = null; // not UTF-8: this chunk and everything after it is Latin-1
      }
    }
    this.#latin1 ??= new TextDecoder('latin1');
    return this.#latin1.decode(data);
  }
}
