// The public complaint form's proof of work (server/src/clues/rate_limit.cpp): find a nonce, a
// decimal counter as text, such that SHA-256(challenge + nonce) — the two UTF-8 strings simply
// concatenated — starts with `difficulty` zero bits. Uses crypto.subtle.digest, several digests in
// flight at a time (each call is asynchronous; one at a time would leave the CPU idle).

export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8
      continue
    }
    for (let bit = 7; bit >= 0 && !(byte & (1 << bit)); --bit) bits++
    break
  }
  return bits
}

export interface SolveOptions {
  // Digests in flight per round (default 256).
  batch?: number
  // Called after each round with the nonces tried so far; return false to give up.
  onProgress?: (tried: number) => boolean | void
  // Start counting here (default 0).
  start?: number
}

const encoder = new TextEncoder()

async function zeroBits(challenge: string, nonce: string): Promise<number> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(challenge + nonce))
  return leadingZeroBits(new Uint8Array(digest))
}

// The first nonce (in counting order) that satisfies the difficulty. Throws when onProgress stops it.
export async function solveProofOfWork(challenge: string, difficulty: number, options: SolveOptions = {}): Promise<string> {
  const batch = Math.max(1, options.batch ?? 256)
  let next = options.start ?? 0
  if (difficulty <= 0) return String(next)
  for (;;) {
    const nonces = Array.from({ length: batch }, (_, i) => String(next + i))
    const bits = await Promise.all(nonces.map((n) => zeroBits(challenge, n)))
    const hit = bits.findIndex((b) => b >= difficulty)
    if (hit >= 0) return nonces[hit]
    next += batch
    if (options.onProgress?.(next) === false) throw new Error('已取消')
  }
}

export async function verifyProofOfWork(challenge: string, nonce: string, difficulty: number): Promise<boolean> {
  return (await zeroBits(challenge, nonce)) >= difficulty
}
