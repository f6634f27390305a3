// English UI strings of issue 15's second set of fixes; the same keys as defects-b.zh.ts.
import type { defectsBZh } from './defects-b.zh';

export const defectsBEn: typeof defectsBZh = {
  calendarLinks: {
    title: 'Subscribe to my bookings',
    hint: 'Make a read-only calendar link and subscribe to it in Outlook, Apple Calendar, Google Calendar or any calendar application, or scan the QR code with a phone. The link reads your bookings calendar only — it cannot sign in or call anything else — and you can revoke it at any time.',
    create: 'Make a calendar link',
    createdTitle: 'Calendar link made',
    https: 'Address (https):',
    webcal: 'Subscription address for calendar applications (webcal):',
    open: 'Open in a calendar application',
    qrAlt: 'QR code of the calendar link',
    onceWarning: 'The link is shown only this once: copy it or scan it now. Anyone who has it can see your bookings.',
    none: 'No calendar links yet',
    revoke: 'Revoke',
    revokeConfirm: 'Calendars subscribed with this link will stop updating. Revoke it?',
    revoked: 'Calendar link revoked',
    stateLive: 'Live',
    stateRevoked: 'Revoked',
    createdAt: 'Made {{time}}',
    lastUsed: 'Last read {{time}}',
    neverUsed: 'Not read yet',
  },
};
