import type { Answer } from '../../app/api-types';

export type Site = Answer<'/api/sites/{id}'>;
