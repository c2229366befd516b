// 扫码登录 (QR login): the computer's calls on its login flow, and the phone's on a ticket.
import { api, type Answer } from './api';
import type { QrCancelled, QrConfirmed, QrIssued, QrPoll, QrScanned } from '../../src/shared/api/login';

export type { QrCode, QrPoll, QrState, QrTicketDetails } from '../../src/shared/api/login';

const qrPath = (flowId: string) => `/api/flows/login/${encodeURIComponent(flowId)}/qr`;

/** A new QR code for the login flow (the previous one stops working); `next` lets the phone name the service. */
export const requestQr = (flowId: string, next: string | null) => api<Answer<typeof QrIssued>>('POST', qrPath(flowId), next ? { next } : {});
/** The code's state; the poll that finds it approved signs this browser in. */
export const pollQr = (flowId: string) => api<QrPoll>('GET', qrPath(flowId));

export const scanQr = (ticket: string) => api<Answer<typeof QrScanned>>('POST', '/api/qr/scan', { ticket });
export const confirmQr = (ticket: string) => api<Answer<typeof QrConfirmed>>('POST', '/api/qr/confirm', { ticket });
export const cancelQr = (ticket: string) => api<Answer<typeof QrCancelled>>('POST', '/api/qr/cancel', { ticket });
