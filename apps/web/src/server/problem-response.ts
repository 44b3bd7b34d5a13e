import type { Response } from 'express';
import { problemType, type Bilingual, type Problem } from '@jir/contracts';

/** Answers with the services' problem+json shape, so the browser reads one error format everywhere. */
export function sendProblem(res: Response, status: number, code: string, message: Bilingual): void {
  const body: Problem = { type: problemType(code), title: message.en, status, code, message };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
