// A real SMTP server in this process that keeps every mail it receives (the e2e server and the
// API tests use it to see what the platform sent). Plain-text mails as nodemailer writes them:
// headers with RFC 2047 encoded words, a body in 7bit, quoted-printable or base64.
import { SMTPServer } from 'smtp-server';

function decodeWords(value) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, c1, e1, t1, c2, e2, t2) => {
    const enc = (e1 ?? e2).toUpperCase();
    const text = t1 ?? t2;
    const bytes = enc === 'B' ? Buffer.from(text, 'base64') : Buffer.from(decodeQp(text.replace(/_/g, ' ')), 'latin1');
    return bytes.toString('utf8');
  });
}

function decodeQp(s) {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Parses one single-part plain-text message: { from, to, subject, text, headers }. */
export function parseMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(decodeQp(body), 'latin1').toString('utf8')
        : body;
  return {
    from: decodeWords(headers.from ?? ''),
    to: decodeWords(headers.to ?? ''),
    subject: decodeWords(headers.subject ?? ''),
    text: text.replace(/\r\n/g, '\n').replace(/\n$/, ''),
    headers,
  };
}

/**
 * Starts the server on 127.0.0.1 (port 0: any free one). onMail gets each accepted mail with its
 * envelope recipients; refuse(rcpt) returning true makes the server refuse that mail (a 451).
 */
export async function startSmtpCapture({ port = 0, onMail = () => {}, refuse = () => false } = {}) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'test' });
    },
    onData(stream, session, cb) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((a) => a.address);
        if (refuse(rcpt)) {
          const err = new Error('Mailbox temporarily unavailable (test)');
          err.responseCode = 451;
          return cb(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        onMail({ envelopeTo: rcpt, receivedAt: new Date().toISOString(), ...parseMail(raw) });
        cb();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.server.address();
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
