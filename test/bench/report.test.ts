import { atMost, figuresMarkdown, figuresTable, misses } from '../../bench/lib/report';

describe('bench report', () => {
  const figures = [
    { id: 'a', section: '1. Requests', name: 'GET /segments', value: '2', ...atMost(2, 2) },
    { id: 'b', section: '1. Requests', name: 'POST /segments', value: '3', ...atMost(3, 1) },
    { id: 'c', section: '2. Depth', name: 'page 1', value: '5 ms', target: '' },
  ];

  it('passes a figure at its limit and misses one past it', () => {
    expect(atMost(2, 2)).toEqual({ measured: 2, target: '≤ 2', pass: true });
    expect(misses(figures).map((f) => f.id)).toEqual(['b']);
  });

  it('prints every figure under its section with its verdict', () => {
    const table = figuresTable(figures);

    expect(table).toContain('1. Requests');
    expect(table).toMatch(/GET \/segments\s+2\s+≤ 2\s+pass/);
    expect(table).toMatch(/POST \/segments\s+3\s+≤ 1\s+MISS/);
  });

  it('renders the same figures as a Markdown table', () => {
    const markdown = figuresMarkdown(figures).split('\n');

    expect(markdown[0]).toBe('| figure | value | target | result |');
    expect(markdown).toContain('| **2. Depth** | | | |');
  });
});
