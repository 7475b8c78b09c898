import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink } from './context-helpers.js';

/**
 * A Jenkins build. Jenkins has no deployment environment, so the target must be given. The user comes from
 * the Build User Vars plugin (BUILD_USER_ID, only inside `withBuildUser`/"Set jenkins user build variables");
 * without it ProGet records the key's user. BUILD_URL needs the Jenkins URL set in the system configuration.
 */
export function jenkinsContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const job = v('JOB_NAME');
  const build = v('BUILD_NUMBER');
  return {
    application: 'Jenkins',
    description: deployedBy(job ? `job "${job}"` : 'a Jenkins job', build && `build #${build}`),
    user: v('BUILD_USER_ID'),
    url: httpLink(v('BUILD_URL')),
    targets: [],
  };
}
