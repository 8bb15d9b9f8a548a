const crypto = require('crypto');

const HEX_24 = /^[0-9a-f]{24}$/i;

/** A MongoDB-style ObjectId: 12 bytes written as 24 hex digits. */
class ObjectId {
    constructor(hex = crypto.randomBytes(12).toString('hex')) {
        if (!HEX_24.test(String(hex))) throw new TypeError(`not an ObjectId: ${hex}`);
        this.hex = String(hex).toLowerCase();
    }

    toHexString() {
        return this.hex;
    }

    toString() {
        return this.hex;
    }

    toJSON() {
        return this.hex;
    }

    equals(other) {
        return other != null && String(other).toLowerCase() === this.hex;
    }
}

module.exports = ObjectId;
