import { COMMON_PROBLEMS, problemType, type Bilingual, type FieldError, type Problem } from '@jir/contracts';

/**
 * An error that becomes an RFC 9457 answer. Thrown anywhere in a request; the
 * app's error handler turns it into problem+json.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly bilingual: Bilingual;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(opts: {
    status: number;
    code: string;
    message: Bilingual;
    errors?: FieldError[];
    extra?: Record<string, unknown>;
  }) {
    super(`${opts.code}: ${opts.message.en}`);
    this.name = 'ProblemError';
    this.status = opts.status;
    this.code = opts.code;
    this.bilingual = opts.message;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }

  toProblem(instance?: string, requestId?: string): Problem & Record<string, unknown> {
    return {
      type: problemType(this.code),
      title: this.bilingual.en,
      status: this.status,
      detail: `${this.bilingual.zh} / ${this.bilingual.en}`,
      ...(instance ? { instance } : {}),
      code: this.code,
      message: this.bilingual,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(requestId ? { requestId } : {}),
      ...this.extra,
    };
  }
}

/** A ProblemError for one of the common codes, optionally with a more specific message. */
export function problem(
  code: keyof typeof COMMON_PROBLEMS,
  more?: { message?: Bilingual; errors?: FieldError[]; extra?: Record<string, unknown> },
): ProblemError {
  const p = COMMON_PROBLEMS[code];
  return new ProblemError({
    status: p.status,
    code,
    message: more?.message ?? { zh: p.zh, en: p.en },
    ...(more?.errors ? { errors: more.errors } : {}),
    ...(more?.extra ? { extra: more.extra } : {}),
  });
}

/** A service-specific refusal: status, machine code, and the message in Chinese and English. */
export function refusal(
  status: number,
  code: string,
  zh: string,
  en: string,
  extra?: Record<string, unknown>,
): ProblemError {
  return new ProblemError({ status, code, message: { zh, en }, ...(extra ? { extra } : {}) });
}
