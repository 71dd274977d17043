#!/usr/bin/env node
// Run after `npm install` changes package-lock.json. The npm registry this project's machines
// reach does not serve rollup's binaries for other platforms, so `npm install` leaves them out
// of the lock and `npm ci` then refuses the lock as out of sync. This adds the missing entries
// with the os/cpu/libc their names state: npm ci skips them on Linux x64 without fetching.
import { readFileSync, writeFileSync } from 'node:fs'

const file = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages
const cpus = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x']
let added = 0
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = 'node_modules/' + name
    if (packages[key] || packages[`${path}/${key}`]) continue
    const m = /^@rollup\/rollup-([a-z0-9]+)-([a-z0-9]+)(?:-([a-z]+))?$/.exec(name)
    if (!m || !cpus.includes(m[2])) throw new Error(`${name}: not a platform binary this script knows`)
    const [, os, cpu, abi = ''] = m
    const platform = { os: [os], cpu: [cpu] }
    if (os === 'linux') platform.libc = [abi.startsWith('musl') ? 'musl' : 'glibc']
    packages[key] = { version, ...platform, dev: entry.dev, license: 'MIT', optional: true }
    if (!packages[key].dev) delete packages[key].dev
    added++
  }
}
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n')
console.log(`complete-lock: ${added} platform entries added`)
