/** Site paths of exported pages; downstream sites mount them under these prefixes. */
export const tumourPath = (slug: string) => `/tumours/${slug}`
export const kitPath = (slug: string) => `/kits/${slug}`
