// The one error type domain code throws (services never build HTTP answers): a kind, a message for
// the caller, and for invalid input the parameter it concerns. src/http/envelope.ts maps the kinds to
// statuses and the envelope (docs/api.md#status-codes).

export type ErrorKind = "invalid" | "forbidden" | "not_found" | "conflict";

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** For "invalid": the parameter at fault (the message then says what is wrong with it). */
    readonly param?: string,
  ) {
    super(message);
  }
}

export const invalid = (param: string, detail: string) => new DomainError("invalid", detail, param);
