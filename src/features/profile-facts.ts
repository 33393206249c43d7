import type { FactDefinition } from './fact.js';

/** Facts read from a loaded statistical profile (filled in by the profile feature set). */
export const PROFILE_FACTS: FactDefinition[] = [];
