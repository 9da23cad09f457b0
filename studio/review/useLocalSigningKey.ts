import {useCallback, useSyncExternalStore} from 'react'
import {useProjectId} from 'sanity'
import {createSharedQuery, type QuerySnapshot} from './sharedQuery.ts'
import {
  ensureSigningKey,
  type LocalSigningKey,
  loadSigningKey,
  replaceSigningKey,
  scopeOf,
} from './signingKeyStore.ts'

/** One read of IndexedDB per project, shared by every action, badge and the Signing key tool. */
const BROWSER = {}
const localKeys = createSharedQuery<typeof BROWSER, LocalSigningKey | null>({
  fetch: async (_browser, scope) => (await loadSigningKey(scope)) ?? null,
})

export interface LocalKeyState extends QuerySnapshot<LocalSigningKey | null> {
  scope: string
  /** Generates this browser's key if it has none (the Signing key tool, on first use). */
  ensure: () => Promise<LocalSigningKey>
  /** Replaces a key the keyring revoked or that expired. */
  replace: () => Promise<LocalSigningKey>
}

/** This browser's signing key for the current project: null when it has none. */
export function useLocalSigningKey(): LocalKeyState {
  const scope = scopeOf(useProjectId())
  const subscribe = useCallback(
    (listener: () => void) => localKeys.subscribe(BROWSER, scope, listener),
    [scope],
  )
  const snapshot = useSyncExternalStore(subscribe, () => localKeys.getSnapshot(BROWSER, scope))
  const ensure = useCallback(async () => {
    const key = await ensureSigningKey(scope)
    await localKeys.refresh(BROWSER, scope)
    return key
  }, [scope])
  const replace = useCallback(async () => {
    const key = await replaceSigningKey(scope)
    await localKeys.refresh(BROWSER, scope)
    return key
  }, [scope])
  return {...snapshot, scope, ensure, replace}
}
