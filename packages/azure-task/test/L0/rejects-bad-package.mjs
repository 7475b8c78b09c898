// L0: a malformed package line fails the task before any request.
import { deploymentJob, PROGET_KEY, PROGET_URL, serviceConnection } from './deployment-job.mjs';

const tmr = deploymentJob();
serviceConnection(tmr, 'proget', PROGET_URL, PROGET_KEY);
tmr.setInput('feed', 'internal');
tmr.setInput('package', 'acme/web@1.2.3\nacme/api 1.0.0');
tmr.run(true);
