import type { ContextDefaults } from '../plan/plan.js';
import { deployedBy, envReader, httpLink } from './context-helpers.js';

/**
 * A TeamCity build. TeamCity passes its project, configuration and build number as env vars; the user who
 * triggered the build is only a configuration parameter (%teamcity.build.triggeredBy.username%), so it must
 * be passed explicitly. BUILD_URL is used when the server sets it.
 */
export function teamcityContext(env: NodeJS.ProcessEnv): ContextDefaults {
  const v = envReader(env);
  const project = v('TEAMCITY_PROJECT_NAME');
  const configuration = v('TEAMCITY_BUILDCONF_NAME');
  const build = v('BUILD_NUMBER');
  const name = [project, configuration].filter(Boolean).join(' / ');
  return {
    application: 'TeamCity',
    description: deployedBy(
      name ? `build configuration "${name}"` : 'a TeamCity build',
      build && `build #${build}`,
    ),
    url: httpLink(v('BUILD_URL')),
    targets: [],
  };
}
