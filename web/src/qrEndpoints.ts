// 扫码登录 (QR login): the computer's calls on its login flow, and the phone's on a ticket.
import { api } from './api';
import type { Account } from './types';

export interface QrCode {
  /** The QR picture as a data: URI (drawn by the server). */
  svg: string;
  /** What the QR code holds: the phone's confirm page for this ticket. */
  url: string;
  expiresAt: string;
}

export type QrState = 'pending' | 'scanned' | 'expired' | 'cancelled';

export type QrPoll = { state: QrState } | { state: 'approved'; account: Account; csrfToken: string };

export interface QrTicketDetails {
  device: { browser: string | null; os: string | null };
  /** The computer's IP address; there is no place-name database here. */
  place: { ip: string | null };
  service: string;
  createdAt: string;
  expiresAt: string;
}

const qrPath = (flowId: string) => `/api/flows/login/${encodeURIComponent(flowId)}/qr`;

/** A new QR code for the login flow (the previous one stops working); `next` lets the phone name the service. */
export const requestQr = (flowId: string, next: string | null) => api<{ qr: QrCode }>('POST', qrPath(flowId), next ? { next } : {});
/** The code's state; the poll that finds it approved signs this browser in. */
export const pollQr = (flowId: string) => api<QrPoll>('GET', qrPath(flowId));

export const scanQr = (ticket: string) => api<{ ticket: QrTicketDetails }>('POST', '/api/qr/scan', { ticket });
export const confirmQr = (ticket: string) => api<{ state: 'approved' }>('POST', '/api/qr/confirm', { ticket });
export const cancelQr = (ticket: string) => api<{ state: 'cancelled' }>('POST', '/api/qr/cancel', { ticket });
