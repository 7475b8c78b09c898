export const id = 121;
export const ids = [121];
export const modules = {

/***/ 121:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubApi: () => (/* binding */ createGitHubApi)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8258);

/**
 * Octokit reports a request that got no answer (refused, reset, timed out) as status 500. The seam promises
 * a `status` only for what GitHub answered, so such an error loses it.
 */
async function answered(call) {
    try {
        return await call;
    }
    catch (error) {
        const failure = error;
        if (failure.status !== undefined && failure.response === undefined) {
            throw new Error(failure.message ?? String(error), { cause: error });
        }
        throw error;
    }
}
/** The REST calls of the environment lookup, through the toolkit's Octokit (it honours the runner's proxy). */
function createGitHubApi(token, baseUrl, timeoutMs) {
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(token, { baseUrl, userAgent: 'proget-deploy-github-action' });
    // Octokit waits for ever by default, and paginate() drops a per-call `request.signal`: a hook bounds every
    // request, so a hung API cannot hold the job.
    octokit.hook.before('request', (options) => {
        options.request = { ...options.request, signal: AbortSignal.timeout(timeoutMs) };
    });
    return {
        listJobs: ({ owner, repo, runId, attempt }) => answered(octokit.paginate(octokit.rest.actions.listJobsForWorkflowRunAttempt, {
            owner,
            repo,
            run_id: runId,
            attempt_number: attempt,
            per_page: 100,
        })),
        // Newest first, and GitHub made this job's deployment moments ago: the first page is enough.
        listDeployments: async (owner, repo, sha) => (await answered(octokit.rest.repos.listDeployments({ owner, repo, sha, per_page: 100 }))).data,
        listDeploymentStatuses: async (owner, repo, deploymentId) => (await answered(octokit.rest.repos.listDeploymentStatuses({
            owner,
            repo,
            deployment_id: deploymentId,
            per_page: 100,
        }))).data,
    };
}
//# sourceMappingURL=github-api.js.map

/***/ })

};
