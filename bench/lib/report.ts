/** One line of the report: a measured figure, its target, and whether it meets it. */
export interface Figure {
  /** Stable key in results.json, e.g. `requests.GetPaginatedSegmentsList`. */
  id: string;
  section: string;
  name: string;
  /** As printed. */
  value: string;
  /** The number the target is checked against, when there is one. */
  measured?: number;
  /** As printed; empty when the figure has no target (context only). */
  target: string;
  /** Undefined when there is no target. */
  pass?: boolean;
}

/** `measured ≤ limit`, the only kind of target the issue sets. */
export function atMost(measured: number, limit: number): { measured: number; target: string; pass: boolean } {
  return { measured, target: `≤ ${limit}`, pass: measured <= limit };
}

export function atLeast(measured: number, floor: number): { measured: number; target: string; pass: boolean } {
  return { measured, target: `≥ ${floor}`, pass: measured >= floor };
}

function verdict(pass: boolean | undefined): string {
  return pass === undefined ? '' : pass ? 'pass' : 'MISS';
}

/** Renders rows as a fixed-width text table with a header rule. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The summary table: every figure under its section, with its target and verdict. */
export function figuresTable(figures: readonly Figure[]): string {
  const rows: string[][] = [];
  let section: string | undefined;
  for (const figure of figures) {
    if (figure.section !== section) {
      section = figure.section;
      rows.push([section, '', '', '']);
    }
    rows.push([`  ${figure.name}`, figure.value, figure.target, verdict(figure.pass)]);
  }
  return textTable(['figure', 'value', 'target', 'result'], rows);
}

/** Same table in Markdown, for the Performance section of README.md. */
export function figuresMarkdown(figures: readonly Figure[]): string {
  const escapeCell = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = ['| figure | value | target | result |', '| --- | --- | --- | --- |'];
  let section: string | undefined;
  for (const figure of figures) {
    if (figure.section !== section) {
      section = figure.section;
      lines.push(`| **${escapeCell(section)}** | | | |`);
    }
    lines.push(`| ${escapeCell(figure.name)} | ${escapeCell(figure.value)} | ${escapeCell(figure.target)} | ${verdict(figure.pass)} |`);
  }
  return lines.join('\n');
}

export function misses(figures: readonly Figure[]): Figure[] {
  return figures.filter((figure) => figure.pass === false);
}
