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

/** What a service-specific refusal says: status, machine code, the message in Chinese and English. */
export interface ProblemSpec {
  status: number;
  code: string;
  message: Bilingual;
  errors?: FieldError[];
  extra?: Record<string, unknown>;
}

/**
 * The one way to refuse: `problem('not-found')` for a common code (optionally
 * with a more specific message, field errors or extra members), or
 * `problem({ status, code, message: { zh, en } })` for a service's own code.
 * Throw the result; the app's error handler answers with problem+json.
 */
export function problem(
  code: keyof typeof COMMON_PROBLEMS,
  more?: { message?: Bilingual; errors?: FieldError[]; extra?: Record<string, unknown> },
): ProblemError;
export function problem(spec: ProblemSpec): ProblemError;
export function problem(
  codeOrSpec: keyof typeof COMMON_PROBLEMS | ProblemSpec,
  more?: { message?: Bilingual; errors?: FieldError[]; extra?: Record<string, unknown> },
): ProblemError {
  if (typeof codeOrSpec !== 'string') return new ProblemError(codeOrSpec);
  const p = COMMON_PROBLEMS[codeOrSpec];
  return new ProblemError({
    status: p.status,
    code: codeOrSpec,
    message: more?.message ?? { zh: p.zh, en: p.en },
    ...(more?.errors ? { errors: more.errors } : {}),
    ...(more?.extra ? { extra: more.extra } : {}),
  });
}

/**
 * A service-specific refusal in positional form.
 * @deprecated use `problem({ status, code, message: { zh, en } })`: one way to refuse (apps are linted for it).
 */
export function refusal(
  status: number,
  code: string,
  zh: string,
  en: string,
  extra?: Record<string, unknown>,
): ProblemError {
  return problem({ status, code, message: { zh, en }, ...(extra ? { extra } : {}) });
}
