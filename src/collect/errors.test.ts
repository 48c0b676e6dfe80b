import { describe, expect, it } from 'vitest';
import { classifyError, errorCode } from './errors.js';

const sdk = (name: string, message = 'm', status = 400) => Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });

describe('error classification', () => {
  it.each([
    ['AccessDenied', 'AccessDenied'],
    ['AccessDeniedException', 'AccessDenied'],
    ['UnauthorizedOperation', 'AccessDenied'],
    ['Throttling', 'Throttling'],
    ['ThrottlingException', 'Throttling'],
    ['TooManyRequestsException', 'Throttling'],
    ['RequestLimitExceeded', 'Throttling'],
    ['ExpiredToken', 'ExpiredToken'],
    ['ExpiredTokenException', 'ExpiredToken'],
    ['InvalidClientTokenId', 'InvalidClientTokenId'],
    ['UnrecognizedClientException', 'InvalidClientTokenId'],
    ['CredentialsProviderError', 'NoCredentials'],
    ['NoSuchEntity', 'NoSuchEntity'],
  ])('%s → %s', (name, code) => {
    expect(errorCode(sdk(name))).toBe(code);
  });

  it('an unknown service error with HTTP 429 is throttling, with 403 access denied', () => {
    expect(errorCode(sdk('SomethingNew', 'm', 429))).toBe('Throttling');
    expect(errorCode(sdk('SomethingElse', 'm', 403))).toBe('AccessDenied');
  });

  it('a refused connection, also when wrapped by fetch/undici, is NetworkError with the socket code in the line', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(classifyError(refused, 'sts:GetCallerIdentity')).toEqual({ code: 'NetworkError', operation: 'sts:GetCallerIdentity', message: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' });
    const wrapped = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND iam.example'), { code: 'ENOTFOUND' }) });
    expect(errorCode(wrapped)).toBe('NetworkError');
  });

  it('an HTML page where the API answer should be is UnexpectedResponse, not a parser message', () => {
    const e = new SyntaxError('Unexpected token \'<\', "<!doctype "... is not valid JSON\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.');
    expect(classifyError(e, 'support:DescribeSeverityLevels')).toEqual({
      code: 'UnexpectedResponse',
      operation: 'support:DescribeSeverityLevels',
      message: 'the endpoint did not answer with this API (unsupported operation or a proxy page)',
    });
  });

  it('messages become one bounded line: no newlines or control characters from AWS text reach the report', () => {
    const e = sdk('AccessDenied', `line one\nline two\u001b[31m ${'x'.repeat(400)}`);
    const { message } = classifyError(e, 'iam:ListEntitiesForPolicy');
    expect(message).toMatch(/^line one line two \[31m x+…$/);
    expect(message.length).toBe(300);
  });
});
