// Typed calls for joint research calls (/api/calls), their applications, reviewer assignment,
// ranking, decision, funding and milestones; the expert's review queue (/api/reviews) and the
// expert pool (/api/experts). Money is integer fen, times ISO-8601 UTC.
import { api, http, type Page, type Query } from '../../app/api';

export const CALL_KINDS = ['joint_fund', 'challenge', 'horse_race'] as const;
export type CallKind = (typeof CALL_KINDS)[number];
/** The main line of a call's life; `terminated` can end any live state. */
export const CALL_FLOW = ['draft', 'published', 'open', 'closed', 'review', 'decision', 'notice', 'awarded', 'milestones', 'completed'] as const;
export const CALL_STATUSES = [...CALL_FLOW, 'terminated'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** The transitions the server allows (calls.service.ts NEXT). */
export const NEXT: Record<string, CallStatus[]> = {
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

export interface CallMilestone {
  title: string;
  due: string;
}

export interface Call {
  id: number;
  kind: CallKind;
  jurisdictionCode: string;
  poserOrgId: number | null;
  title: string;
  description: string;
  goals: string;
  indicators: string;
  milestones: CallMilestone[];
  disciplines: string[];
  keywords: string[];
  budgetFen: number;
  opensAt: string;
  deadline: string;
  /** Basis points per jurisdiction (joint fund). */
  shares: Record<string, number>;
  raceTeams: number;
  firstTrancheBp: number;
  reviewersPerApplication: number;
  maxPerExpert: number;
  excludeSameJurisdiction: boolean;
  status: CallStatus;
  decisionNote: string | null;
  poserOpinion: { preferredApplicationIds: number[]; note: string; at: string } | null;
  noticeEndsAt: string | null;
  applications: number;
  createdAt: string;
  updatedAt: string;
}

export interface CallDetail extends Call {
  poserName: string | null;
  canManage: boolean;
  isPoser: boolean;
}

export interface CallQuery extends Query {
  kind?: string;
  status?: string;
  jurisdiction?: string;
  q?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface CallInput {
  kind: CallKind;
  jurisdictionCode?: string;
  poserOrgId?: number;
  title: string;
  description: string;
  goals?: string;
  indicators?: string;
  milestones?: CallMilestone[];
  disciplines?: string[];
  keywords?: string[];
  budgetFen: number;
  opensAt: string;
  deadline: string;
  shares?: Record<string, number>;
  raceTeams?: number;
  firstTrancheBp?: number;
  reviewersPerApplication?: number;
  maxPerExpert?: number;
  excludeSameJurisdiction?: boolean;
}

export interface TeamMember {
  name: string;
  userId?: number;
  organizationId: number;
  role?: string;
  organizationName?: string;
  jurisdictionCode?: string;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface Application {
  id: number;
  callId: number;
  applicantOrgId: number;
  applicantOrgName: string;
  leadUserId: number;
  leadName: string;
  title: string;
  summary: string;
  plan: string;
  budgetFen: number;
  disciplines: string[];
  keywords: string[];
  members: TeamMember[];
  jurisdictions: string[];
  status: string;
  awardFen: number | null;
  attachments: Attachment[];
  reviews?: number;
  meanScore?: number | null;
  trimmedMeanScore?: number | null;
  createdAt: string;
}

export interface RankedApplication extends Application {
  rank: number;
  reviews: number;
  meanScore: number | null;
  trimmedMeanScore: number | null;
}

export interface ApplicationInput {
  title: string;
  summary: string;
  plan?: string;
  budgetFen: number;
  disciplines?: string[];
  keywords?: string[];
  members: Array<{ name: string; userId?: number; organizationId: number; role?: string }>;
}

export interface ApplicationQuery extends Query {
  status?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface AssignedReviewer {
  assignmentId: number;
  expertUserId: number;
  name: string;
  organizationName: string;
  jurisdictionCode: string;
  affinity: number;
  status: string;
}

export interface AssignmentReport {
  callId: number;
  k: number;
  maxPerExpert: number;
  totalAffinity: number;
  minApplicationAffinity: number;
  meanApplicationAffinity: number;
  load: { experts: number; min: number; max: number; mean: number; stddev: number };
  uncovered: Array<{ applicationId: number; title: string; assigned: number; reason: string }>;
  /** Only in the answer to a run (null when read back later). */
  excludedByConflict: Record<string, number> | null;
  applications: Array<{ applicationId: number; title: string; reviewers: AssignedReviewer[]; affinity: number }>;
}

export interface AssignmentInput {
  k?: number;
  maxPerExpert?: number;
  minPerExpert?: number;
  mode: 'total' | 'fair';
}

export interface Ranking {
  callId: number;
  status: string;
  kind: CallKind;
  budgetFen: number;
  items: RankedApplication[];
}

export interface Funding {
  callId: number;
  kind: CallKind;
  totalFen: number;
  byJurisdiction: Array<{ jurisdictionCode: string; shareBp: number; amountFen: number }>;
  firstTrancheFen: number | null;
  teams: Array<{ applicationId: number; title: string; status: string; awardFen: number; tranches: Array<{ milestone: number; amountFen: number }> }>;
  milestones: Array<{ applicationId: number; milestone: number; passed: boolean; trancheFen: number; note: string; assessedAt: string }>;
}

export interface Review {
  id: number;
  callId: number;
  callTitle: string;
  callKind: CallKind;
  callStatus: string;
  status: 'assigned' | 'submitted' | 'conflict' | string;
  scores: Partial<Record<Criterion, number>> | null;
  totalScore: number | null;
  comment: string | null;
  conflictNote: string | null;
  application: Application;
  createdAt: string;
  submittedAt: string | null;
}

export interface Expert {
  userId: number;
  name: string;
  organizationId: number;
  organizationName: string;
  jurisdictionCode: string;
  title: string;
  disciplines: string[];
  keywords: string[];
  availability: string;
  bio: string;
  updatedAt: string;
}

export interface Relation {
  id: number;
  kind: string;
  otherUserId: number | null;
  otherOrganizationId: number | null;
  otherName: string | null;
  since: string | null;
  until: string | null;
  note: string;
  declaredByExpert: boolean;
  createdAt: string;
}

export interface ExpertDetail extends Expert {
  relations: Relation[];
}

export interface ExpertQuery extends Query {
  q?: string;
  jurisdiction?: string;
  discipline?: string;
  availability?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface ExpertInput {
  title?: string;
  disciplines: string[];
  keywords: string[];
  availability: string;
  bio?: string;
}

export interface RelationInput {
  kind: string;
  otherUserId?: number;
  otherOrganizationId?: number;
  since?: string;
  until?: string;
  note?: string;
}

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
  assignManually: (id: number, applicationId: number, expertUserId: number) => http.post<AssignmentReport>(`/calls/${id}/assignments/manual`, { applicationId, expertUserId }),
  ranking: (id: number, signal?: AbortSignal) => http.get<Ranking>(`/calls/${id}/ranking`, undefined, signal),
  poserOpinion: (id: number, preferredApplicationIds: number[], note: string) => http.post<CallDetail>(`/calls/${id}/poser-opinion`, { preferredApplicationIds, note }),
  decide: (id: number, awards: Array<{ applicationId: number; amountFen: number }>, note?: string) => http.post<Funding>(`/calls/${id}/decision`, { awards, ...(note ? { note } : {}) }),
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
