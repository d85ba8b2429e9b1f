/**
 * Thrown by every Plaudit call for bad input: a malformed record, policy, date or argument.
 * Decisions are never errors; they come back as data with reason codes.
 *
 * `code` and `path` are the first problem's; `errors` holds every problem found, in path
 * order; `message` lists them all, one per line (`prospect.country: ...`).
 */
export class PlauditError extends Error {
  constructor(message: string, code: string, path: string, errors: FieldError[]);
  readonly name: "PlauditError";
  /** Stable code of the first problem (`invalid_country`, `missing_field`, ...). */
  readonly code: ErrorCode;
  /** Path of the first problem (`advocates[3].nps`, `prospect.country`); `""` for the whole input. */
  readonly path: string;
  /** Every problem found. */
  readonly errors: FieldError[];
}
