// Command-line options of `proget-emulator`, kept apart from bin.ts so they can be tested without a process.
import { parseArgs } from 'node:util';
import { FEED_TYPES, type FeedType } from '@proget-deploy/core';
import { EDITIONS, isEdition } from './edition.js';
import { SCA_VERDICTS, validateAnalysisPreset } from './sca-analysis.js';
import type { ScaAnalysisPreset, ScaVerdict } from './sca-analysis.js';
import { DEFAULT_PROGET_VERSION } from './server.js';
import type { EmulatorOptions } from './types.js';

export const USAGE = `Usage: proget-emulator [--port N] [--api-key KEY]... [--anonymous | --no-anonymous] [--feed NAME:TYPE]...
                      [--latency MS] [--proget-version V] [--edition E] [--sca-project NAME]... [--sca-stage NAME]...
                      [--sca-key KEY]... [--sca-verdict PROJECT@VERSION=VERDICT]... [--sca-analysis JSON]...

  --port N           port to listen on (default: an ephemeral port)
  --api-key KEY      a valid API key; repeatable. A key given means a key required: a request
                     without one gets 401 (default: no key needed, and any key is accepted)
  --anonymous        also accept requests without a key, even with --api-key
  --no-anonymous     answer requests without a key with 401, even without --api-key
  --feed NAME:TYPE   a feed that exists (TYPE: ${FEED_TYPES.join(', ')}); repeatable
                     (default: every feed exists)
  --latency MS       delay every API and download response
  --proget-version V X-ProGet-Version sent on every response (default: ${DEFAULT_PROGET_VERSION});
                     "none" sends neither it nor X-ProGet-Edition
  --edition E        ${EDITIONS.join(' | ')} (default: enterprise): free has no SCA API and no package
                     promotion; basic allows ten promote-build/audit-build calls an hour, then 429
  --sca-project NAME an SCA project that exists from the start; repeatable
  --sca-stage NAME   an SCA stage; repeatable (default: Build, Integration, Test, Production)
  --sca-key KEY      a key the SCA API accepts (a system key with Manage Builds & Projects);
                     repeatable; other keys get 403 there, as feed keys do (default: as for feeds)
  --sca-verdict PROJECT@VERSION=VERDICT
                     what analysing that build answers; repeatable. VERDICT: ${SCA_VERDICTS.join(', ')};
                     noncompliant and inconclusive come with one unresolved issue
  --sca-analysis JSON the same with issues: {"project","version","verdict","issues":[{"type","purl",
                     "vulnerability","detail","resolved"}]}; repeatable
Listens on 127.0.0.1 only. Control endpoints: /__emulator/{health,deployments,requests,faults,promotions},
/__emulator/edition (GET, PUT {"edition"}), /__emulator/edition/compliance-actions (DELETE),
/__emulator/sca (GET), /__emulator/sca/projects (POST {"name"}), /__emulator/sca/stages (PUT [names]),
/__emulator/sca/builds/PROJECT/VERSION/analysis (GET, PUT {"verdict","issues"}, DELETE).`;

export type BinCommand = { kind: 'help' } | { kind: 'run'; options: EmulatorOptions };

/** Throws an Error with a readable message for bad arguments. */
export function parseBinArgs(args: string[]): BinCommand {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      'api-key': { type: 'string', multiple: true },
      anonymous: { type: 'boolean' },
      'no-anonymous': { type: 'boolean' },
      feed: { type: 'string', multiple: true },
      latency: { type: 'string' },
      'proget-version': { type: 'string' },
      'sca-project': { type: 'string', multiple: true },
      'sca-stage': { type: 'string', multiple: true },
      'sca-key': { type: 'string', multiple: true },
      'sca-verdict': { type: 'string', multiple: true },
      'sca-analysis': { type: 'string', multiple: true },
      edition: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { kind: 'help' };

  const options: EmulatorOptions = {};
  if (values.port !== undefined) options.port = integer(values.port, '--port', 65535);
  if (values['api-key']) options.apiKeys = values['api-key'];
  if (values.anonymous && values['no-anonymous']) {
    throw new Error('--anonymous and --no-anonymous contradict each other; give one');
  }
  if (values.anonymous) options.anonymous = true;
  if (values['no-anonymous']) options.anonymous = false;
  if (values.feed) {
    options.feeds = {};
    for (const spec of values.feed) {
      const colon = spec.lastIndexOf(':');
      const name = spec.slice(0, colon);
      const type = spec.slice(colon + 1) as FeedType;
      if (colon < 1 || !FEED_TYPES.includes(type)) {
        throw new Error(`--feed expects NAME:TYPE with TYPE one of ${FEED_TYPES.join(', ')}; got "${spec}"`);
      }
      options.feeds[name] = { type };
    }
  }
  if (values.latency !== undefined) {
    options.faults = { latencyMs: integer(values.latency, '--latency', Number.MAX_SAFE_INTEGER) };
  }
  const version = values['proget-version'];
  if (version !== undefined) {
    if (!/^(none|\d+(\.\d+){1,3})$/.test(version)) {
      throw new Error(
        `--proget-version expects a version such as ${DEFAULT_PROGET_VERSION}, or "none"; got "${version}"`,
      );
    }
    options.proGetVersion = version === 'none' ? null : version;
  }
  if (values.edition !== undefined) {
    if (!isEdition(values.edition)) {
      throw new Error(`--edition expects one of ${EDITIONS.join(', ')}; got "${values.edition}"`);
    }
    options.edition = values.edition;
  }
  const analyses: ScaAnalysisPreset[] = [
    ...(values['sca-verdict'] ?? []).map(parseVerdict),
    ...(values['sca-analysis'] ?? []).map(parseAnalysis),
  ];
  if (values['sca-project'] || values['sca-stage'] || values['sca-key'] || analyses.length > 0) {
    options.sca = {
      ...(values['sca-project'] ? { projects: values['sca-project'] } : {}),
      ...(values['sca-stage'] ? { stages: values['sca-stage'] } : {}),
      ...(values['sca-key'] ? { apiKeys: values['sca-key'] } : {}),
      ...(analyses.length > 0 ? { analyses } : {}),
    };
  }
  return { kind: 'run', options };
}

/** PROJECT@VERSION=VERDICT, split at the last "=" and then the last "@". */
function parseVerdict(spec: string): ScaAnalysisPreset {
  const equals = spec.lastIndexOf('=');
  const at = spec.lastIndexOf('@', equals);
  const project = spec.slice(0, at).trim();
  const version = spec.slice(at + 1, equals).trim();
  const verdict = spec.slice(equals + 1).trim() as ScaVerdict;
  if (equals < 0 || at < 1 || !project || !version || !SCA_VERDICTS.includes(verdict)) {
    throw new Error(
      `--sca-verdict expects PROJECT@VERSION=VERDICT with VERDICT one of ${SCA_VERDICTS.join(', ')}; got "${spec}"`,
    );
  }
  return { project, version, verdict };
}

function parseAnalysis(json: string): ScaAnalysisPreset {
  let value: unknown;
  try {
    value = JSON.parse(json);
    validateAnalysisPreset(value, 'analysis');
  } catch (error) {
    throw new Error(
      `--sca-analysis expects a JSON object {"project","version","verdict","issues"?}: ${(error as Error).message}`,
    );
  }
  return value;
}

function integer(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max)
    throw new Error(`${flag} expects a whole number up to ${max}; got "${text}"`);
  return value;
}
