// The complaint form's proof of work: SHA-256(challenge + nonce) with `difficulty` leading zero bits,
// the nonce a decimal counter (server/src/clues/rate_limit.cpp).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { leadingZeroBits, solveProofOfWork, verifyProofOfWork } from '../pow'

const bitsOf = (text: string) => leadingZeroBits(new Uint8Array(createHash('sha256').update(text, 'utf8').digest()))

describe('proof of work', () => {
  it('counts leading zero bits like the server', () => {
    expect(leadingZeroBits(new Uint8Array([0xff]))).toBe(0)
    expect(leadingZeroBits(new Uint8Array([0x80, 0]))).toBe(0)
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7)
    expect(leadingZeroBits(new Uint8Array([0x00, 0x40]))).toBe(9)
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x0f]))).toBe(20)
    expect(leadingZeroBits(new Uint8Array(32))).toBe(256)
  })

  it('finds the first decimal nonce with enough zero bits', async () => {
    const challenge = 'v1.1795275865559.10.cb3429dd9beeca5d3ffd6bfc.19551fc88df98221e877064f60d079dd'
    const nonce = await solveProofOfWork(challenge, 10, { batch: 64 })
    expect(nonce).toMatch(/^(0|[1-9]\d*)$/)
    // Checked independently with node:crypto over the plain concatenation.
    expect(bitsOf(challenge + nonce)).toBeGreaterThanOrEqual(10)
    for (let n = 0; n < Number(nonce); n++) expect(bitsOf(challenge + String(n))).toBeLessThan(10)
    expect(await verifyProofOfWork(challenge, nonce, 10)).toBe(true)
    // The batch size does not change the answer.
    expect(await solveProofOfWork(challenge, 10, { batch: 1 })).toBe(nonce)
  })

  it('difficulty 0 needs no work; onProgress can give up', async () => {
    expect(await solveProofOfWork('x', 0)).toBe('0')
    await expect(solveProofOfWork('x', 64, { batch: 8, onProgress: (n) => n < 32 })).rejects.toThrow('已取消')
  })
})
