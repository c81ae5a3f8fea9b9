// AES-CBC without padding (the TLS 1.2 record layer pads and checks padding itself): lengths are multiples of 16.
import { AesKey, aesCbcDecryptBlocks, aesEncryptBlocks, aesExpandKey, CBC } from "./aes"
import { leWords } from "./bytes"

export class AesCbc {
    key: AesKey
    constructor(key: Buffer) {
        this.key = aesExpandKey(key)
    }

    /** Encrypts buf[off, off+len) in place (len a multiple of 16) with the 16-byte iv. */
    async encryptInPlace(iv: Buffer, buf: Buffer, off: number, len: number) {
        if (len & 15) throw new RangeError("CBC: length not a multiple of 16")
        await aesEncryptBlocks(this.key, CBC, leWords(iv, 0, 4), buf, off, buf, off, len)
    }

    /** Decrypts buf[off, off+len) in place (len a multiple of 16) with the 16-byte iv. */
    async decryptInPlace(iv: Buffer, buf: Buffer, off: number, len: number) {
        if (len & 15) throw new RangeError("CBC: length not a multiple of 16")
        await aesCbcDecryptBlocks(this.key, leWords(iv, 0, 4), buf, off, buf, off, len)
    }

    async encrypt(iv: Buffer, data: Buffer): Promise<Buffer> {
        const out = data.slice(0)
        await this.encryptInPlace(iv, out, 0, out.length)
        return out
    }

    async decrypt(iv: Buffer, data: Buffer): Promise<Buffer> {
        const out = data.slice(0)
        await this.decryptInPlace(iv, out, 0, out.length)
        return out
    }
}
