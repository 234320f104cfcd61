// Staff and portal accounts hash passwords the same way; the mechanism lives in the platform.
export { decoyPasswordHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
