// The release gate's stage: the SCA client, its requests, hints and verdict. The step imports it only when the
// plan has an SCA build or is an audit, so a plain record never loads it (a bundle keeps it in its own chunk).
export { runAudit, runSca } from '../sca/run-sca.js';
export { scaPart } from '../report/sca-verdict.js';
