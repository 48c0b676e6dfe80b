import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { createClients, resolveAwsConfig, type AwsClients } from '../src/aws/clients.js';
import { startMoto, type MotoServer } from './helpers/moto.js';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy.js';
import { cli } from './helpers/cli.js';
import { runCli } from '../src/cli/run.js';

// Faults injected into fix and backout (issue 15 items 7–10): a loopback proxy in front of moto answers chosen
// operations itself (an empty 200, an error) or loses moto's answer after the change was made.

const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/aws-support`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/Admin`;
const POLICY = 'arn:aws:iam::aws:policy/AWSSupportAccess';
const OURS = [{ Key: 'managed-by', Value: 'supportguard' }];
const EMPTY_200 = { status: 200, contentType: 'text/xml', body: '' };

function trustOf(principals: string[]) {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principals }, Action: 'sts:AssumeRole' }] });
}

/** What IAM holds for the role, read straight from moto (not through the proxy); undefined when it is gone. */
async function held(iam: IAMClient, name = 'aws-support') {
  try {
    const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role!;
    const doc = role.AssumeRolePolicyDocument!;
    return {
      policies: ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }))).AttachedPolicies ?? []).map((p) => p.PolicyArn),
      inline: (await iam.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames ?? [],
      tags: Object.fromEntries(((await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags ?? []).map((t) => [t.Key, t.Value])),
      trust: JSON.parse(doc.startsWith('%') ? decodeURIComponent(doc) : doc),
      description: role.Description,
      maxSession: role.MaxSessionDuration,
    };
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException') return undefined;
    throw e;
  }
}

