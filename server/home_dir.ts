/** Owns Maestro's home directory: created with mode 700, and tightened to 700 when it is looser. */

/** What {@linkcode secureHome} found. */
export interface HomeState {
  /** True when this call created the directory. */
  readonly created: boolean;
  /** The mode the directory had when it was looser than 700 (then fixed), else null. */
  readonly tightenedFrom: number | null;
}

/**
 * Makes sure `home` exists and only its owner can enter it: the token and the database live there.
 * A directory made by hand (or by an older Maestro) with a looser mode is set to 700; the caller
 * warns about it. Parents are created as needed (with the umask's mode, like `mkdir -p`).
 *
 * @example
 * ```ts
 * const { tightenedFrom } = await secureHome(config.home);
 * if (tightenedFrom !== null) logger.warn("Maestro's home was open to others; it is now 700");
 * ```
 */
export async function secureHome(home: string): Promise<HomeState> {
  let created = false;
  try {
    await Deno.mkdir(home, { mode: 0o700 });
    created = true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      await Deno.mkdir(home, { recursive: true, mode: 0o700 }).catch((inner) => {
        throw cannotCreate(home, inner);
      });
      created = true;
    } else if (!(error instanceof Deno.errors.AlreadyExists)) {
      throw cannotCreate(home, error);
    }
  }
  const info = await Deno.stat(home).catch((error) => {
    throw cannotCreate(home, error);
  });
  if (!info.isDirectory) {
    throw new Error(`Cannot use the Maestro home "${home}": it is not a directory`);
  }
  const mode = info.mode === null ? null : info.mode & 0o777;
  // mkdir's mode is filtered by the umask (it can only narrow it): say exactly what we mean.
  if (mode !== null && mode !== 0o700) await Deno.chmod(home, 0o700);
  const looser = mode !== null && (mode & 0o077) !== 0;
  return { created, tightenedFrom: !created && looser ? mode : null };
}

function cannotCreate(home: string, error: unknown): Error {
  const detail = error instanceof Error ? error.message : String(error);
  return new Error(`Cannot create the Maestro home "${home}": ${detail}`, { cause: error });
}
