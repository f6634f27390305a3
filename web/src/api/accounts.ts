// Typed calls for self-registration, invitations and password reset (issue 15).
import { http, type Page } from '../app/api';
import type { BodyOf, ItemOf, QueryOf, ResponseOf, TextQuery } from './types';

export type Registration = ItemOf<'/api/registrations'>;
export type RegistrationInput = BodyOf<'/api/registrations'>;
export type RegistrationQuery = TextQuery<QueryOf<'/api/registrations'>>;
export type Invitation = ItemOf<'/api/organizations/{id}/invitations'>;
export type CreatedInvitation = ResponseOf<'/api/organizations/{id}/invitations', 'post'>;
export type InvitationPreview = ResponseOf<'/api/invitations/preview', 'post'>;
export type InvitationAcceptance = BodyOf<'/api/invitations/accept'>;

export const accountsApi = {
  register: (body: RegistrationInput) => http.post<ResponseOf<'/api/registrations', 'post'>>('/registrations', body),
  registrations: (q: RegistrationQuery, signal?: AbortSignal) => http.get<Page<Registration>>('/registrations', q, signal),
  approve: (id: number) => http.post<Registration>(`/registrations/${id}/approve`),
  reject: (id: number, reason: string) => http.post<Registration>(`/registrations/${id}/reject`, { reason }),
  invitations: (orgId: number, q: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    http.get<Page<Invitation>>(`/organizations/${orgId}/invitations`, q, signal),
  invite: (orgId: number, body: { email: string; expiresInDays?: number }) => http.post<CreatedInvitation>(`/organizations/${orgId}/invitations`, body),
  revokeInvitation: (orgId: number, id: number) => http.del(`/organizations/${orgId}/invitations/${id}`),
  previewInvitation: (token: string) => http.post<InvitationPreview>('/invitations/preview', { token }),
  acceptInvitation: (body: InvitationAcceptance) => http.post<ResponseOf<'/api/invitations/accept', 'post'>>('/invitations/accept', body),
  requestReset: (email: string) => http.post<{ minutes: number }>('/auth/password-reset', { email }),
  confirmReset: (token: string, password: string) => http.post<void>('/auth/password-reset/confirm', { token, password }),
};
