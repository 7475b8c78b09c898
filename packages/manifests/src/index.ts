// The manifests and docs tables written from core's input catalogue (`pnpm sync`, `pnpm check:manifests`).
export { parseActionYml, type ActionEntry, type ActionMetadata } from './action-yml.js';
export { syncManifests, type SyncReport } from './sync.js';
export type { TaskInput } from './task-json.js';
