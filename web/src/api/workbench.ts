// Typed calls for the workbench (GET /api/workbench), the operator's approval queue and training
// requests (a person asks a resource's operators for the training self-operation needs).
import { http, type Page } from '../app/api';
import type { ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

export type Workbench = ResponseOf<'/api/workbench'>;
export type EnterpriseFigures = NonNullable<Workbench['enterprise']>;
export type OperatorFigures = NonNullable<Workbench['operator']>;
export type JurisdictionFigures = NonNullable<Workbench['jurisdiction']>;
export type ExpertFigures = NonNullable<Workbench['expert']>;
export type PlatformFigures = NonNullable<Workbench['platform']>;
export type Queue = ResponseOf<'/api/queue'>;
export type DemandMatches = ResponseOf<'/api/demands/{id}/matches'>;
export type QueueCounts = ResponseOf<'/api/queue/count'>;
export type TrainingRequest = ItemOf<'/api/training-requests'>;
export type TrainingRequestQuery = TextQuery<QueryOf<'/api/training-requests'>>;

export const workbenchApi = {
  get: (signal?: AbortSignal) => http.get<Workbench>('/workbench', undefined, signal),
  queue: (signal?: AbortSignal) => http.get<Queue>('/queue', undefined, signal),
  queueCount: (signal?: AbortSignal) => http.get<QueueCounts>('/queue/count', undefined, signal),
  /** The best three results the matcher finds for a demand. */
  demandMatches: (id: number, signal?: AbortSignal) => http.get<DemandMatches>(`/demands/${id}/matches`, { limit: 3 }, signal),
};

export const trainingRequestsApi = {
  list: (q: TrainingRequestQuery, signal?: AbortSignal) => http.get<Page<TrainingRequest>>('/training-requests', q, signal),
  create: (resourceId: number, note: string) => http.post<TrainingRequest>(`/resources/${resourceId}/training-requests`, note ? { note } : {}),
  decide: (id: number, decision: 'grant' | 'reject', body: { note?: string; expiresOn?: string } = {}) =>
    http.post<TrainingRequest>(`/training-requests/${id}/${decision}`, body),
};
