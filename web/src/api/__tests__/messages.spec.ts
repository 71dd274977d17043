import { describe, expect, it } from 'vitest'
import { recipientOf } from '../messages'

describe('who an internal message went to', () => {
  it('names a user, a region’s handlers or its principal officials, never the raw address', () => {
    expect(recipientOf('user:jinan')).toEqual({ user: 'jinan' })
    expect(recipientOf('region:370102')).toEqual({ regionCode: '370102', role: '承办人员' })
    expect(recipientOf('county-principal:370102')).toEqual({ regionCode: '370102', role: '主要负责同志' })
  })
})
