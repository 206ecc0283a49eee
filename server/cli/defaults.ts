/** Defaults the CLI's help text names, kept apart from the commands so that `--help` loads no command. */

/** Where `serve` keeps stored scenarios (PGlite) unless told otherwise. */
export const DEFAULT_STORE_DIR = "var/store";
