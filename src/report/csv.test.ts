import { describe, expect, it } from 'vitest';
import { exampleReportInput, GENERATED_AT, HOSTILE_ROLE } from '../../test/helpers/report-input.js';
import { CHECKS } from '../checks/registry.js';
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
    // title, region (the partition's home region, IAM being global), finding uid, and no tags for an account finding
    expect(byAccount['777777777777']!.slice(12, 16)).toEqual(['An IAM role has the AWS-managed AWSSupportAccess policy attached', 'us-gov-west-1', 'supportguard/cis-support-role/777777777777/arn:aws-us-gov:iam::777777777777:root', '']);
  });

  it('has the columns Prowler has: title, region, finding uid and the tags of a role, formula-neutralised', async () => {
    // Given every check over the tagged support role's account and the hostile one, imported into eu-west-1
    const input = { ...(await exampleReportInput(['examples/accounts/111111111111-support-role.json', 'test/fixtures/reports/999999999999-hostile.json'], CHECKS)), region: 'eu-west-1' };
    const rows = parseCsv(renderCsv(input));
    expect(rows[0]!.slice(12, 16)).toEqual(['title', 'region', 'finding_uid', 'resource_tags']);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const tagged = rows.find((r) => r[col('check_id')] === 'support-role-tags' && r[col('account_id')] === '111111111111')!;
    expect([tagged[col('title')], tagged[col('region')], tagged[col('finding_uid')], tagged[col('resource_tags')]]).toEqual([
      'The support role is tagged with its owner and purpose',
      'eu-west-1',
      'supportguard/support-role-tags/111111111111/arn:aws:iam::111111111111:role/aws-support-responders',
      'owner=secops@example.com | purpose=cis-support-role',
    ]);
    const hostile = rows.find((r) => r[col('account_id')] === '999999999999' && r[col('resource_tags')] !== '')!;
    expect(hostile[col('resource_tags')]).toBe('Owner=<img src=x onerror="window.__xss=1"> | Team="><script>window.__xss=2</script>');
    // a tag key starting with a formula character is neutralised like any other cell
    const f = { ...input.result.findings.find((x) => x.resourceTags)!, resourceTags: { '=cmd': 'x' } };
    expect(parseCsv(renderCsv({ ...input, result: { ...input.result, findings: [f] } }))[1]![col('resource_tags')]).toBe("'=cmd=x");
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
