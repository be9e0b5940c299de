/*
 * kiosk-ed25519.js - hands the vendored @noble/ed25519 (an ES module,
 * /vendor/noble-ed25519.js from npm, pinned in package-lock.json) to the
 * kiosk's classic scripts as window.kdEd25519.verify(signature, message,
 * publicKey) -> Promise<boolean>.  Strict RFC 8032 checks (zip215:
 * false), as libsodium's on the server.
 */
import { verifyAsync } from "/vendor/noble-ed25519.js";

window.kdEd25519 = {
  verify: function (signature, message, publicKey) {
    return verifyAsync(signature, message, publicKey, { zip215: false });
  }
};
