// L0: ProGet refuses the service connection's key; the task fails and names what to fix.
import { deploymentJob, PROGET_URL, serviceConnection } from './deployment-job.mjs';

const tmr = deploymentJob();
serviceConnection(tmr, 'proget', PROGET_URL, 'az-WRONG-KEY-0987654321');
tmr.setInput('feed', 'internal');
tmr.setInput('package', 'acme/web@1.2.3');
tmr.run(true);
