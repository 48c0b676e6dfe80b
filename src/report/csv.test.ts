import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT, HOSTILE_ROLE } from '../../test/helpers/report-input.js';
import { CSV_COLUMNS, csvCell, renderCsv } from './csv.js';

/** RFC 4180 reader: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 2;
    } else if (quoted && c === '"') {
      quoted = false;
      i++;
    } else if (quoted) {
      cell += c;
      i++;
    } else if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '"' || c === '\n' || c === '\r') {
      throw new Error(`unquoted ${JSON.stringify(c)} at ${i}`);
    } else {
      cell += c;
      i++;
    }
  }
  if (cell || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('CSV report', () => {
  it('has a header and one row per finding that reads back to the same values', async () => {
    // Given the example accounts
    const input = await exampleReportInput();
    // When rendered as CSV and read back with an RFC 4180 reader
    const rows = parseCsv(renderCsv(input));
    // Then there is a header and one row per finding, every row as wide as the header
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + input.result.findings.length);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const byAccount = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(byAccount['333333333333']!.slice(2, 8)).toEqual(['cis-support-role', 'FAIL', 'medium', 'AwsAccount', 'arn:aws:iam::333333333333:root', 'customer-policy-lookalike']);
    // a message with commas survives quoting intact
    expect(byAccount['333333333333']![8]).toBe(
      'No role has arn:aws:iam::aws:policy/AWSSupportAccess; role(s) support have a customer-managed policy named AWSSupportAccess, which is not the AWS-managed policy and does not count.',
    );
    expect(byAccount['999999999999']![8]).toBe(`1 support role(s) with AWSSupportAccess: ${HOSTILE_ROLE}.`);
    expect(byAccount['111111111111']![11]).toBe(GENERATED_AT);
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    // Given findings whose account name and message start with formula characters (attacker-chosen names)
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json']);
    const base = input.result.findings[0]!;
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];
    input.result.findings = hostile.map((name) => ({ ...base, accountName: name, message: name }));
    // When rendered and read back
    const rows = parseCsv(renderCsv(input)).slice(1);
    // Then each such cell starts with a quote mark and keeps the rest verbatim
    expect(rows.map((r) => r[1])).toEqual(hostile.map((h) => `'${h}`));
    expect(rows.map((r) => r[8])).toEqual(hostile.map((h) => `'${h}`));
  });

  it('quotes per RFC 4180 only when needed', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});
