/**
 * `segments import`: makes a segment's members match (or include) the customers of a file, with
 * the fewest writes the beta's operations allow, and safe to run again or after a crash.
 *
 * 1. read the file once: the distinct customer ids (CustomerSet), bad rows reported and skipped;
 * 2. find (or create) the segment;
 * 3. read back what the server already has: the store's profiles (customer → profile id) and the
 *    segment's members, so a second run, or a resumed one, writes only what is missing;
 * 4. create the missing profiles, add the non-members 50 at a time, and with `--mirror` remove the
 *    members the file does not hold; at most `concurrency` writes in flight.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SegmentationClient } from '../../contracts/client';
import { LIMITS } from '../../service/src/limits';
import {
  ApiError,
  addMembers,
  createProfiles,
  createSegment,
  findSegmentById,
  findSegmentByName,
  memberPages,
  profilePages,
  removeMembers,
} from './api';
import { CHECKPOINT_FORMAT, type Checkpoint, readCheckpoint, removeCheckpoint, writeCheckpoint } from './checkpoint';
import { CustomerSet, type Slot } from './customer-set';
import { newKeyPrefix, writeKey } from './idempotency-keys';
import { formatOf, readRows } from './input';
import { chunks, inPool, Limiter } from './pool';
import type { Progress } from './progress';
import { UuidList } from './uuid-list';

export interface ImportOptions {
  segment: string;
  file: string;
  create: boolean;
  mirror: boolean;
  dryRun: boolean;
  strict: boolean;
  concurrency: number;
  checkpoint: string;
}

export interface ImportSummary {
  segmentId: string | undefined;
  rows: number;
  customers: number;
  profilesCreated: number;
  membersAdded: number;
  alreadyMembers: number;
  removed: number;
  rowsSkipped: number;
  failed: number;
  failures: Record<string, number>;
  elapsedSeconds: number;
  membersPerSecond: number;
  dryRun: boolean;
  resumed: boolean;
  /** `--strict` found bad rows and wrote nothing. */
  stoppedBeforeWriting: boolean;
}

/** A problem that stops the import before it writes (exit code 2). */
export class ImportUsageError extends Error {}

