import { proGetUrl } from '../endpoint.js';
import type { ScaPlan } from './sca-plan.js';

/** The SCA steps of a run, in the order they are sent: each needs the one before it to have worked. */
export type ScaStepName = 'build' | 'sbom' | 'promote' | 'comment';

export interface ScaRequest {
  step: ScaStepName;
  method: 'POST';
  url: URL;
  /** Absent for promote-build, whose parameters are all in the query (pgutil posts it without content). */
  contentType?: string;
  body: string;
  /** What a log line or a dry run shows of the body (an SBOM is summarised, not printed). */
  shown: string;
}

/**
 * The requests of ProGet's SCA API, as its docs (https://docs.inedo.com/docs/proget/api/sca) and pgutil's
 * ProGetClient (Inedo/pgutil, Inedo.ProGet/ProGetClient.cs) make them. Property names are camelCase, as
 * pgutil serialises its CreateOrUpdateBuildOptions and BuildCommentCreateInfo.
 */
export function scaRequests(server: string, sca: ScaPlan, serverInput: string): ScaRequest[] {
  const json = (step: ScaStepName, path: string, body: object): ScaRequest => {
    const text = JSON.stringify(body);
    return {
      step,
      method: 'POST',
      url: proGetUrl(server, path, serverInput),
      contentType: 'application/json',
      body: text,
      shown: text,
    };
  };
  const requests: ScaRequest[] = [
    // Create/Update Build: creates the build, or updates the URL of the one that exists.
    json('build', 'api/sca/builds', {
      project: sca.project,
      version: sca.build,
      ...(sca.url ? { url: sca.url } : {}),
    }),
  ];
  if (sca.sbom) {
    const { sbom } = sca;
    requests.push({
      step: 'sbom',
      method: 'POST',
      url: proGetUrl(server, 'api/sca/import', serverInput),
      // text/xml is what pgutil sends; the docs name application/json for a JSON document.
      contentType: sbom.contentType,
      body: sbom.body,
      shown: `${sbom.path} (CycloneDX ${sbom.format.toUpperCase()}, ${sbom.components} component${sbom.components === 1 ? '' : 's'})`,
    });
  }
  // Promote Build: the docs' query names the build `version`, pgutil's PromoteBuildAsync sends `build`;
  // both are sent so that either reading of the endpoint finds it.
  const promote = proGetUrl(server, 'api/sca/promote-build', serverInput);
  promote.search = new URLSearchParams({
    project: sca.project,
    version: sca.build,
    build: sca.build,
    stage: sca.stage,
  }).toString();
  requests.push({
    step: 'promote',
    method: 'POST',
    url: promote,
    body: '',
    shown: '',
  });
  requests.push(
    json('comment', 'api/sca/comments', {
      project: sca.project,
      version: sca.build,
      comment: sca.comment,
      ...(sca.by ? { by: sca.by } : {}),
    }),
  );
  return requests;
}
