import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { GitError } from '../errors.js';
import { runGitScript, type GitOptions, type GitScript } from './run.js';
import { EMPTY_TREE, PATCH_DIFF_OPTIONS } from './staged.js';

export interface StagedFacts {
  gitDir: string;
  commonDir: string;
  top: string | null;
  head: string | null;
  /** The parents the commit being made will have. */
  parents: string[];
  tree: string;
  /** Paths the commit changes against its first parent (or the empty tree). */
  files: string[];
  patchId: string;
}

/** What the commit-msg stub piped in: the facts, and whether the git process commits with --amend. */
export interface PipedFacts {
  amend: boolean;
  staged: StagedFacts;
}

const HEADER = 'ai-attest-staged 1';
/** The stub could not tell an amend (no /proc): Node decides and gathers the facts itself. */
const UNKNOWN = 'ai-attest-staged unknown';
/** After the NUL-separated paths: the list came out whole. */
const END = 'ai-attest-staged-end';

/*
 * Everything commit-msg needs from git, gathered by a shell: the commit-msg stub runs it and pipes
 * the result into Node's stdin while Node starts (the two overlap on two cores), and Node runs the
 * same text only as a fallback. A process started from a small shell costs ~1 ms; from inside
 * Node's large process ~15 ms, and six of them were most of a commit's added time.
 *
 * `ai_attest_amend` walks up from the hook to the nearest git process and looks for --amend among
 * its arguments before `--` (commit-msg is not told; an amend has HEAD's parents). Arguments are
 * joined with \001 (an argument cannot hold NUL; a message may hold a newline). It prints 1, 0, or
 * nothing when /proc is not there.
 *
 * `ai_attest_staged_facts AMEND DIFF-OPTIONS...` prints the facts, then the changed paths and an
 * end marker, so a failure is never read as facts (git's own message is on stderr). Only this shell runs `git write-tree`: Node never
 * runs it when facts are piped, so two never race for index.lock.
 */
export const STAGED_FACTS_SH = `# ---- staged-facts.sh: what commit-msg needs from git (generated from src/git/staged-facts.ts) ----
# Run inside $(...): a subshell already, so it needs no ( ) of its own.
ai_attest_amend() {
  soh=$(printf '\\001')
  pid=$PPID
  depth=0
  while [ "$depth" -lt 6 ] && [ "$pid" -gt 1 ] 2>/dev/null; do
    IFS= read -r stat <"/proc/$pid/stat" 2>/dev/null || return 0
    args=$(tr '\\000' '\\001' <"/proc/$pid/cmdline") || return 0
    case \${args%%"$soh"*} in
      git | */git)
        before=\${args%%"$soh--$soh"*}
        case "$soh$before$soh" in
          *"$soh--amend$soh"*) echo 1 ;;
          *) echo 0 ;;
        esac
        return 0
        ;;
    esac
    # stat: "pid (comm) state ppid ...", and comm may hold spaces and parentheses.
    set -- \${stat##*") "}
    pid=$2
    depth=$((depth + 1))
  done
  echo 0
}

# One git process per fact, one after the other: on two cores, fewer processes beat parallel ones
# while Node starts beside them. No temp files, so nothing to clean up.
ai_attest_staged_facts() (
  set -e
  amend=$1
  shift
  diffopts=$*
  if [ -z "$amend" ]; then echo '${UNKNOWN}'; exit 0; fi
  nl="
"
  if paths=$(git rev-parse --absolute-git-dir --git-common-dir --show-toplevel 'HEAD^{commit}' 2>/dev/null); then
    head=\${paths##*"$nl"}
    paths=\${paths%"$nl"*}
  else
    paths=$(git rev-parse --absolute-git-dir --git-common-dir --show-toplevel)
    head=
  fi
  gitdir=\${paths%%"$nl"*}
  parents=$head
  if [ -n "$head" ] && [ "$amend" = 1 ]; then
    # shellcheck disable=SC2046 # one id per line, split on purpose
    set -- $(git rev-parse "$head^@")
    parents=$*
  elif [ -n "$head" ] && [ -f "$gitdir/MERGE_HEAD" ]; then
    while IFS= read -r merged; do parents="$parents $merged"; done <"$gitdir/MERGE_HEAD"
  fi
  base=\${parents%% *}
  [ -n "$base" ] || base=${EMPTY_TREE}
  tree=$(git write-tree) || { echo "fatal: git write-tree failed (unmerged paths? resolve them, then commit)" >&2; exit 1; }
  # shellcheck disable=SC2086 # fixed words
  patch=$(git diff-index --cached $diffopts "$base" | git patch-id --stable)
  printf '%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n' '${HEADER}' "$amend" "$paths" "$head" "$parents" "$tree" "$patch"
  git diff-index --cached --name-only -z --no-renames "$base"
  printf '\\000${END}\\n'
)
# ---- end of staged-facts.sh ----
`;