describe('fix / backout under injected faults (moto behind a fault proxy)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let aws: AwsClients;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    aws = await createClients(resolveAwsConfig({ maxAttempts: 1 }, moto.env), { accessKeyId: 'testing', secretAccessKey: 'testing' });
    env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint, AWS_MAX_ATTEMPTS: '2' };
  });
  afterAll(async () => {
    aws?.destroy();
    await proxy?.stop();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    proxy.rule = () => undefined;
    proxy.loseAnswer = () => false;
    proxy.seen.length = 0;
  });

  /** A role shaped like supportguard's, plus whatever the test adds. */
  async function ourRole(name = 'aws-support') {
    await aws.iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustOf([ADMIN]), Tags: OURS }));
    await aws.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: POLICY }));
  }

  describe('backout (item 7)', () => {
    it('refuses before any change when ListRolePolicies answers an empty 200: the inline policy it hid stays, and so does AWSSupportAccess', async () => {
      // Given a tagged role holding an inline policy, which backout must refuse
      await ourRole();
      await aws.iam.send(new PutRolePolicyCommand({ RoleName: 'aws-support', PolicyName: 'extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
      // and a ListRolePolicies answer that is an empty 200
      proxy.rule = (r) => (r.action === 'ListRolePolicies' ? EMPTY_200 : undefined);
      // When backout --apply runs
      const r = await cli(['backout', '--apply', '--yes'], env);
      // Then it stops with one line and exit 3, having made no change
      expect(r).toEqual({
        code: 3,
        stdout: '',
        stderr:
          `supportguard: cannot read the roles to back out in ${ACCOUNT}, nothing was changed: MalformedAnswerError: iam:ListRolePolicies aws-support: ` +
          'the answer is not a well-formed answer of the operation (no PolicyNames list); cannot prove what the role holds\n',
      });
      expect(proxy.seen.filter((s) => /^(Detach|Delete|Put|Attach)/.test(s.action))).toEqual([]);
      expect(await held(aws.iam)).toMatchObject({ policies: [POLICY], inline: ['extra'] });
    });

    it('refuses on XML with another root element to ListAttachedRolePolicies', async () => {
      await ourRole();
      proxy.rule = (r) => (r.action === 'ListAttachedRolePolicies' ? { status: 200, contentType: 'text/xml', body: '<ListRolesResponse><ListRolesResult><IsTruncated>false</IsTruncated></ListRolesResult></ListRolesResponse>' } : undefined);
      const r = await cli(['backout', '--role-name', 'aws-support', '--apply', '--yes'], env);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('iam:ListAttachedRolePolicies aws-support: the answer is not a well-formed answer of the operation (no AttachedPolicies list)');
      expect(await held(aws.iam)).toMatchObject({ policies: [POLICY], inline: [] });
    });

    it('puts AWSSupportAccess back when DeleteRole fails after the detach', async () => {
      // Given supportguard's role, and a DeleteRole that is denied
      await ourRole();
      proxy.rule = (r) => (r.action === 'DeleteRole' ? { status: 403, code: 'AccessDenied', message: 'not allowed to delete' } : undefined);
      // When backout --apply runs
      const r = await cli(['backout', '--apply', '--yes'], env);
      // Then the role fails, says what it detached and that it reattached it, and holds its policy again
      expect(r.code).toBe(3);
      expect(r.stdout.split('\n').slice(-2)).toEqual([`${ROLE_ARN} failed: AccessDenied: not allowed to delete (detached ${POLICY}; restored: reattached ${POLICY})`, '']);
      expect(await held(aws.iam)).toMatchObject({ policies: [POLICY], inline: [], tags: { 'managed-by': 'supportguard' } });
    });

    it('puts a --force-deleted inline policy back when DeleteRole fails', async () => {
      await ourRole();
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
      await aws.iam.send(new PutRolePolicyCommand({ RoleName: 'aws-support', PolicyName: 'extra', PolicyDocument: JSON.stringify(doc) }));
      proxy.rule = (r) => (r.action === 'DeleteRole' ? { status: 403, code: 'AccessDenied', message: 'no' } : undefined);
      const r = await cli(['backout', '--apply', '--yes', '--force'], env);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain(`${ROLE_ARN} failed: AccessDenied: no (detached ${POLICY}, deleted inline policy extra; restored: reattached ${POLICY}, put back inline policy extra)\n`);
      expect(await held(aws.iam)).toMatchObject({ policies: [POLICY], inline: ['extra'] });
    });

    it('reports the role deleted when DeleteRole took effect but its answer was lost', async () => {
      await ourRole();
      proxy.loseAnswer = (r) => r.action === 'DeleteRole';
      const r = await cli(['backout', '--apply', '--yes'], env);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout.endsWith(`${ROLE_ARN} deleted (detached ${POLICY})\n`)).toBe(true);
      expect(await held(aws.iam)).toBeUndefined();
    });
  });

  describe('fix: the tag is not proof of ownership (item 8)', () => {
    it('refuses a foreign break-glass role tagged managed-by=supportguard and leaves its trust, description, session length and owner tag as they were', async () => {
      // Given a break-glass role someone tagged managed-by=supportguard
      await aws.iam.send(
        new CreateRoleCommand({
          RoleName: 'aws-support',
          AssumeRolePolicyDocument: trustOf([ADMIN, `arn:aws:iam::${ACCOUNT}:role/Ops`]),
          Description: 'break glass',
          MaxSessionDuration: 43200,
          Tags: [...OURS, { Key: 'owner', Value: 'ops' }],
        }),
      );
      await aws.iam.send(new AttachRolePolicyCommand({ RoleName: 'aws-support', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      const before = await held(aws.iam);
      // When fix --apply runs for a role of that name
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      // Then it is refused with the reason and exit 3, and the role is exactly as it was
      expect(r).toEqual({
        code: 3,
        stderr: '',
        stdout:
          `Account ${ACCOUNT}: role ${ROLE_ARN} (not created by supportguard)\n` +
          `  refused: role ${ROLE_ARN} exists and is tagged managed-by=supportguard but is not the role supportguard creates: managed policies other than AWSSupportAccess attached (arn:aws:iam::aws:policy/AdministratorAccess); ` +
          `${POLICY} is not attached; the tag alone does not prove supportguard made it; pass --adopt to converge it, or choose another --role-name\n\nnothing was applied (see above)\n`,
      });
      expect(await held(aws.iam)).toEqual(before);
      expect(before).toMatchObject({ description: 'break glass', maxSession: 43200, tags: { owner: 'ops', 'managed-by': 'supportguard' } });
    });

    it('refuses before any change when the inline policy list is an empty 200', async () => {
      // Given supportguard's role with an inline policy someone added, and an empty 200 to ListRolePolicies
      await ourRole();
      await aws.iam.send(new PutRolePolicyCommand({ RoleName: 'aws-support', PolicyName: 'extra', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }));
      proxy.rule = (r) => (r.action === 'ListRolePolicies' ? EMPTY_200 : undefined);
      const before = await held(aws.iam);
      // When fix --apply would converge it (new owner tag, new description)
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      // Then the account fails on that answer, exit 3, and nothing was sent that changes IAM
      expect(r).toEqual({
        code: 3,
        stderr: '',
        stdout: `Account ${ACCOUNT}: failed: iam:ListRolePolicies aws-support: the answer is not a well-formed answer of the operation (no PolicyNames list); cannot prove what the role holds\n\nnothing was applied (see above)\n`,
      });
      expect(proxy.seen.filter((s) => /^(Create|Update|Tag|Attach|Detach|Delete|Put)/.test(s.action))).toEqual([]);
      expect(await held(aws.iam)).toEqual(before);
    });
  });

  describe('fix: widening judged by who can assume, not by principal shape (item 9)', () => {
    it('refuses to replace account-root trust with a role of the same account unless --replace-trust: that role could then assume with no identity policy', async () => {
      // Given supportguard's role trusting the account (root) with MFA: a caller there also needs an identity allow
      expect((await cli(['fix', '--trust', ACCOUNT, '--owner', 'sec', '--apply', '--yes'], env)).code).toBe(0);
      const before = await held(aws.iam);
      // When fix asks to trust the Admin role of the same account instead
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      // Then it is refused as a widening, and the trust is unchanged
      expect(r.code).toBe(3);
      expect(r.stdout).toBe(
        `Account ${ACCOUNT}: role ${ROLE_ARN} (created by supportguard)\n` +
          `  refused: refusing to change the trust policy of ${ROLE_ARN}: it would let role ${ADMIN} assume the role without any identity policy of its own, with MFA, which the existing trust policy does not allow; pass --replace-trust to replace it anyway\n` +
          '\nnothing was applied (see above)\n',
      );
      expect(proxy.seen.filter((s) => s.action === 'UpdateAssumeRolePolicy')).toEqual([]);
      expect(await held(aws.iam)).toEqual(before);
      // And --replace-trust is the explicit way through
      expect((await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--replace-trust', '--apply', '--yes'], env)).code).toBe(0);
      expect((await held(aws.iam))!.trust.Statement[0].Principal).toEqual({ AWS: ADMIN });
    });
  });

  describe('fix never leaves a half-made role (item 10)', () => {
    it('recognises the role its CreateRole made when the answer was lost, instead of calling it "already exists", and finishes it', async () => {
      // Given a CreateRole whose answer is lost after IAM made the role (the SDK's retry then hears EntityAlreadyExists)
      let lost = 0;
      proxy.loseAnswer = (r) => r.action === 'CreateRole' && lost++ === 0;
      // When fix --apply runs
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      // Then the role is recognised by this run's creation token and finished: the policy is attached
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout.endsWith(`\n${ACCOUNT} created ${ROLE_ARN}\n`)).toBe(true);
      expect(proxy.seen.filter((s) => s.action === 'CreateRole')).toHaveLength(2);
      const state = await held(aws.iam);
      expect(state?.policies).toEqual([POLICY]);
      expect(state?.tags['supportguard-token']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('does not take a role of that name someone else made meanwhile for its own', async () => {
      // Given CreateRole refused with EntityAlreadyExists for a role without this run's token
      await aws.iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: trustOf([ADMIN]), Tags: OURS }));
      proxy.rule = (r) => (r.action === 'GetRole' && proxy.seen.filter((s) => s.action === 'GetRole').length === 1 ? { status: 404, code: 'NoSuchEntity', message: 'The role with name aws-support cannot be found.' } : undefined);
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      expect(r.code).toBe(3);
      expect(r.stdout.endsWith(`\n${ACCOUNT} failed ${ROLE_ARN}: iam:CreateRole failed: EntityAlreadyExistsException: Role with name aws-support already exists.\n`)).toBe(true);
      expect(await held(aws.iam)).toMatchObject({ policies: [], tags: { 'managed-by': 'supportguard' } });
    });

    it('reports a rollback whose DeleteRole answer was lost as done, having asked IAM again', async () => {
      // Given AttachRolePolicy denied, and the rollback's DeleteRole answer lost after IAM deleted the role
      proxy.rule = (r) => (r.action === 'AttachRolePolicy' ? { status: 403, code: 'AccessDenied', message: 'no attach' } : undefined);
      proxy.loseAnswer = (r) => r.action === 'DeleteRole';
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      expect(r.code).toBe(3);
      expect(r.stdout.endsWith(`\n${ACCOUNT} failed ${ROLE_ARN}: iam:AttachRolePolicy failed: AccessDenied: no attach (rolled back: deleted role ${ROLE_ARN})\n`)).toBe(true);
      expect(await held(aws.iam)).toBeUndefined();
    });

    it('on SIGINT during CreateRole finishes that call, rolls the role back and prints what was done', async () => {
      // Given the CLI's interrupt signal (main.ts wires SIGINT/SIGTERM to it), fired while CreateRole is in flight
      const interrupt = new AbortController();
      proxy.rule = (r) => {
        if (r.action === 'CreateRole') interrupt.abort('SIGINT');
        return undefined;
      };
      let stdout = '';
      let stderr = '';
      const code = await runCli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        env,
        stdoutIsTTY: false,
        stderrIsTTY: false,
        signal: interrupt.signal,
      });
      // Then no AttachRolePolicy was sent, the role it made is gone, and the output says so (exit 3)
      expect(code).toBe(3);
      expect(stderr).toBe('interrupted: stopped after the call in flight; a role this run created was rolled back (see each account below)\n');
      expect(stdout.endsWith(`\n${ACCOUNT} interrupted ${ROLE_ARN}: interrupted by SIGINT after iam:CreateRole (rolled back: deleted role ${ROLE_ARN})\n`)).toBe(true);
      expect(proxy.seen.filter((s) => s.action === 'AttachRolePolicy')).toEqual([]);
      expect(await held(aws.iam)).toBeUndefined();
    });

    it('a rerun finishes a role a run made but could not finish (its token, no policy), and still refuses a tagged role without one', async () => {
      // Given a half-made role: the managed-by tag and a creation token, nothing attached (the rollback had failed)
      await aws.iam.send(new CreateRoleCommand({ RoleName: 'aws-support', AssumeRolePolicyDocument: trustOf([ADMIN]), Tags: [...OURS, { Key: 'supportguard-token', Value: 'earlier-run' }] }));
      const r = await cli(['fix', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Account ${ACCOUNT}: role ${ROLE_ARN} (created by supportguard)\n  ~ iam:UpdateAssumeRolePolicy ${ROLE_ARN}\n`);
      expect(r.stdout.endsWith(`\n${ACCOUNT} updated ${ROLE_ARN}\n`)).toBe(true);
      expect((await held(aws.iam))?.policies).toEqual([POLICY]);
      // And a tagged role with nothing attached and no token is not taken for a half-made one of ours
      await aws.iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: trustOf([ADMIN]), Tags: OURS }));
      const other = await cli(['fix', '--role-name', 'other', '--trust', ADMIN, '--owner', 'sec', '--apply', '--yes'], env);
      expect(other.code).toBe(3);
      expect(other.stdout).toContain(`is tagged managed-by=supportguard but is not the role supportguard creates: ${POLICY} is not attached;`);
      expect((await held(aws.iam, 'other'))?.policies).toEqual([]);
    });
  });
});
