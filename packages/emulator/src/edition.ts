// ProGet's editions and the limits the emulator enforces for them (docs, "License Restrictions":
// https://docs.inedo.com/docs/proget/administration/license). ProGet Free has no SCA (projects & builds) and
// no package promotion; ProGet Basic allows "ten compliance API actions per hour" (the 2024 upgrade notes:
// "SCA actions like `pgutil audit` are limited to ten per hour",
// https://docs.inedo.com/docs/proget/installation/proget-upgrade-guide/proget-upgrade-2024), and pgutil's
// `builds audit` reads a 429 as "ProGet Basic rate limit exceeded." (Inedo/pgutil, pgutil/Builds/AuditCommand.cs).
// What ProGet answers is not documented; the emulator's answers are guesses, marked GUESS and listed in the README:
// - GUESS: a feature Free lacks answers 500 with a text naming the feature, as the Repackaging API's page says
//   that API "will raise a `500` in free editions" (https://docs.inedo.com/docs/proget/api/packages/repackage);
// - GUESS: the ten actions are promote-build and audit-build calls that analysed a build (answered 200), counted
//   over a sliding hour; the eleventh gets 429 with a text and a Retry-After (seconds until the oldest counted
//   action leaves the hour).

export const EDITIONS = ['free', 'basic', 'enterprise'] as const;
export type Edition = (typeof EDITIONS)[number];

/** The X-ProGet-Edition value, as pgutil parses it (Free, Basic, Enterprise; Inedo.ProGet/ProGetClient.cs). */
export const EDITION_HEADER: Record<Edition, string> = {
  free: 'Free',
  basic: 'Basic',
  enterprise: 'Enterprise',
};

/** Compliance API actions ProGet Basic allows per hour. */
export const BASIC_COMPLIANCE_ACTIONS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** GUESS: the text of the 500 a Free instance answers for a feature it lacks. */
export function freeEditionText(feature: string): string {
  return `${feature} is not available in ProGet Free Edition; it requires ProGet Basic or ProGet Enterprise.`;
}

/** GUESS: the text of the 429 for the eleventh compliance action in an hour on ProGet Basic. */
export const RATE_LIMIT_TEXT = `ProGet Basic rate limit exceeded: ProGet Basic Edition allows ${BASIC_COMPLIANCE_ACTIONS_PER_HOUR} compliance API actions per hour.`;

export function isEdition(value: unknown): value is Edition {
  return typeof value === 'string' && (EDITIONS as readonly string[]).includes(value);
}

export type LimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The instance's edition and, for Basic, the compliance actions counted in the last hour. */
export class EditionController {
  private current: Edition;
  /** Times (ms) of the counted actions, oldest first. */
  private actions: number[] = [];

  constructor(
    private readonly initial: Edition,
    readonly now: () => number,
  ) {
    this.current = initial;
  }

  get edition(): Edition {
    return this.current;
  }

  /** Changes the edition; the hour starts afresh. */
  set(edition: Edition): void {
    if (!isEdition(edition)) throw new TypeError(`edition must be one of ${EDITIONS.join(', ')}`);
    this.current = edition;
    this.actions = [];
  }

  /** Back to the edition the emulator started with, no actions counted. */
  reset(): void {
    this.set(this.initial);
  }

  /** Forgets the counted actions, as if the hour had passed. */
  resetActions(): void {
    this.actions = [];
  }

  /** null: no limit (Enterprise; Free has no compliance API at all). */
  get limit(): number | null {
    return this.current === 'basic' ? BASIC_COMPLIANCE_ACTIONS_PER_HOUR : null;
  }

  /** Actions counted in the last hour. */
  get used(): number {
    this.prune();
    return this.actions.length;
  }

  /** Whether one more compliance action may run now. */
  check(): LimitDecision {
    const limit = this.limit;
    if (limit === null) return { ok: true };
    this.prune();
    if (this.actions.length < limit) return { ok: true };
    const oldest = this.actions[0] ?? this.now();
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + HOUR_MS - this.now()) / 1000)) };
  }

  /** Counts an action that ran. */
  count(): void {
    if (this.limit !== null) this.actions.push(this.now());
  }

  private prune(): void {
    const since = this.now() - HOUR_MS;
    while (this.actions.length > 0 && this.actions[0]! <= since) this.actions.shift();
  }
}