/** The diff options of the patch-id, as the stub passes them (fixed words, no quoting needed). */
export const STAGED_FACTS_DIFF_OPTIONS = PATCH_DIFF_OPTIONS.join(' ');

/**
 * Facts the commit-msg stub piped into stdin, or null when it could not gather them (no /proc to
 * tell an amend): the caller then gathers them itself. Throws when the stub's git commands failed.
 */
export function readPipedFacts(cwd: string, fd = 0): PipedFacts | null {
  let text: string;
  try {
    text = readFileSync(fd, 'utf8');
  } catch (error) {
    throw new GitError(`reading the staged change from the hook failed (${(error as Error).message}).`, ['write-tree'], '', null);
  }
  if (text.startsWith(`${UNKNOWN}\n`)) return null;
  const parsed = parseStagedFacts(text, cwd);
  if (!parsed) {
    throw new GitError("reading the staged change failed (see git's message above); fix it and commit again.", ['write-tree'], '', null);
  }
  return parsed;
}

export function parseStagedFacts(text: string, cwd: string): PipedFacts | null {
  const lines = text.split('\n');
  if (lines[0] !== HEADER || lines.length < 9 || !text.endsWith(`\0${END}\n`)) return null;
  const [, amend = '', gitDir = '', common = '', top = '', head = '', parents = '', tree = '', patch = ''] = lines;
  if (!gitDir || !/^[0-9a-f]{40,64}$/.test(tree)) return null;
  return {
    amend: amend === '1',
    staged: {
      gitDir,
      commonDir: isAbsolute(common) ? common : resolve(cwd, common),
      top: top || null,
      head: head || null,
      parents: parents.split(' ').filter(Boolean),
      tree,
      files: lines
        .slice(9)
        .join('\n')
        .slice(0, -(END.length + 2))
        .split('\0')
        .filter(Boolean),
      patchId: patch.split(/\s+/)[0] ?? '',
    },
  };
}

/** The script the fallback runs: what a fake runner answers it by. */
export const STAGED_FACTS_SCRIPT: GitScript = { name: 'ai-attest-staged-facts', text: `${STAGED_FACTS_SH}\nai_attest_staged_facts "$@"\n` };

/** The fallback: Node runs the stub's shell text itself (a hook run without the stub, no /proc). */
export async function stagedFacts(amend: boolean, options: GitOptions): Promise<StagedFacts> {
  const ran = await runGitScript(STAGED_FACTS_SCRIPT, [amend ? '1' : '0', ...PATCH_DIFF_OPTIONS], options);
  const parsed = ran.status === 0 ? parseStagedFacts(ran.stdout, options.cwd) : null;
  if (parsed) return parsed.staged;
  const stderr = ran.stderr.trim();
  const first =
    stderr
      .split('\n')
      .find(Boolean)
      ?.replace(/^fatal: /, '') ?? `exit ${ran.status}`;
  throw new GitError(`reading the staged change failed: ${first}.`, ['write-tree'], stderr, ran.status);
}
