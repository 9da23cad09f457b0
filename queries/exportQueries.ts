import {defineQuery} from 'groq'

/**
 * The export evaluates these per document (`$id`) with groq-js. Sub-queries over `*` name
 * their `_type`, which lets the pipeline hand groq-js only the documents of those types.
 */

const sourceProjection = `{_id, title, publisher, url, license, licenseUrl, accessedAt, revision, authors}`

export const tumourPageQuery = defineQuery(`*[_type == "tumour" && _id == $id][0]{
  _id,
  _rev,
  name,
  "slug": slug.current,
  synonyms,
  nameOrigin,
  category,
  codes[]{system, code},
  summary,
  seoTitle,
  sections[]{
    _key,
    heading,
    kind,
    body,
    "sources": sources[]->${sourceProjection}
  },
  "sources": sources[]->${sourceProjection},
  "citedSources": sections[].body[].markDefs[_type == "citation"].source->${sourceProjection},
  "kits": *[_type == "kitProduct" && references(^._id)] | order(name asc){
    _id,
    name,
    "slug": slug.current,
    tagline,
    callToAction{label, url}
  }
}`)

export const kitPageQuery = defineQuery(`*[_type == "kitProduct" && _id == $id][0]{
  _id,
  _rev,
  name,
  "slug": slug.current,
  tagline,
  description,
  callToAction{label, url},
  "availableFor": availableFor[]->{_id, name, "slug": slug.current, summary}
}`)

export const sourcesQuery = defineQuery(`*[_type == "source"] | order(_id asc)${sourceProjection}`)
