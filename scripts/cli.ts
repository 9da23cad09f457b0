import {type Command, CommanderError} from 'commander'

/** Exit codes shared by every command: 0 ok, 1 content problems, 2 usage or configuration. */
export const EXIT = {ok: 0, content: 1, usage: 2} as const

/**
 * Parses the command line of a program configured with `.exitOverride()`. Returns an exit
 * code when the command should stop here (after --help: 0; a usage error: 2, already
 * explained on stderr by commander), or undefined to carry on.
 */
export function parseCommandLine(program: Command): number | undefined {
  try {
    program.parse()
    return undefined
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    throw error
  }
}
