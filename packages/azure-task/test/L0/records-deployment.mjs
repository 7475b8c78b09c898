// L0: a deployment job records two packages through a Generic service connection.
import { deploymentJob, PROGET_KEY, PROGET_URL, serviceConnection } from './deployment-job.mjs';

const tmr = deploymentJob();
serviceConnection(tmr, 'proget', PROGET_URL, PROGET_KEY);
tmr.setInput('feed', 'internal');
tmr.setInput('package', 'acme/web@1.2.3\nacme/api@2.0.0');
// true: the bundle carries its own azure-pipelines-task-lib, so there is nothing for the runner to mock.
tmr.run(true);
