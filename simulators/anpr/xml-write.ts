/**
 * The simulator's own writer for its answers: elements as strings, text escaped, and absent values
 * leaving no trace (an optional XSD element is omitted, never written empty).
 */

type Content = string | false | null | undefined | readonly Content[];

function escapeText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replaceAll('"', '&quot;');
}

function joined(content: readonly Content[]): string {
  return content.map((c) => (Array.isArray(c) ? joined(c) : typeof c === 'string' ? c : '')).join('');
}

/** `<name attr="…">content</name>`, always written. */
export function elA(name: string, attributes: Record<string, string>, ...content: Content[]): string {
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`);
  return `<${name}${attrs.join('')}>${joined(content)}</${name}>`;
}

/** `<name>content</name>`, always written (content is XML already built). */
export function el(name: string, ...content: Content[]): string {
  return elA(name, {}, ...content);
}

/** A text element, omitted when the value is absent or empty. */
export function txt(name: string, value: string | undefined): string {
  return value ? el(name, escapeText(value)) : '';
}
