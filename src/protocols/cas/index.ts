/** What the rest of the platform uses of the CAS server. */
export { casRoutes } from './routes.js';
export { casSessionEndListener, casSingleLogout } from './logout.js';
export { pruneCasTickets } from './tickets.js';
