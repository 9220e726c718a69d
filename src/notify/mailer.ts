// E-mail hand-over over SMTP (DOSI_SMTP_URL) with nodemailer: a short Korean/English summary, the
// payload as JSON, with the delivery id and timestamp as headers (mail is for people; systems use
// the signed webhook).
import { createTransport, type Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export type SendMail = (m: Mail) => Promise<void>;

export function createMailer(smtpUrl: string, from: string): { send: SendMail; close(): void } {
  const t: Transporter = createTransport(smtpUrl);
  return {
    send: async (m) => void (await t.sendMail({ from, ...m })),
    close: () => t.close(),
  };
}

/** Subject and text of a hand-over mail. */
export function handoverMail(payload: Record<string, unknown>): { subject: string; text: string } {
  const subj = payload.subject === 'incident' ? 'incident' : 'alarm';
  const item = (payload[subj] ?? {}) as { title?: string; severity?: string; id?: string };
  const loc = payload.location as { coordinates?: [number, number] } | null;
  const cams = (payload.cameras ?? []) as { camera?: { name?: string; streamUrl?: string | null } }[];
  const lines = [
    `[dosi] ${subj === 'incident' ? '사건' : '경보'} 이관 / hand-over: ${item.title ?? item.id ?? ''}`,
    `severity: ${item.severity ?? '-'}`,
    `location: ${loc?.coordinates ? `${loc.coordinates[1]}, ${loc.coordinates[0]} (lat, lon)` : '-'}`,
    `cameras: ${cams.map((c) => `${c.camera?.name ?? '?'}${c.camera?.streamUrl ? ` <${c.camera.streamUrl}>` : ''}`).join('; ') || '-'}`,
    '',
    JSON.stringify(payload, null, 2),
  ];
  return { subject: `[dosi] ${item.severity ?? ''} ${item.title ?? subj}`.trim(), text: lines.join('\n') };
}
