import { feedRemedy } from '../inputs/remedies.js';
import type { DeploymentPlan } from '../plan/plan.js';
import { postDeployment } from '../proget/deployment-api.js';
import type { Connection } from '../proget/pipeline.js';
import type { BatchResults, RecordResult, RecordSource } from './batch-results.js';
import { runBatch } from './batch.js';
import { DeploymentError } from '../errors.js';

/**
 * The record stage: every record through the Package Deployment API, at most `concurrency` requests at once,
 * each record's fate kept. A failure is told with what the user can change, named as their platform spells it.
 */
export function sendRecords(
  plan: Pick<DeploymentPlan, 'feed' | 'names' | 'concurrency' | 'apiKey'>,
  records: RecordSource,
  connection: Connection,
  onResult?: (result: RecordResult, done: number) => void,
): Promise<BatchResults> {
  const about = { feed: plan.feed, hasKey: Boolean(plan.apiKey) };
  return runBatch(
    records,
    { concurrency: plan.concurrency, hasKey: about.hasKey, ...(onResult ? { onResult } : {}) },
    async (record, _index, gate) => {
      try {
        return await postDeployment(connection, record, gate);
      } catch (error) {
        throw error instanceof DeploymentError ? feedRemedy(error, plan.names, about) : error;
      }
    },
  );
}
