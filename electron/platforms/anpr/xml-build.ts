/**
 * A tiny string builder for document/literal XML. Optional content collapses: `opt()` returns ''
 * when every child is empty, so optional XSD groups disappear instead of producing empty elements
 * that the schema would reject.
 */

export type Part = string | number | undefined | null | false | Part[];

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

function flatten(parts: Part[]): string {
  let out = '';
  for (const p of parts) {
    if (p === undefined || p === null || p === false) continue;
    out += Array.isArray(p) ? flatten(p) : String(p);
  }
  return out;
}

function attrsToString(attrs: Record<string, string | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out += ` ${k}="${escapeXml(v)}"`;
  return out;
}

/** An element that is always written, even when empty. Children are already-built XML strings. */
export function el(name: string, ...children: Part[]): string {
  return `<${name}>${flatten(children)}</${name}>`;
}

/** An element with attributes, always written. */
export function elA(name: string, attrs: Record<string, string | undefined>, ...children: Part[]): string {
  return `<${name}${attrsToString(attrs)}>${flatten(children)}</${name}>`;
}

/** An optional element: written only when it has content. */
export function opt(name: string, ...children: Part[]): string {
  const inner = flatten(children);
  return inner === '' ? '' : `<${name}>${inner}</${name}>`;
}

/** A simple-content element: written only when the value is present (not null/undefined/''). */
export function txt(name: string, value: string | number | undefined | null): string {
  if (value === undefined || value === null || value === '') return '';
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A flag written as `<name>1</name>` when true (XSD `tipoSenza`), nothing otherwise. */
export function flag1(name: string, on: boolean | undefined): string {
  return on ? `<${name}>1</${name}>` : '';
}

/** A sequence of sibling fragments; empty/false parts vanish. */
export function frag(...parts: Part[]): string {
  return flatten(parts);
}
