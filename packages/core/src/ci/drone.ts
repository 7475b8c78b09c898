import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink, shortSha, targetsFrom } from './context-helpers.js';

/**
 * A Drone pipeline. A promotion names its target in DRONE_DEPLOY_TO. DRONE_BUILD_TRIGGER is the user who
 * promoted or started the build, or `@hook`/`@cron` for automatic builds, where the commit author is the
 * better answer to "who deployed this".
 */
export function droneContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const build = v('DRONE_BUILD_NUMBER');
  const repo = v('DRONE_REPO');
  const sha = shortSha(v('DRONE_COMMIT_SHA'));
  const trigger = v('DRONE_BUILD_TRIGGER');
  return {
    application: 'Drone',
    description: deployedBy(
      build ? `build #${build}` : 'a Drone build',
      repo && `of ${repo}`,
      sha && `at ${sha}`,
    ),
    user: trigger && !trigger.startsWith('@') ? trigger : v('DRONE_COMMIT_AUTHOR'),
    url: httpLink(v('DRONE_BUILD_LINK')),
    targets: targetsFrom(v('DRONE_DEPLOY_TO')),
    targetHint: 'or promote the build to an environment (DRONE_DEPLOY_TO)',
  };
}
