import { InvalidInputError } from '../errors.js';

/** Parsers for raw input strings, shared by every front end so `yes`, `true` and `1` mean the same everywhere. */

export function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

export function parseBoolean(value: string | undefined, name: string, fallback = false): boolean {
  const text = optional(value)?.toLowerCase();
  if (text === undefined) return fallback;
  if (['true', 'yes', 'y', '1', 'on'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'off'].includes(text)) return false;
  throw new InvalidInputError(`${name} must be true or false, not "${value}"`);
}

export function parseNumber(
  value: string | undefined,
  name: string,
  fallback: number,
  range: { min: number; max: number; integer?: boolean },
): number {
  const text = optional(value);
  if (text === undefined) return fallback;
  const number = Number(text);
  if (
    !Number.isFinite(number) ||
    number < range.min ||
    number > range.max ||
    (range.integer && !Number.isInteger(number))
  ) {
    const kind = range.integer ? 'a whole number' : 'a number';
    throw new InvalidInputError(`${name} must be ${kind} from ${range.min} to ${range.max}, not "${value}"`);
  }
  return number;
}

/** `a or b`, `a, b or c`. */
export function alternatives(choices: readonly string[]): string {
  return choices.length < 2 ? (choices[0] ?? '') : `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
}

export function parseChoice<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const text = optional(value)?.toLowerCase();
  if (text === undefined) return fallback;
  const match = choices.find((choice) => choice === text);
  if (!match) throw new InvalidInputError(`${name} must be ${alternatives(choices)}, not "${value}"`);
  return match;
}
