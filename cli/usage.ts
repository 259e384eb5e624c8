/** Owns the CLI's usage texts, one per command (`maestro help COMMAND`). */

import { UNDO_KILL_SECONDS } from "../protocol/restorable.ts";

const CLIENT_OPTIONS =
  "  --url URL     Maestro to talk to (default $MAESTRO_URL or http://127.0.0.1:23000)\n" +
  "  --token T     token (default $MAESTRO_TOKEN or the one in $MAESTRO_HOME/token)\n" +
  "  --home DIR    Maestro home (default $MAESTRO_HOME or ~/.maestro)";

export const USAGE: Record<string, string> = {
  main: `maestro — mission control for AI coding agents in tmux

Usage:
  maestro [serve] [options]          start the server and dashboard (default)
  maestro ls [--json] [--status S]   list sessions (only those needs-you, done, working, ...)
  maestro ls --restorable [--json]   list sessions that vanished without being killed
  maestro restore NAME... | --all [--rerun]
                                     bring vanished sessions back, each in its own layout
  maestro restore --undo NAME        bring back a session just killed through Maestro
  maestro new NAME [--cwd DIR] [--cmd COMMAND]
                                     create a session (optionally running a command)
  maestro send NAME TEXT [--enter]   type text into a session
  maestro answer NAME [OPTION]       show what a session asks, or choose one of its options
  maestro broadcast [TEXT] (--group GROUP | --to NAME)... [--enter] [--key KEY]...
                                     type into several sessions at once
  maestro rename OLD NEW             rename a session
  maestro kill NAME                  kill a session
  maestro notes NAME [TEXT]          show, or replace, a session's notes
  maestro mute [NAME...] [--group GROUP]...
                                     silence sessions' notifications (none named: list muted)
  maestro unmute NAME... | --group GROUP
                                     notify about them again
  maestro search TEXT [--scrollback N] [--json]
                                     find text on every session's screen
  maestro wait NAME --for STATUS [--timeout SECONDS]
                                     block until a session needs you, is done, idle...
  maestro token [--rotate]           print (or replace) this machine's token
  maestro worker [options]           serve on all interfaces for a manager to relay
  maestro hosts add NAME URL --token T [--ca FILE]
                                     add a worker to this manager (tested first)
  maestro hosts ls | rm NAME | enable NAME | disable NAME
  maestro --version | --help | COMMAND --help`,
  serve: `Usage: maestro serve [options]

Start the server and the dashboard. Prints the URL to open (with the token).
  --host H             address to listen on (default 127.0.0.1)
  --port P             port (default 23000; 0 picks a free one)
  --home DIR           Maestro home: token and database (default $MAESTRO_HOME or ~/.maestro)
  --tmux-socket NAME   use a private tmux server (tmux -L NAME)
  --tmux-config FILE   tmux config file (tmux -f FILE)
  --token T            use this token instead of the stored one
  --no-auth            no token (only allowed on a loopback address)
  --allow-host NAME    also answer to this host name (repeatable); this machine's own host name
                       and localhost are always accepted
  --log-level L        debug, info, warn or error (default info)
  --host-ping-ms MS    ping each worker this often; silent for 3 pings is offline (default 2000)
  --history-limit N    lines of scrollback the sessions Maestro creates keep (default 50000;
                       also $MAESTRO_HISTORY_LIMIT)`,
  ls: `Usage: maestro ls [--json] [--status STATUS] | ls --restorable [--json] [--host HOST]

List every session with its status and the rule that decided it (see docs/STATUS.md).
  --json           print the API's JSON
  --restorable     list instead the sessions that vanished without being killed through Maestro
                   (tmux server gone, reboot): what \`maestro restore\` can bring back
  --status S       only sessions with this status: needs-you, done, working, idle or exited
                   (several with commas: --status needs-you,done; "waiting" means needs-you)
${CLIENT_OPTIONS}`,
  restore: `Usage: maestro restore NAME... | --all [--rerun] [--host HOST]
       maestro restore --forget NAME... [--host HOST]
       maestro restore --undo NAME... [--rerun] [--host HOST]

Recreate sessions that vanished without being killed through Maestro (see ls --restorable): each
under its name, in its own directories, with its windows, panes and layouts, its notes and mute.
A shell simply reopens; a pane's command (the one Maestro started it with, or a pane's start
command) is typed again only with --rerun. Exits 1 if any could not be restored.
  --all            every restorable session
  --rerun          run the recorded commands again
  --forget         do not restore these: forget them with their notes and mute
  --undo           bring back sessions killed through Maestro in the last ${UNDO_KILL_SECONDS} s, the
                   same way (after that they are forgotten with their notes and mute)
  --host HOST      on that worker
${CLIENT_OPTIONS}`,
  new: `Usage: maestro new NAME [--cwd DIR] [--cmd COMMAND]

Create a session. Names: 1-64 letters, digits, "_" and "-", not starting with "-".
  --cwd DIR        working directory (must exist)
  --cmd COMMAND    command typed into the session's shell, e.g. claude
${CLIENT_OPTIONS}`,
  send: `Usage: maestro send NAME TEXT [--enter]

Type TEXT into the session.
  --enter          press Enter after the text
${CLIENT_OPTIONS}`,
  broadcast:
    `Usage: maestro broadcast [TEXT] (--group GROUP | --to NAME)... [--enter] [--key KEY]...

Type TEXT into several sessions at once and print one line per session: "sent NAME" or
"failed NAME: why". Exits 1 when any session did not get it. Every option repeats.
  --group GROUP    every session in a sidebar group: "customers" or "customers-zoom"
                   (on every host; HOST/GROUP for one host)
  --to NAME        one session (HOST/NAME for a session on a worker)
  --enter          press Enter after the text
  --key KEY        then press a tmux key, e.g. C-c, Escape, Up, Enter
${CLIENT_OPTIONS}

Example: maestro broadcast --group customers "git pull" --enter`,
  rename:
    `Usage: maestro rename OLD NEW\n\nRename a session (its notes move along).\n${CLIENT_OPTIONS}`,
  kill:
    `Usage: maestro kill NAME [--host HOST]\n\nKill a session: its processes end. For ${UNDO_KILL_SECONDS} s, \`maestro restore --undo NAME\`\nbrings it back with its layout, notes and agents' conversations; then it is forgotten with its\nnotes and mute.\n${CLIENT_OPTIONS}`,
  notes: `Usage: maestro notes NAME [TEXT]

Print the session's notes, or replace them with TEXT ("-" reads standard input).
${CLIENT_OPTIONS}`,
  answer: `Usage: maestro answer NAME [OPTION] [--host HOST]

Without OPTION, print what the session asks (a permission, a question, [y/N]) and its options,
each with its key. With OPTION (a key, e.g. 1 or y), choose it: Maestro types it only if the same
prompt is still on the screen, and refuses otherwise with nothing typed. Exit 1 when the session
asks nothing. A password is never typed for you.
${CLIENT_OPTIONS}`,
  mute: `Usage: maestro mute [NAME...] [--group GROUP]... [--host HOST]

Mute sessions: the dashboard neither notifies nor counts them when they need you. NAME is a
session here or HOST/NAME on a worker; --group GROUP mutes every session in that group (on every
host; HOST/GROUP for one). Several are muted all at once, or none when one does not exist.
Without NAME or --group, list the muted sessions. A mute follows a rename and ends when Maestro
kills the session.
${CLIENT_OPTIONS}`,
  unmute: `Usage: maestro unmute NAME... | --group GROUP [--host HOST]

Notify about these sessions again when they need you (names and groups as for mute).
${CLIENT_OPTIONS}`,
  worker: `Usage: maestro worker [serve options]

Serve this machine's sessions for a manager: like \`maestro serve\` but listening on all interfaces
(0.0.0.0) unless --host is given, and printing the command to run on the manager. The token is
always required. Use --tls-cert/--tls-key for HTTPS, or reach it over Tailscale, WireGuard or an
SSH tunnel (see the README). A manager that adds it by a name other than this machine's host name
(e.g. mini.lan) needs --allow-host mini.lan.`,
  hosts: `Usage:
  maestro hosts ls [--json]                        list hosts and their state
  maestro hosts add NAME URL --token T [--ca FILE] add a worker (tested first)
  maestro hosts rm NAME                            remove a worker
  maestro hosts enable NAME | disable NAME         start or stop relaying a worker

--ca FILE trusts that PEM certificate (or CA) for an https:// worker.
${CLIENT_OPTIONS}`,
  search: `Usage: maestro search TEXT [--scrollback N] [--limit N] [--json]

Find TEXT (plain text, any case) on the screen of every session, on every host, and print each
matching line as HOST/NAME:LINE: TEXT. LINE 0 is the top row of the screen; -N is N lines above it
in the scrollback. Exits 1 when nothing matches.
  --scrollback N   also search N lines of scrollback above each screen (0-10000, default 0)
  --limit N        print at most N matches (1-1000, default 200)
  --json           print the API's JSON
${CLIENT_OPTIONS}`,
  wait: `Usage: maestro wait NAME --for STATUS [--timeout SECONDS] [--host HOST]

Block until the session's status is STATUS, print it and exit 0 (at once if it already is).
  --for S          needs-you, done, working, idle or exited (a session that goes away counts
                   as exited; "waiting" means needs-you)
  --timeout S      give up after S seconds and exit 124 (default: wait for ever)
  --host HOST      the session's host (default local)
An unknown session, or one that goes away while waiting for another status, exits 1.
A command typed into a shell through Maestro, or an agent's turn, is done when it finishes
(until someone looks at the session).
  maestro wait api --for needs-you --timeout 3600 && notify-send "api needs you"
  maestro send build "make test" --enter && maestro wait build --for done
${CLIENT_OPTIONS}`,
  token: `Usage: maestro token [--rotate] [--home DIR]

Print this machine's token, or replace it with a new one (--rotate). A running server takes the
new token at once, and every browser signed in with the old one must sign in again.`,
};
