/**
 * The checkpoint of an import: which file (by its SHA-256), into which segment, and the counts so
 * far. The server is the record of what is done (a resumed run finds the profiles and members an
 * earlier run wrote by reading them back), so the checkpoint only has to say which import is being
 * resumed, the segment it made, and how much the earlier runs did, for a summary of the whole job.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export const CHECKPOINT_FORMAT = 'segments-import-checkpoint/1';

export interface CheckpointCounts {
  profilesCreated: number;
  membersAdded: number;
  removed: number;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  file: { path: string; size: number; sha256: string };
  segment: { name: string; id: string };
  mirror: boolean;
  /** The phase the run was in when it last wrote: `profiles`, `members` or `mirror`. */
  phase: 'profiles' | 'members' | 'mirror';
  counts: CheckpointCounts;
  /**
   * Where this import's Idempotency-Keys start (../idempotency-keys.ts): every write of the import
   * sends `<prefix>:<what>:<hash of its entries>`, so a resumed run that sends a write again sends
   * it with the same key, and the service answers what it did rather than doing it twice.
   */
  idempotencyKeyPrefix?: string;
  /** How many runs have worked on this import, this one included. */
  runs: number;
  updatedAt: string;
}

/** The default place: beside the input file, so two imports of two files never share one. */
export function defaultCheckpointPath(file: string): string {
  return `${file}.segments-checkpoint.json`;
}

/** The checkpoint at `path` if there is a readable one. */
export function readCheckpoint(path: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    return value.format === CHECKPOINT_FORMAT ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed over the old one: a kill leaves the old or the new, never half. */
export function writeCheckpoint(path: string, checkpoint: Checkpoint): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ ...checkpoint, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  renameSync(temporary, path);
}

export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
