/**
 * Reads an import file row by row, never whole: CSV with a header row naming a `customer_id`
 * column (csv-parse), or NDJSON (one JSON object a line). Each row comes out with its line number
 * and either a customer id or what is wrong with it.
 */
import type { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { openapiDocument } from '../../service/src/generated/openapi-document';

const CUSTOMER_ID = openapiDocument.components.schemas.ShopperProfilePost.properties.customer_id;

export type Row = { line: number; customerId: number } | { line: number; problem: string };

export class InputError extends Error {}

export type InputFormat = 'csv' | 'ndjson';

export function formatOf(file: string): InputFormat {
  return /\.(nd)?jsonl?$/i.test(file) || /\.ndjson$/i.test(file) ? 'ndjson' : 'csv';
}

/** A customer id the API accepts: a whole number within the document's bounds. */
export function parseCustomerId(value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined || text === '') return 'no customer_id';
  if (!/^\d+$/.test(text)) return `customer_id "${text.slice(0, 40)}" is not a positive integer`;
  const id = Number(text);
  if (id < CUSTOMER_ID.minimum || id > CUSTOMER_ID.maximum) {
    return `customer_id ${text.slice(0, 40)} is outside ${CUSTOMER_ID.minimum}..${CUSTOMER_ID.maximum}`;
  }
  return id;
}

function row(line: number, value: unknown): Row {
  const parsed = parseCustomerId(value);
  return typeof parsed === 'number' ? { line, customerId: parsed } : { line, problem: parsed };
}

/**
 * The rows of `file`, streamed. `digest` is fed every byte read, so the caller learns the file's
 * fingerprint in the same pass.
 */
export async function* readRows(file: string, format: InputFormat, digest?: ReturnType<typeof createHash>): AsyncGenerator<Row> {
  const stream = createReadStream(file);
  if (digest) stream.on('data', (chunk) => digest.update(chunk));
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        yield { line, problem: 'not a JSON object' };
        continue;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) yield { line, problem: 'not a JSON object' };
      else yield row(line, (value as Record<string, unknown>).customer_id);
    }
    return;
  }
  const parser = stream.pipe(
    parse({ columns: true, info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true }),
  );
  let checkedHeader = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checkedHeader) {
        if (!Object.hasOwn(record, 'customer_id')) throw new InputError(`${file}: the header row has no customer_id column`);
        checkedHeader = true;
      }
      yield row(info.lines, record.customer_id);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`${file}: not readable as CSV: ${message}`);
  }
}
