/**
 * Text cleaning before extraction. Offsets of mentions point into the cleaned text, so this
 * runs once, first, and everything downstream reads its output.
 */

/** Lines that link to other stories ("Read More: …", "Also Read: …", a bare "READ MORE"). */
const linkLine =
  /^(?:read\s+more|also\s+read|read\s+also|more\s+to\s+read|related(?:\s+(?:stories|articles|news|reading|coverage))?|see\s+also|recommended(?:\s+reading)?|you\s+may\s+also\s+like|watch|listen|click\s+here)\b\s*(?:[:|\-–—»>]|$)/i;

/** A line that is nothing but a link label or boilerplate. */
const boilerplateLine = /^(?:advertisement|sponsored|share\s+this(?:\s+article)?|subscribe(?:\s+now)?)\s*$/i;

/**
 * Control characters that are not whitespace (NUL, backspace, escape, DEL, the C1 block). They are
 * no text, and a NUL cuts the stored string short on some reads while the index saw it whole, so
 * they are removed before anything is stored, hashed or indexed.
 */
const controlCharacters = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

export function removeControlCharacters(text: string): string {
  return text.replace(controlCharacters, '');
}

export function isLinkLine(line: string): boolean {
  const t = line.trim();
  return linkLine.test(t) || boilerplateLine.test(t);
}

/**
 * Normalises whitespace and quotes and drops link lines. Line structure is kept: each
 * paragraph or heading stays on its own line (blank lines between paragraphs collapse to one),
 * because headings are told apart from sentences by being a line without sentence punctuation.
 */
export function cleanText(raw: string): string {
  const text = removeControlCharacters(raw)
    .replace(/\r\n?/g, '\n')
    // zero-width characters and the BOM carry no text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u02BC]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/\u2026/g, '...')
    // every other kind of space (NBSP, thin, ideographic, tabs) is one space
    .replace(/[^\S\n]+/g, ' ');
  const out: string[] = [];
  let blank = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) {
      blank = out.length > 0;
      continue;
    }
    if (isLinkLine(t)) continue;
    if (blank) out.push('');
    blank = false;
    out.push(t);
  }
  return out.join('\n');
}
