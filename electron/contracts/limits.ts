/**
 * The largest message the page may send the host in browser mode (one call, as JSON). The host's
 * socket closes on a larger one (electron/host/socket.ts), so the page refuses it first, with a
 * typed error (renderer/api.ts).
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
