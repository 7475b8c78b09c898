// The record stage and the deployment API as the tests drive them: one record (its error told with the hint a
// user would see) or a batch, on a connection built from a few options.
import type { Dispatcher } from 'undici';
import { DeploymentError } from '../src/errors';
import { GITHUB_INPUT_NAMES, type InputNames } from '../src/inputs/names';
import { feedRemedy } from '../src/inputs/remedies';
import type { Logger } from '../src/output/sink';
import type { Redactor } from '../src/output/redactor';
import type { KeyPlacement } from '../src/proget/auth';
import { postDeployment, type DeploymentRecord } from '../src/proget/deployment-api';
import type { Connection } from '../src/proget/pipeline';
import type { RecordResult, RecordSource } from '../src/record/batch-results';
import { sendRecords } from '../src/record/send-records';

export interface ClientOptions {
  server: string;
  apiKey?: string;
  authMethod?: KeyPlacement;
  dispatcher: Dispatcher;
  timeoutMs?: number;
  retries?: number;
  logger?: Logger;
  redactor?: Redactor;
  names?: InputNames;
  userAgent?: string;
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export function deploymentClient(options: ClientOptions) {
  const names = options.names ?? GITHUB_INPUT_NAMES;
  const connection: Connection = {
    server: options.server,
    ...(options.apiKey ? { key: options.apiKey } : {}),
    keyPlacement: options.authMethod ?? 'header',
    dispatcher: options.dispatcher,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    ...(options.logger ? { log: options.logger } : {}),
    ...(options.redactor ? { redactor: options.redactor } : {}),
    userAgent: options.userAgent ?? 'proget-deploy',
    backoffBaseMs: options.backoffBaseMs ?? 1_000,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
  };
  return {
    connection,
    async send(record: DeploymentRecord) {
      try {
        return await postDeployment(connection, record);
      } catch (error) {
        throw error instanceof DeploymentError
          ? feedRemedy(error, names, { feed: record.FeedName, hasKey: Boolean(options.apiKey) })
          : error;
      }
    },
    sendAll(records: RecordSource, concurrency = 4, onResult?: (result: RecordResult, done: number) => void) {
      const feed = records.at(0)?.FeedName ?? '';
      return sendRecords({ feed, names, concurrency, apiKey: options.apiKey }, records, connection, onResult);
    },
  };
}
