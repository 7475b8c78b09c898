import { defaultOn, describeOn, entriesOn, type InputEntry, type Platform } from '@proget-deploy/core';

/** Marks where a document's input table for a platform is: sync owns everything between the two. */
export const markers = (platform: Platform) => ({
  start: `<!-- inputs:${platform}:start -->`,
  end: `<!-- inputs:${platform}:end -->`,
});

export const PLATFORMS: readonly Platform[] = ['github', 'azure', 'cli'];

const code = (text: string) => `\`${text}\``;
/** A Markdown table cell: a `|` inside it would end the cell. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

function azureRequired(entry: InputEntry): string {
  if (!entry.required || defaultOn(entry, 'azure')) return 'no';
  const rule = entry.azure!.visibleRule;
  return rule ? `with ${code(rule.split(' = ')[1]!)}` : 'yes';
}

function cliFlag(entry: InputEntry): string {
  const cli = entry.cli!;
  const value = entry.choices ? entry.choices.join('|') : cli.value;
  return `${code(`--${cli.flag}${value ? ` ${value}` : ''}`)}${entry.kind === 'lines' ? ' (repeatable)' : ''}`;
}

interface Table {
  header: string[];
  rows: Array<{ name: string; cells: string[] }>;
}

function table(platform: Platform): Table {
  const entries = entriesOn(platform);
  switch (platform) {
    case 'github':
      return {
        header: ['Input', 'Default', 'Description'],
        rows: entries.map((entry) => {
          const fallback = defaultOn(entry, 'github');
          return {
            name: entry.github!,
            cells: [
              code(entry.github!),
              entry.required ? 'required' : fallback ? code(fallback) : '—',
              describeOn(entry, 'github'),
            ],
          };
        }),
      };
    case 'azure':
      return {
        header: ['Input', 'Required', 'Default', 'Description'],
        rows: entries.map((entry) => {
          const fallback = defaultOn(entry, 'azure');
          return {
            name: entry.azure!.name,
            cells: [
              code(entry.azure!.name),
              azureRequired(entry),
              fallback ? code(fallback) : '—',
              describeOn(entry, 'azure'),
            ],
          };
        }),
      };
    case 'cli':
      return {
        header: ['Flag', 'Environment variable', 'Meaning'],
        rows: entries.map((entry) => ({
          name: `--${entry.cli!.flag}`,
          cells: [cliFlag(entry), code(entry.cli!.env), describeOn(entry, 'cli')],
        })),
      };
  }
}

const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** A platform's inputs table in Markdown, as sync writes it between the markers. */
export function renderTable(platform: Platform): string {
  const { header, rows } = table(platform);
  return [
    line(header),
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => line(row.cells)),
  ].join('\n');
}

/**
 * Each marked table of a document: its platform and where its content lies. A marker counts only on a line of
 * its own, so a document may quote the markers in its text.
 */
function sections(text: string): Array<{ platform: Platform; start: number; end: number }> {
  const found = [];
  for (const platform of PLATFORMS) {
    const { start, end } = markers(platform);
    const opening = new RegExp(`^${start}$`, 'gm');
    for (let open = opening.exec(text); open; open = opening.exec(text)) {
      const closing = new RegExp(`^${end}$`, 'gm');
      closing.lastIndex = open.index;
      const close = closing.exec(text);
      if (!close) throw new Error(`${start} has no ${end} after it`);
      found.push({ platform, start: open.index + start.length, end: close.index });
      opening.lastIndex = close.index + end.length;
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The document with every marked table rewritten from the catalogue. */
export function syncDocTables(text: string): string {
  let out = '';
  let at = 0;
  for (const section of sections(text)) {
    out += `${text.slice(at, section.start)}\n${renderTable(section.platform)}\n`;
    at = section.end;
  }
  return out + text.slice(at);
}

function rowsOf(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
}

/** How a document's marked tables differ from the catalogue, one line per difference. */
export function docTableDifferences(text: string, file: string): string[] {
  const problems: string[] = [];
  for (const section of sections(text)) {
    const where = `${file} (${section.platform} inputs table)`;
    const { header, rows } = table(section.platform);
    const have = rowsOf(text.slice(section.start, section.end));
    for (const row of rows) {
      const found = have.find((cells) => cells[0] === row.cells[0]);
      if (!found) {
        problems.push(`${where}: input ${row.name} is missing (the catalogue has it)`);
        continue;
      }
      row.cells.forEach((want, i) => {
        if (found[i] !== want)
          problems.push(
            `${where} input ${row.name}: ${header[i]} is '${found[i] ?? ''}', the catalogue says '${want}'`,
          );
      });
    }
    for (const cells of have) {
      if (!rows.some((row) => row.cells[0] === cells[0]))
        problems.push(`${where} input ${cells[0]}: not in the catalogue`);
    }
    if (
      problems.length === 0 &&
      text.slice(section.start, section.end) !== `\n${renderTable(section.platform)}\n`
    )
      problems.push(`${where}: not laid out as pnpm sync writes it`);
  }
  return problems;
}
