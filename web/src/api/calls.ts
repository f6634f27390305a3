// Typed calls for joint research calls (/api/calls), their applications, reviewer assignment,
// ranking, decision, funding and milestones; the expert's review queue (/api/reviews) and the
// expert pool (/api/experts). Money is integer fen, times ISO-8601 UTC.
import { api, http, type Page } from '../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

export type CallKind = CallInput['kind'];
export const CALL_KINDS = ['joint_fund', 'challenge', 'horse_race'] as const satisfies readonly CallKind[];
/** A call's states, as the transition route takes them. */
export type CallStatus = BodyOf<'/api/calls/{id}/transition'>['to'];
/** The main line of a call's life; `terminated` can end any live state. */
export const CALL_FLOW = [
  'draft',
  'published',
  'open',
  'closed',
  'review',
  'decision',
  'notice',
  'awarded',
  'milestones',
  'completed',
] as const satisfies readonly CallStatus[];
export const CALL_STATUSES = [...CALL_FLOW, 'terminated'] as const satisfies readonly CallStatus[];
/**
 * The transitions the server allows (calls.service.ts NEXT), to offer only those buttons; keyed by
 * every state of the document, so a state the server adds or drops fails to compile here.
 */
export const NEXT: Record<CallStatus, CallStatus[]> = {
  draft: ['published', 'terminated'],
  published: ['open', 'terminated'],
  open: ['closed', 'terminated'],
  closed: ['review', 'terminated'],
  review: ['decision', 'terminated'],
  decision: ['notice', 'terminated'],
  notice: ['awarded', 'terminated'],
  awarded: ['milestones', 'completed', 'terminated'],
  milestones: ['completed', 'terminated'],
  completed: [],
  terminated: [],
};
export const SCORE_CRITERIA = ['novelty', 'feasibility', 'team', 'impact'] as const;
export type Criterion = (typeof SCORE_CRITERIA)[number];
export const APPLICATION_STATUSES = ['submitted', 'awarded', 'not_awarded', 'eliminated', 'withdrawn'] as const;
export const REVIEW_STATUSES = ['assigned', 'submitted', 'conflict'] as const;
export const AVAILABILITY = ['available', 'busy', 'unavailable'] as const;
export const RELATION_KINDS = ['coauthor', 'collaborator', 'advisor', 'advisee', 'family', 'declared'] as const;
/** GB/T 13745 discipline codes: 3, 5 or 7 digits. */
export const DISCIPLINE_RE = /^\d{3}(\d{2}(\d{2})?)?$/;

export type Call = ItemOf<'/api/calls'>;
export type CallDetail = ResponseOf<'/api/calls/{id}'>;
export type CallQuery = TextQuery<QueryOf<'/api/calls'>>;
export type CallInput = BodyOf<'/api/calls'>;
export type TeamMember = Application['members'][number];

export type Application = ItemOf<'/api/calls/{id}/applications'>;
export type RankedApplication = Ranking['items'][number];
export type ApplicationInput = BodyOf<'/api/calls/{id}/applications'>;
export type ApplicationQuery = TextQuery<QueryOf<'/api/calls/{id}/applications'>>;

export type AssignmentReport = ResponseOf<'/api/calls/{id}/assignments'>;
export type AssignmentInput = BodyOf<'/api/calls/{id}/assignments'>;
export type Ranking = ResponseOf<'/api/calls/{id}/ranking'>;
export type Funding = ResponseOf<'/api/calls/{id}/funding'>;
export type Review = ResponseOf<'/api/reviews/{id}'>;
export type Expert = ItemOf<'/api/experts'>;
export type Relation = ExpertDetail['relations'][number];
export type ExpertDetail = ResponseOf<'/api/experts/{id}'>;
export type ExpertQuery = TextQuery<QueryOf<'/api/experts'>>;
export type ExpertInput = BodyOf<'/api/experts/{id}', 'put'>;
export type RelationInput = BodyOf<'/api/experts/{id}/relations'>;

export const attachmentUrl = (callId: number, attachmentId: number) => `/api/calls/${callId}/attachments/${attachmentId}`;

export const callsApi = {
  list: (q: CallQuery, signal?: AbortSignal) => http.get<Page<Call>>('/calls', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<CallDetail>(`/calls/${id}`, undefined, signal),
  create: (body: CallInput) => http.post<CallDetail>('/calls', body),
  transition: (id: number, to: CallStatus, note?: string) => http.post<CallDetail>(`/calls/${id}/transition`, { to, ...(note ? { note } : {}) }),
  applications: (id: number, q: ApplicationQuery, signal?: AbortSignal) => http.get<Page<Application>>(`/calls/${id}/applications`, q, signal),
  apply: (id: number, body: ApplicationInput) => http.post<Application>(`/calls/${id}/applications`, body),
  attach: (id: number, applicationId: number, file: File) =>
    api<Application>(`/calls/${id}/applications/${applicationId}/attachments`, {
      method: 'POST',
      query: { filename: file.name },
      body: file,
      contentType: file.type || 'application/octet-stream',
    }),
  assignment: (id: number, signal?: AbortSignal) => http.get<AssignmentReport>(`/calls/${id}/assignments`, undefined, signal),
  assign: (id: number, body: AssignmentInput) => http.post<AssignmentReport>(`/calls/${id}/assignments`, body),
  assignManually: (id: number, applicationId: number, expertUserId: number) =>
    http.post<AssignmentReport>(`/calls/${id}/assignments/manual`, { applicationId, expertUserId }),
  ranking: (id: number, signal?: AbortSignal) => http.get<Ranking>(`/calls/${id}/ranking`, undefined, signal),
  poserOpinion: (id: number, preferredApplicationIds: number[], note: string) =>
    http.post<CallDetail>(`/calls/${id}/poser-opinion`, { preferredApplicationIds, note }),
  decide: (id: number, awards: Array<{ applicationId: number; amountFen: number }>, note?: string) =>
    http.post<Funding>(`/calls/${id}/decision`, { awards, ...(note ? { note } : {}) }),
  funding: (id: number, signal?: AbortSignal) => http.get<Funding>(`/calls/${id}/funding`, undefined, signal),
  assessMilestone: (id: number, milestone: number, results: Array<{ applicationId: number; passed: boolean; note?: string }>) =>
    http.post<Funding>(`/calls/${id}/milestones`, { milestone, results }),
};

export const reviewsApi = {
  list: (q: { status?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => http.get<Page<Review>>('/reviews', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Review>(`/reviews/${id}`, undefined, signal),
  submit: (id: number, scores: Record<Criterion, number>, comment: string) => http.post<Review>(`/reviews/${id}`, { scores, comment }),
  declareConflict: (id: number, note: string) => http.post<Review>(`/reviews/${id}/conflict`, { note }),
};

export const expertsApi = {
  list: (q: ExpertQuery, signal?: AbortSignal) => http.get<Page<Expert>>('/experts', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<ExpertDetail>(`/experts/${id}`, undefined, signal),
  save: (id: number, body: ExpertInput) => api<ExpertDetail>(`/experts/${id}`, { method: 'PUT', json: body }),
  declareRelation: (id: number, body: RelationInput) => http.post<Relation[]>(`/experts/${id}/relations`, body),
};
