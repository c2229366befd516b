/**
 * Housekeeping ends sessions past their idle timeout every minute (src/sessions/logout-fanout.ts,
 * endTimedOutSessions): live sessions by idle deadline, so that sweep reads only the ones due.
 */
export const name = '20261123_0014_session_timeouts';

export const up = /* sql */ `
create index sessions_live_idle on sessions (idle_expires_at) where ended_at is null;
`;
