/** fs-native-extensions, loaded on first use: its addon loader slows start-up. */
let loading: Promise<typeof import('fs-native-extensions')> | undefined

export const nativeFs = () => {
  loading ??= import('fs-native-extensions')
  return loading
}
