import { randomBytes } from "crypto";

const HEX_24 = /^[0-9a-f]{24}$/i;

/** A MongoDB-style ObjectId: 12 bytes shown as 24 hex characters. */
export class ObjectId {
  /** @param {string | ObjectId} [hex] a new random id when omitted */
  constructor(hex = randomBytes(12).toString("hex")) {
    const value = String(hex);
    if (!HEX_24.test(value)) throw new TypeError(`not an ObjectId: ${value}`);
    this.hex = value.toLowerCase();
  }

  toHexString() {
    return this.hex;
  }

  toString() {
    return this.toHexString();
  }

  toJSON() {
    return this.toHexString();
  }

  /** @param {string | ObjectId | null | undefined} other */
  equals(other) {
    return other != null && String(other).toLowerCase() === this.hex;
  }
}
