// Typed calls for /api/messages: 我要洽谈 — a message to the organisation owning a resource or a
// technology listing, and the thread its owners (and the sender) read.
import { http, type Page } from '../app/api';
import type { ResponseOf } from './types';

export type Message = ResponseOf<'/api/messages', 'post'>;
export type MessageTarget = { targetType: 'resource' | 'listing'; targetId: number };

export const messagesApi = {
  send: (t: MessageTarget, body: string) => http.post<Message>('/messages', { ...t, body }),
  thread: (t: MessageTarget, signal?: AbortSignal) => http.get<Page<Message>>('/messages', { ...t, pageSize: 50 }, signal),
};
