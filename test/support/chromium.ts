import {type Browser, chromium} from 'playwright'
import {CHROMIUM_ARGS, CHROMIUM_PATH} from './chromiumFlags.ts'

export {CHROMIUM_ARGS, CHROMIUM_PATH}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS})
}
