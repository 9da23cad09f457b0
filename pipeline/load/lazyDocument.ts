import type {SanityDoc} from '../types.ts'
import {FACT_FIELDS, type LineFacts} from './lineFacts.ts'

/** Parses the kept line when a stage reads more than its facts. */
type Parse = () => SanityDoc

/**
 * The handler behind a document known by its line facts: reads of FACT_FIELDS come from the
 * facts, and anything else (another field, the list of keys, a write) parses the line once and
 * goes on to the parsed object, so every stage sees the same values as if it had been parsed.
 */
class LazyLine implements ProxyHandler<object> {
  #parse: Parse | undefined
  #value: SanityDoc | undefined
  readonly #fields: Record<string, unknown>

  constructor(facts: LineFacts, parse: Parse) {
    this.#fields = facts.fields
    this.#parse = parse
  }

  get parsed(): boolean {
    return this.#value !== undefined
  }

  value(): SanityDoc {
    if (!this.#value) {
      this.#value = (this.#parse as Parse)()
      this.#parse = undefined
    }
    return this.#value
  }

  get(_: object, key: string | symbol): unknown {
    if (!this.#value && typeof key === 'string' && FACT_KEYS.has(key)) return this.#fields[key]
    return Reflect.get(this.value(), key)
  }
  has(_: object, key: string | symbol): boolean {
    return Reflect.has(this.value(), key)
  }
  ownKeys(): (string | symbol)[] {
    return Reflect.ownKeys(this.value())
  }
  getOwnPropertyDescriptor(_: object, key: string | symbol): PropertyDescriptor | undefined {
    return Reflect.getOwnPropertyDescriptor(this.value(), key)
  }
  getPrototypeOf(): object | null {
    return Reflect.getPrototypeOf(this.value())
  }
  set(_: object, key: string | symbol, value: unknown): boolean {
    return Reflect.set(this.value(), key, value)
  }
  defineProperty(_: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    return Reflect.defineProperty(this.value(), key, descriptor)
  }
  deleteProperty(_: object, key: string | symbol): boolean {
    return Reflect.deleteProperty(this.value(), key)
  }
}

const FACT_KEYS: ReadonlySet<string> = new Set(FACT_FIELDS)

const handlers = new WeakMap<object, LazyLine>()

/**
 * A document that is parsed from its line only when a stage reads more than its facts (see
 * lineFacts.ts). The facts were taken from the same bytes, which the line's sha256 stands for.
 */
export function lazyDocument(facts: LineFacts, parse: Parse): SanityDoc {
  const handler = new LazyLine(facts, parse)
  const doc = new Proxy({}, handler) as SanityDoc
  handlers.set(doc, handler)
  return doc
}

/** The document as a plain object, for what a proxy cannot pass through (postMessage to a thread). */
export function plainDocument(doc: SanityDoc): SanityDoc {
  return handlers.get(doc)?.value() ?? doc
}

/** Whether `doc` was read from its facts and has not been parsed (yet). */
export function isUnparsed(doc: object): boolean {
  const handler = handlers.get(doc)
  return handler !== undefined && !handler.parsed
}
