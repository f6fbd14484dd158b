/**
 * `segments export`: every member of a segment, page by page as the API serves them, written as
 * it arrives (CSV or NDJSON), so a segment of any size costs one page of memory.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Segment, SegmentationClient } from '../../contracts/client';
import { findSegmentById, findSegmentByName, memberPages } from './api';
import type { Progress } from './progress';

export type ExportFormat = 'csv' | 'ndjson';

export interface ExportOptions {
  segment: string;
  format: ExportFormat;
  /** A file to write; standard output when absent. */
  output: string | undefined;
}

export class ExportUsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A segment named by its id or by its name (an id wins when both could match). */
export async function resolveSegment(client: SegmentationClient, nameOrId: string): Promise<Segment | undefined> {
  if (UUID.test(nameOrId)) {
    const byId = await findSegmentById(client, nameOrId);
    if (byId) return byId;
  }
  return findSegmentByName(client, nameOrId);
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function runExport(
  client: SegmentationClient,
  options: ExportOptions,
  progress: Progress,
  stdout: Writable = process.stdout,
): Promise<{ segmentId: string; members: number }> {
  const segment = await resolveSegment(client, options.segment);
  if (!segment) throw new ExportUsageError(`no segment has the id or name "${options.segment}"`);
  const out = options.output ? createWriteStream(options.output) : stdout;
  let members = 0;
  if (options.format === 'csv') await write(out, 'customer_id,shopper_profile_id\n');
  for await (const page of memberPages(client, segment.id, (total) => progress.start('exporting members', total))) {
    const lines = page.map((profile) =>
      options.format === 'csv'
        ? `${profile.customer_id},${profile.id}\n`
        : `${JSON.stringify({ customer_id: profile.customer_id, shopper_profile_id: profile.id })}\n`,
    );
    await write(out, lines.join(''));
    members += page.length;
    progress.increment(page.length);
  }
  progress.stop();
  if (out !== stdout) {
    out.end();
    await once(out, 'finish');
  }
  return { segmentId: segment.id, members };
}
