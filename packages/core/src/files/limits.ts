/**
 * How much is read from each file a user names. Every cap is enforced while reading (a file can grow, and
 * /proc files report a size of 0), so a wrong path costs at most this much memory and time, never the
 * gigabytes `/dev/zero` or a runaway log would otherwise feed in.
 */
const MIB = 1024 * 1024;

/** Far above any real SBOM; a larger file is more likely the wrong file than a bill of materials. */
export const SBOM_MAX_BYTES = 64 * MIB;

/**
 * `--package-file`/`--target-file` and standard input: at ~40 bytes a line, 16 MiB is some 400,000 package
 * specs, more than a run would ever record, and its lines still fit comfortably in memory as strings.
 */
export const LIST_FILE_MAX_BYTES = 16 * MIB;

/**
 * A PEM certificate file (`ca-cert`, NODE_EXTRA_CA_CERTS, a client certificate or its key) or a PKCS#12
 * archive: a certificate is 1–2 KiB, and the whole Mozilla root store as one PEM bundle is about 220 KiB.
 */
export const CERTIFICATE_FILE_MAX_BYTES = 1 * MIB;
