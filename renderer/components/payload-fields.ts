/** Flattens a payload's leaf values to editable fields (path → text) and back, keeping types. */
export type Leaf = { path: string; value: string; type: 'string' | 'number' | 'boolean' | 'null' };

export function flatten(value: unknown, prefix = ''): Leaf[] {
  if (value === null) return [{ path: prefix, value: '', type: 'null' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, prefix ? `${prefix}.${i}` : String(i)));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  return [{ path: prefix, value: String(value), type }];
}

export function applyEdits(original: unknown, edits: Record<string, string>): unknown {
  const copy = structuredClone(original) as Record<string, unknown>;
  const leaves = new Map(flatten(original).map((l) => [l.path, l]));
  for (const [path, text] of Object.entries(edits)) {
    const leaf = leaves.get(path);
    if (!leaf) continue;
    const keys = path.split('.');
    let node: Record<string, unknown> = copy;
    for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    node[last] =
      leaf.type === 'number' ? Number(text) : leaf.type === 'boolean' ? text === 'true' : leaf.type === 'null' && text === '' ? null : text;
  }
  return copy;
}
