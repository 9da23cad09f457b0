import {defineQuery} from 'groq'

/*
 * Queries whose answers are whole documents of any type are plain strings: typegen would type
 * them as a union of every schema type, and the ledger reads them as SanityDoc anyway.
 */

/** The API version the review hooks and desk lists query with. */
export const REVIEW_API_VERSION = '2025-02-19'

/**
 * A page's review statements (`$id` is the published id), read in the published perspective.
 * Whole documents, as the export's gate reads them: a projection would turn a missing field
 * into null, which the ledger rightly tells apart.
 */
export const pageStatementsQuery = defineQuery(
  `*[_type == "reviewStatement" && document._ref == $id]`,
)

/** The listener wants a bare filter: it tells us when to fetch `pageStatementsQuery` again. */
export const pageStatementsListenQuery = `*[_type == "reviewStatement" && document._ref == $id]`

/**
 * What a page's closure shows of other documents (pipeline/workflow/closure.ts): the documents
 * it references, and those of `$listingTypes` that reference it (the kits on a tumour page).
 * Read in the published perspective, as the export reads them.
 */
export const closureDocumentsQuery = `*[_id in $ids || (_type in $listingTypes && references($id))]`

/** Every reviewed page, drafts included (raw perspective); versions in releases are not reviewed. */
export const reviewedPagesQuery = `*[_type in $types && !(_id in path("versions.**"))]`

/** Every review statement, for the review lists. */
export const allStatementsQuery = defineQuery(`*[_type == "reviewStatement"]`)

/** The documents every page's closure may show: what the pages reference, and all listing types. */
export const listClosureDocumentsQuery = `*[_id in $ids || _type in $listingTypes]`
