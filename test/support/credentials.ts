import type { SigV4Credentials } from '../../src/sigv4/index.js';
import type { FunctionUrlCaller } from '../../src/testing/function-url-emulator.js';

/** Temporary credentials as Lambda gives them (fake values, recognisable in any output). */
export const SESSION: SigV4Credentials & FunctionUrlCaller = {
  accessKeyId: 'ASIATESTCALLER000001',
  secretAccessKey: 'SECRETsecretSECRETsecretSECRET0000000001',
  sessionToken: 'TOKENtokenTOKENtokenTOKENtoken+session/token==0001',
  accountId: '111122223333',
  userArn: 'arn:aws:sts::111122223333:assumed-role/orders-caller/orders-caller-fn',
  callerId: 'AROAORDERSCALLER:orders-caller-fn',
};

/** Long-term credentials (no session token). */
export const LONG_TERM: SigV4Credentials & FunctionUrlCaller = {
  accessKeyId: 'AKIATESTCALLER000002',
  secretAccessKey: 'SECRETsecretSECRETsecretSECRET0000000002',
  accountId: '444455556666',
};

/** Every secret value used by the suite: none may appear in a message, a log line or CLI output. */
export const SECRETS: readonly string[] = [
  SESSION.secretAccessKey,
  SESSION.sessionToken as string,
  LONG_TERM.secretAccessKey,
];
