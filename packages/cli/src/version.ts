/** The CLI's version, kept equal to package.json's (a test checks): the bundle ships without our package.json. */
export const CLI_VERSION = '1.0.0';
