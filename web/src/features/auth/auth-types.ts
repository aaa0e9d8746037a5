import type { Answer } from '../../app/api-types';

/** Who is logged in, their grants and what they may do (GET /api/me). */
export type Session = Answer<'/api/me'>;
export type Grant = Session['grants'][number];
/** Every permission the server knows: useCan() refuses any other name. */
export type Permission = Session['permissions'][number];
export type Health = Answer<'/api/health'>;
