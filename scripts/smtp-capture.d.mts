export interface CapturedMail {
  envelopeTo: string[];
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}
export function parseMail(raw: string): Omit<CapturedMail, 'envelopeTo' | 'receivedAt'>;
export function startSmtpCapture(opts?: {
  port?: number;
  onMail?: (mail: CapturedMail) => void;
  refuse?: (rcpt: string[]) => boolean;
}): Promise<{ port: number; url: string; close(): Promise<void> }>;
