export type BuildPart = 'ui' | 'server';
/** Why a part must be built, or null when it is fresh for the current sources. */
export function staleReason(part: BuildPart): string | null;
/** Builds each part that is missing or stale; returns the parts built. */
export function ensureBuilt(parts?: BuildPart[], opts?: { force?: boolean; log?: (line: string) => void }): Promise<BuildPart[]>;