export async function runImport(client: SegmentationClient, options: ImportOptions, progress: Progress): Promise<ImportSummary> {
  const started = performance.now();
  const customers = new CustomerSet();
  const failures = new Map<string, number>();
  const fail = (reason: string, count = 1) => failures.set(reason, (failures.get(reason) ?? 0) + count);
  let rows = 0;
  let rowsSkipped = 0;

  // 1. The file, in one streamed pass.
  const digest = createHash('sha256');
  try {
    statSync(options.file);
  } catch {
    throw new ImportUsageError(`cannot read ${options.file}`);
  }
  for await (const row of readRows(options.file, formatOf(options.file), digest)) {
    rows++;
    if ('problem' in row) {
      rowsSkipped++;
      progress.log(`line ${row.line}: ${row.problem}, skipped`);
      continue;
    }
    const firstLine = customers.add(row.customerId, row.line);
    if (firstLine !== 0) {
      rowsSkipped++;
      progress.log(`line ${row.line}: customer_id ${row.customerId} repeats line ${firstLine}, skipped`);
    }
  }
  const fingerprint = { path: resolve(options.file), size: statSync(options.file).size, sha256: digest.digest('hex') };
  const summary = (counts: Partial<ImportSummary>): ImportSummary => {
    const elapsedSeconds = (performance.now() - started) / 1000;
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    const membersAdded = counts.membersAdded ?? 0;
    return {
      segmentId: undefined,
      profilesCreated: 0,
      membersAdded,
      alreadyMembers: 0,
      removed: 0,
      ...counts,
      rows,
      customers: customers.size,
      rowsSkipped,
      failed,
      failures: Object.fromEntries(failures),
      elapsedSeconds: Math.round(elapsedSeconds * 1000) / 1000,
      membersPerSecond: elapsedSeconds > 0 ? Math.round((membersAdded / elapsedSeconds) * 10) / 10 : 0,
      dryRun: options.dryRun,
      resumed: counts.resumed ?? false,
      stoppedBeforeWriting: counts.stoppedBeforeWriting ?? false,
    };
  };
  if (options.strict && rowsSkipped > 0) return summary({ stoppedBeforeWriting: true });

  // 2. The segment, and the checkpoint of an earlier run of this same import.
  const earlier = readCheckpoint(options.checkpoint);
  const resumable = earlier?.file.sha256 === fingerprint.sha256 && earlier.segment.name === options.segment ? earlier : undefined;
  if (earlier && !resumable) progress.log(`${options.checkpoint} belongs to another import: starting afresh`);
  let segment = resumable ? await findSegmentById(client, resumable.segment.id) : undefined;
  segment ??= await findSegmentByName(client, options.segment);
  if (!segment && !options.create) throw new ImportUsageError(`no segment is named "${options.segment}" (add --create to create it)`);
  const base = resumable && segment?.id === resumable.segment.id ? resumable.counts : { profilesCreated: 0, membersAdded: 0, removed: 0 };
  if (resumable && segment?.id === resumable.segment.id) progress.log(`resuming the import recorded in ${options.checkpoint}`);
  // A resumed import sends its writes with the keys of the earlier runs: what they did is replayed, not redone.
  const keyPrefix = resumable?.idempotencyKeyPrefix ?? newKeyPrefix();
  const resumed = base.membersAdded + base.profilesCreated + base.removed > 0 || (resumable !== undefined && segment !== undefined);

  if (!segment && options.dryRun) {
    progress.log(`would create segment "${options.segment}"`);
  } else if (!segment) {
    try {
      segment = await createSegment(client, options.segment, writeKey(keyPrefix, 'segment', [options.segment]));
    } catch (error) {
      // Someone else created it in the meantime: use theirs.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
      segment = await findSegmentByName(client, options.segment);
      if (!segment) throw error;
    }
  }
  const segmentId = segment?.id;
  const counts = { ...base };
  const checkpoint: Checkpoint | undefined =
    segmentId && !options.dryRun
      ? {
          format: CHECKPOINT_FORMAT,
          file: fingerprint,
          segment: { name: options.segment, id: segmentId },
          mirror: options.mirror,
          phase: 'profiles',
          counts,
          idempotencyKeyPrefix: keyPrefix,
          runs: (resumable?.runs ?? 0) + 1,
          updatedAt: '',
        }
      : undefined;
  const save = (phase?: Checkpoint['phase']) => {
    if (!checkpoint) return;
    if (phase) checkpoint.phase = phase;
    writeCheckpoint(options.checkpoint, checkpoint);
  };
  save();

  // 3. What the server already has: the segment's members first, then the store's profiles. With
  // the members known, adds start while the profiles are still being read (writes overlap reads).
  const strangers = new UuidList();
  let foundMembers = 0;
  if (segmentId) {
    for await (const page of memberPages(client, segmentId, (total) => progress.start('reading members', total))) {
      for (const profile of page) {
        const slot = customers.slotOf(profile.customer_id);
        if (slot >= 0) {
          customers.setProfile(slot, profile.id);
          customers.markMember(slot);
          foundMembers++;
        } else if (options.mirror) strangers.push(profile.id);
      }
      progress.increment(page.length);
    }
    progress.stop();
  }
  let alreadyMembers = Math.max(0, foundMembers - base.membersAdded);
  const segmentIdKnown = segmentId ?? '';
  let countAdds = false;
  let membersAdded = 0;
  const addBatch = async (slots: Slot[]): Promise<void> => {
    const profileIds = slots.map((slot) => customers.profile(slot)!);
    const result = await addMembers(client, segmentIdKnown, profileIds, writeKey(keyPrefix, 'members', [segmentIdKnown, ...profileIds]));
    if (result.ok) {
      for (const slot of slots) customers.markMember(slot);
      membersAdded += slots.length;
      counts.membersAdded += slots.length;
      if (countAdds) progress.increment(slots.length);
      save();
      return;
    }
    if (result.conflict) {
      // A profile already in the segment counts as done; the rest go again.
      const named = result.conflicts;
      if (slots.length === 1 || named) {
        const members = slots.filter((_, index) => slots.length === 1 || named?.has(index));
        for (const slot of members) customers.markMember(slot);
        alreadyMembers += members.length;
        if (countAdds) progress.increment(members.length);
        const rest = slots.filter((slot) => !customers.isMember(slot));
        if (rest.length > 0) await addBatch(rest);
      } else for (const slot of slots) await addBatch([slot]);
      return;
    }
    for (const slot of slots) customers.markFailed(slot);
    fail(result.error.message, slots.length);
    if (countAdds) progress.increment(slots.length);
  };
  const writes = new Limiter(options.concurrency);
  const lookUpProfiles = async (addAsFound: boolean) => {
    let ready: Slot[] = [];
    for await (const page of profilePages(client, (total) => progress.start('reading profiles', total))) {
      for (const profile of page) {
        const slot = customers.slotOf(profile.customer_id);
        // A profile seen twice (a list that shifted under the walk) is queued once.
        if (slot < 0 || customers.hasProfile(slot)) continue;
        customers.setProfile(slot, profile.id);
        if (addAsFound && !customers.isMember(slot) && !customers.isFailed(slot)) ready.push(slot);
      }
      progress.increment(page.length);
      while (ready.length >= LIMITS.profilesPerAdd) {
        const batch = ready.slice(0, LIMITS.profilesPerAdd);
        ready = ready.slice(LIMITS.profilesPerAdd);
        await writes.run(() => addBatch(batch));
      }
    }
    // The last partial batch goes with the additions after the profiles are created.
    await writes.idle();
    progress.stop();
  };
  await lookUpProfiles(segmentId !== undefined && !options.dryRun);

  // Slots as a typed array: a million of them are 4 MB, not an array of boxed numbers.
  const select = (wanted: (slot: Slot) => boolean): Uint32Array => {
    let count = 0;
    for (const slot of customers.slots()) if (wanted(slot)) count++;
    const slots = new Uint32Array(count);
    let next = 0;
    for (const slot of customers.slots()) if (wanted(slot)) slots[next++] = slot;
    return slots;
  };
  const concurrency = options.concurrency;

  // 4a. Missing profiles, at the documented batch size.
  const missing = select((slot) => customers.profile(slot) === undefined);
  const toAdd = select((slot) => !customers.isMember(slot)).length;
  if (options.dryRun) {
    progress.log(`would create ${missing.length} shopper profiles, add ${toAdd} members, remove ${options.mirror ? strangers.length : 0}`);
    return summary({
      segmentId,
      resumed,
      profilesCreated: missing.length,
      membersAdded: 0,
      alreadyMembers: customers.size - toAdd,
      removed: options.mirror ? strangers.length : 0,
    });
  }
  let unresolved = 0;
  const createBatch = async (slots: Slot[]): Promise<void> => {
    const customerIds = slots.map((slot) => customers.customerId(slot));
    const result = await createProfiles(client, customerIds, writeKey(keyPrefix, 'profiles', customerIds));
    if (result.ok) {
      for (const profile of result.value) {
        const slot = customers.slotOf(profile.customer_id);
        if (slot >= 0) customers.setProfile(slot, profile.id);
      }
      counts.profilesCreated += result.value.length;
      progress.increment(slots.length);
      save();
      return;
    }
    if (result.conflict && slots.length > 1) {
      // Some customers got a profile since the look-up (another run, or a request that did reach
      // the server before a retry): create the others, find those afterwards.
      const named = result.conflicts;
      const rest = named ? slots.filter((_, index) => !named.has(index)) : [];
      const alone = named ? slots.filter((_, index) => named.has(index)) : slots;
      if (named) {
        unresolved += alone.length;
        progress.increment(alone.length);
      }
      if (rest.length > 0) await createBatch(rest);
      if (!named) for (const slot of alone) await createBatch([slot]);
      return;
    }
    if (result.conflict) {
      unresolved++;
      progress.increment(1);
      return;
    }
    for (const slot of slots) customers.markFailed(slot);
    fail(result.error.message, slots.length);
    progress.increment(slots.length);
  };
  if (missing.length > 0) {
    progress.start('creating profiles', missing.length);
    await inPool(chunks(missing, LIMITS.entriesPerBatch), concurrency, createBatch);
    progress.stop();
  }
  if (unresolved > 0) {
    await lookUpProfiles(false);
    for (const slot of missing) {
      if (customers.profile(slot) === undefined && !customers.isFailed(slot)) {
        customers.markFailed(slot);
        fail('the customer has a shopper profile the list did not show');
      }
    }
  }

  // 4b. The remaining members, 50 a request.
  save('members');
  countAdds = true;
  const additions = select((slot) => !customers.isMember(slot) && !customers.isFailed(slot) && customers.profile(slot) !== undefined);
  if (additions.length > 0) {
    progress.start('adding members', additions.length);
    await inPool(chunks(additions, LIMITS.profilesPerAdd), concurrency, addBatch);
    progress.stop();
  }

  // 4c. With --mirror, the members the file does not hold.
  if (options.mirror && strangers.length > 0) {
    save('mirror');
    progress.start('removing members', strangers.length);
    await inPool(chunks(strangers, LIMITS.idsPerFilter), concurrency, async (ids) => {
      try {
        await removeMembers(client, segmentIdKnown, ids, writeKey(keyPrefix, 'remove', [segmentIdKnown, ...ids]));
        counts.removed += ids.length;
        save();
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error), ids.length);
      }
      progress.increment(ids.length);
    });
    progress.stop();
  }

  const result = summary({
    segmentId,
    resumed,
    profilesCreated: counts.profilesCreated,
    membersAdded: counts.membersAdded,
    alreadyMembers,
    removed: counts.removed,
  });
  // The per-second figure is this run's own work.
  result.membersPerSecond = result.elapsedSeconds > 0 ? Math.round((membersAdded / result.elapsedSeconds) * 10) / 10 : 0;
  if (result.failed === 0) removeCheckpoint(options.checkpoint);
  else save();
  return result;
}
