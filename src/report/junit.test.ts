import { describe, expect, it } from 'vitest';
import { exampleReportInput, HOSTILE_ROLE } from '../../test/helpers/report-input.js';
import { parseXml, type XmlElement } from '../../test/helpers/xml.js';
import { junitSchemaErrors } from '../../test/helpers/schemas.js';
import { renderJunit } from './junit.js';

const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];

describe('JUnit report', () => {
  it('has one suite per account and turns FAIL into <failure>, ERROR into <error>', async () => {
    // Given the example accounts (4 PASS, 5 FAIL, 1 ERROR, with the hostile account)
    const input = await exampleReportInput();
    // When rendered as JUnit and parsed back
    const root = parseXml(renderJunit(input));
    // Then the totals and each account's case say the same as the audit
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toEqual({ name: 'supportguard 0.1.0', tests: '10', failures: '5', errors: '1', time: '0' });
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['111111111111', '121212121212', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666', '777777777777', '888888888888', '999999999999']);
    const failing = suites.find((s) => s.attrs.name === '666666666666')!;
    const failure = all(failing, 'failure')[0]!;
    expect(failure.attrs.message).toBe('No IAM role has arn:aws:iam::aws:policy/AWSSupportAccess attached.');
    expect(failure.text).toContain('Fix: Create a role that your incident responders can assume');
    expect(all(failing, 'testcase')[0]!.attrs.classname).toBe('supportguard.cis-support-role');
    const erroring = suites.find((s) => s.attrs.name === '888888888888')!;
    expect(all(erroring, 'error')[0]!.attrs.message).toMatch(/^Not judged: iam could not be read/);
    expect(all(erroring, 'failure')).toHaveLength(0);
    const passing = suites.find((s) => s.attrs.name === '111111111111')!;
    expect(all(passing, 'failure').length + all(passing, 'error').length).toBe(0);
    expect(all(passing, 'system-out')[0]!.text).toMatch(/^PASS: 1 support role\(s\) with AWSSupportAccess: aws-support-responders\./);
  });

  it('escapes a hostile role name and drops characters XML cannot carry', async () => {
    // Given an account whose support role name carries quotes, < and an event handler, and a message with a control character
    const input = await exampleReportInput();
    const hostile = input.result.findings.find((f) => f.accountId === '999999999999')!;
    hostile.message += ' bell:\u0007';
    // When rendered
    const xml = renderJunit(input);
    // Then the XML stays well-formed and the text comes back exactly
    const out = all(parseXml(xml), 'system-out').find((e) => e.text.includes('HYPERLINK'))!;
    expect(out.text).toContain(`AWSSupportAccess: ${HOSTILE_ROLE}. bell:\ufffd`);
    expect(xml).not.toContain('<img');
  });

  it('reports checks that were not run as <skipped>', async () => {
    const input = await exampleReportInput(['examples/accounts/111111111111-support-role.json']);
    input.result.skipped.push({ accountId: '111111111111', checkId: 'support-role-trust', missing: ['iam'] });
    const root = parseXml(renderJunit(input));
    // the count is on the suite: junit-10.xsd has no `skipped` attribute on <testsuites>
    expect(root.attrs.skipped).toBeUndefined();
    expect(all(root, 'testsuite')[0]!.attrs).toMatchObject({ tests: '2', skipped: '1' });
    expect(all(root, 'skipped')[0]!.attrs.message).toBe('not run: iam data was not collected');
  });

  it('renders a failing account exactly: suite, case and failure with their attributes', async () => {
    const input = await exampleReportInput(['examples/accounts/666666666666-no-support-role.json']);
    const xml = renderJunit(input);
    const [head, suite, testcase, failure] = xml.split('\n');
    expect(head).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(suite).toBe('<testsuites name="supportguard 0.1.0" tests="1" failures="1" errors="0" time="0">');
    expect(testcase).toBe('  <testsuite name="666666666666" tests="1" failures="1" errors="0" skipped="0" time="0" timestamp="2026-11-22T12:00:00.000Z">');
    expect(failure).toBe('    <testcase classname="supportguard.cis-support-role" name="666666666666 arn:aws:iam::666666666666:root" time="0">');
    expect(xml.endsWith('    </testcase>\n  </testsuite>\n</testsuites>\n')).toBe(true);
  });

  it('validates against the JUnit XSD Jenkins reads (junit-10.xsd), with failures, errors, passes and skipped checks', async () => {
    // Given every status: the example accounts, the hostile one, and a check skipped for lack of data
    const input = await exampleReportInput();
    input.result.skipped.push({ accountId: '111111111111', checkId: 'support-role-trust', missing: ['iam'] });
    const xml = renderJunit(input);
    // Then libxml2's XSD validator finds nothing to refuse
    expect(await junitSchemaErrors(xml)).toEqual([]);
    // and would refuse what the renderer used to write (a `skipped` count on <testsuites>)
    const old = xml.replace('<testsuites name="supportguard 0.1.0" tests="11" failures="5" errors="1" time="0">', '<testsuites name="supportguard 0.1.0" tests="11" failures="5" errors="1" skipped="1">');
    expect(old).not.toBe(xml);
    expect(await junitSchemaErrors(old)).toEqual(["report.xml:2: Schemas validity error : Element 'testsuites', attribute 'skipped': The attribute 'skipped' is not allowed."]);
  });
});
