import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';

/** Who caused an event: a person (JWT subject) or a service acting on its own. */
export const actorRefSchema = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  kind: z.enum(['user', 'service', 'court']).default('user'),
});
export type ActorRef = z.infer<typeof actorRefSchema>;

const uuid = z.uuid();

/** The envelope every domain event travels in (DESIGN.md, "Data and messages"). */
export const eventEnvelopeSchema = z.object({
  id: uuid,
  type: z.string().regex(/^[a-z]+(\.[a-z][a-z-]*){2}$/),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  court: z.string().min(1).max(40),
  aggregateId: z.string().min(1).max(200),
  actor: actorRefSchema.nullable(),
  data: z.unknown(),
});
export type EventEnvelope<D = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'data'> & { data: D };

/** One kind of domain event: its type, version, subject and data schema. */
export interface EventDefinition<T extends string = string, D extends z.ZodType = z.ZodType> {
  readonly type: T;
  readonly version: number;
  /** `<domain>.<entity>.<event>.v<N>` */
  readonly subject: string;
  /** The producing domain, which is also its stream. */
  readonly domain: string;
  readonly data: D;
  /** Envelope and data together. */
  readonly schema: z.ZodType<EventEnvelope<z.output<D>>>;
}

/** Declares an event kind; the subject is derived so it can never disagree with the type. */
export function defineEvent<T extends string, D extends z.ZodType>(
  type: T,
  version: number,
  data: D,
): EventDefinition<T, D> {
  const domain = type.split('.')[0]!;
  return {
    type,
    version,
    subject: `${type}.v${version}`,
    domain,
    data,
    schema: eventEnvelopeSchema.extend({
      type: z.literal(type),
      version: z.literal(version),
      data,
    }) as unknown as z.ZodType<EventEnvelope<z.output<D>>>,
  };
}

/** A new time-ordered id (UUIDv7), used for events and rows alike. */
export function newId(): string {
  return uuidv7();
}

/** Builds a validated event; throws a ZodError when the data do not fit its schema. */
export function buildEvent<D extends z.ZodType>(
  def: EventDefinition<string, D>,
  fields: {
    court: string;
    aggregateId: string;
    actor: ActorRef | null;
    data: z.input<D>;
    occurredAt?: Date;
    id?: string;
  },
): EventEnvelope<z.output<D>> {
  return def.schema.parse({
    id: fields.id ?? newId(),
    type: def.type,
    version: def.version,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    court: fields.court,
    aggregateId: fields.aggregateId,
    actor: fields.actor,
    data: fields.data,
  });
}
