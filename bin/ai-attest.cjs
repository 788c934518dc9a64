#!/usr/bin/env sh
':' //; run_node() { exec node "$0" "$@"; }
':' //; lean_env() { unset AI_ATTEST_NODE_EXTRA_CA_CERTS
':' //;   [ "${NODE_EXTRA_CA_CERTS+1}" ] && export AI_ATTEST_NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; unset NODE_EXTRA_CA_CERTS; }
':' //; pf_run() { git -c core.hooksPath=/dev/null "$@" </dev/null 2>/dev/null 3<&- 4<&- 9<&-; pf_st=$?
':' //;   printf '\nai-attest-prefetch %s %s\n' "$$" "$pf_st"; }
':' //; pf_git() { pf_kind=$1 pf_next= pf_to=; [ "$1" = log ] && pf_to=:$pf_file; shift
':' //;   for pf_a; do shift; [ "$pf_next" ] && set -- "$@" -L "$pf_a$pf_to"; [ "$pf_a" = -L ] && pf_next=1 || pf_next=; done
':' //;   if [ "$pf_kind" = blame ]; then set -- blame --porcelain --ignore-revs-file= "$@" HEAD -- "$pf_file"
':' //;   else set -- log --no-color --no-ext-diff --no-notes --src-prefix=a/ --dst-prefix=b/ -M '--format=%x00commit %H' "$@" HEAD --
':' //;     set -- -c log.showSignature=false -c diff.noprefix=false -c diff.mnemonicPrefix=false "$@"; fi
':' //;   printf 'ai-attest-prefetch v1 %s %s\n' "$$" "$pf_kind"; pf_run -c core.quotePath=false "$@"; }
':' //; pf_context() { printf 'ai-attest-prefetch v1 %s context\n' "$$"; set -- --is-bare-repository --absolute-git-dir --git-common-dir
':' //;   pf_run rev-parse "$@" --show-toplevel --revs-only '--glob=refs/[n]otes/ai-attest' HEAD 'HEAD^{commit}'
':' //;   set -- refs/remotes/origin/HEAD refs/remotes/origin/main refs/remotes/origin/master
':' //;   pf_run for-each-ref '--format=%(HEAD)%00%(upstream)%00%(refname)' refs/heads/ "$@"; }
':' //; pf_node() { lean_env; export AI_ATTEST_PREFETCH="v1:$$:$1"; shift; exec node "$0" trace "$@" 0<&9 9<&-; }
':' //; pf_start_lines() { pf_git blame "$@" | { pf_context | pf_node blame,context "$@" 4<&0; } 3<&0; }
':' //; pf_start_history() { pf_git blame "$@" | { pf_git log "$@" | { pf_context | pf_node blame,log,context "$@" 5<&0; } 4<&0; } 3<&0; }
':' //; prefetch() { pf_file= pf_ops= pf_lines= pf_next= pf_history=1; shift; for pf_a; do if [ "$pf_next" ]; then pf_next=
':' //;     case $pf_a in *[!0-9,]* | 0* | *,0* | ,* | *, | *,*,*) return ;; *,*) pf_lines=1 ;; *) return ;; esac
':' //;   else case $pf_a in -L) pf_next=1 ;; --no-history) pf_history= ;; --json) ;; -*) return ;; *)
':' //;     [ "$pf_ops" ] && return; pf_ops=1 pf_file=$pf_a ;; esac; fi; done
':' //;   [ -z "$pf_next" ] && [ "$pf_lines" ] && [ "$pf_file" ] && true 2>/dev/null 9<&0 || return
':' //;   unset AI_ATTEST_NODE_EXTRA_CA_CERTS
':' //;   if [ "$pf_history" ]; then pf_start_history "$@"; pf_status=$?; else pf_start_lines "$@"; pf_status=$?; fi 9<&0
':' //;   [ "$pf_status" -gt 128 ] && pf_signal=$(kill -l "$pf_status" 2>/dev/null) && kill -s "$pf_signal" $$; exit "$pf_status"; }
':' //; pn_notes() { pn_want=$1; printf 'ai-attest-prefetch v1 %s notes\n' "$$"
':' //;   set -- rev-parse --git-common-dir '--glob=refs/[n]otes/ai-attest' --not '--glob=refs/[n]otes/ai'
':' //;   pn_out=$(git -c core.hooksPath=/dev/null "$@" </dev/null 2>/dev/null 9<&-; echo " $?")
':' //;   printf '%s\nai-attest-prefetch %s %s\n' "${pn_out% *}" "$$" "${pn_out##* }"
':' //;   [ "${pn_out##* }" = 0 ] && [ "$pn_want" ] || return 0; pn_nl=$(printf '\n_')
':' //;   set -f; IFS=${pn_nl%_}; set -- ${pn_out% *}; unset IFS; pn_dir=$1 pn_commit=; [ $# -gt 0 ] && shift
':' //;   for pn_id; do case $pn_id in *[!0-9a-f]*) ;; *) [ ${#pn_id} = 40 ] || [ ${#pn_id} = 64 ] && pn_commit=$pn_id ;; esac; done
':' //;   [ "$pn_commit" ] && ! [ -e "$pn_dir/ai-attest/detect-capture.json" ] || return 0
':' //;   set -- -e ai-attest.capture -e ImFpLWF0dGVzdC5jYXB0dXJl -e JhaS1hdHRlc3QuY2FwdHVy -e iYWktYXR0ZXN0LmNhcHR1 "$pn_commit" --
':' //;   set -- -c grep.threads=1 grep --no-color --text --fixed-strings --no-textconv --files-with-matches -z "$@"
':' //;   git -c core.hooksPath=/dev/null "$@" </dev/null 2>/dev/null 9<&-; printf '\nai-attest-prefetch %s %s\n' "$$" "$?"; }
':' //; pn_log() { printf 'ai-attest-prefetch v1 %s log\n' "$$"; for pn_a; do shift; [ "$pn_a" = --json ] || set -- "$@" "$pn_a"; done
':' //;   set -- log -z --no-color --no-notes '--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B%x00' "$@" --
':' //;   set -- -c core.hooksPath=/dev/null -c log.showSignature=false -c core.quotePath=false "$@"
':' //;   GIT_FLUSH=0 $pn_buf git "$@" </dev/null 2>/dev/null 9<&-; printf '\nai-attest-prefetch %s %s\n' "$$" "$?"; }
':' //; pn_node() { lean_env; export AI_ATTEST_PREFETCH="v1:$$:$1"; shift; exec node "$0" detect "$@" 3<&0 0<&9 9<&-; }
':' //; pn_spill() { rm -f "$pn_f"; dd bs=$pn_bs count=$pn_n 2>/dev/null >&7 7>&-; printf 'ai-attest-prefetch %s spill %s\n' "$$" "$?"; }
':' //; pn_spilled() { pn_spill 6<&- | { pn_notes "$pn_search" 4<&- 5<&- 6<&- 7>&- | pn_node notes,log,spill "$@" 7>&-; } 5<&0; }
':' //; prefetch_detect() { pn_search=; pn_range=; pn_f=; pn_buf=; pn_bs=4096 pn_n=2048; shift
':' //;   for pn_a; do case $pn_a in --json) ;; -* | '') return ;; *'^'* | *..*) pn_search=0 pn_range=1 ;; *) pn_range=1 ;; esac; done
':' //;   true 2>/dev/null 9<&0 || return; unset AI_ATTEST_NODE_EXTRA_CA_CERTS; [ "$pn_search" = 0 ] && pn_search= || pn_search=$pn_range
':' //;   [ "$pn_range" ] && pn_f=$(mktemp "${TMPDIR:-/tmp}/ai-attest-detect.XXXXXX" 2>/dev/null) && [ -w "$pn_f" ] || pn_f=
':' //;   [ "$pn_f" ] && command -v stdbuf >/dev/null 2>&1 && pn_buf='stdbuf -o65536' pn_bs=65536 pn_n=128
':' //;   if [ "$pn_f" ]; then { pn_log "$@" 6<&- 7>&- | pn_spilled "$@" 4<&0; } 9<&0 6<"$pn_f" 7>"$pn_f"; pn_status=$?
':' //;   elif [ "$pn_range" ]; then { pn_log "$@" | { pn_notes "$pn_search" 4<&- | pn_node notes,log "$@"; } 4<&0; } 9<&0; pn_status=$?
':' //;   else { pn_notes "" | pn_node notes "$@"; } 9<&0; pn_status=$?; fi
':' //;   [ "$pn_status" -gt 128 ] && pn_signal=$(kill -l "$pn_status" 2>/dev/null) && kill -s "$pn_signal" $$; exit "$pn_status"; }
':' //; case "$1" in detect | record | report | trace | verify)
':' //;     [ "$1" = detect ] && prefetch_detect "$@"
':' //;     [ "$1" = trace ] && prefetch "$@" ;; hook) [ "$2" = pre-push ] || run_node "$@" ;; *) run_node "$@" ;; esac
':' //; lean_env; run_node "$@"
'use strict';
// The lines before 'use strict' are shell commands to sh and string directives and comments to
// JavaScript: executed (an npm bin, a global install, the pre-push hook's `file` kind), sh starts Node, without
// NODE_EXTRA_CA_CERTS for the commands of the lean start (the names in its `case`, which must
// match LEAN below and BUNDLES in ai-attest-hook.cjs): Node 20 parses that file before it runs
// anything (~30 ms with a system CA bundle), and these commands open no TLS connection. The
// loader hands the value back to the processes they start (a credential helper of git's may need
// it). Every other command, and `node bin/ai-attest.cjs`, keeps the environment as it is
// (docs/decisions.md, "The bin starts Node through sh"). Biome leaves this file unformatted
// (biome.json): a ';' after those strings would make sh run `//`, and a `$?` must be read on the
// line of the command it is the status of (each line first runs `:`).
//
// `trace FILE -L N,M [-L N,M ...] [--no-history] [--json]` (prefetch, that narrow form only):
// sh starts git blame (and git log -L) first, with the arguments Node would give them, and the
// context's three small reads, and Node on the other core, reading their output from pipes on fd 3
// up; each command's output ends with git's exit status, and Node takes one only for the request
// it parsed itself, from a git that succeeded, else runs git as ever (src/git/prefetch.ts; docs/decisions.md, "The bin starts
// trace's git before Node"). sh stays the parent: it returns Node's status, and a signal that
// ended Node ends sh.
//
// `detect [REV...] [--json]` (prefetch_detect, operands that start with no dash): sh runs the
// notes probe detect makes first (`rev-parse` of the common git dir and both notes refs) and, for
// a range that excludes no commit with attestation notes and no capture search kept, git's
// search of every note of the notes commit the probe named, on one pipe to Node's fd 3; with
// operands, the range's `git log` too, on fd 4; framed the same way (src/git/prefetch-detect.ts;
// docs/decisions.md, "The bin starts detect's git before Node"). dd copies the log's first 8 MB
// into an unlinked temporary file (fd 6) so that git runs on while Node starts, and says on fd 5
// when it is done; Node reads the file, then the rest of fd 4 (src/git/spilled-log.ts;
// docs/decisions.md, "detect's log runs on while Node starts").
//
// The `ai-attest` command (package.json "bin"). CommonJS on purpose: an ES module entry starts
// Node's ESM loader before anything runs (about 5 ms of CPU here), which the lean start never
// needs (docs/decisions.md, "Start-up of the read commands").
//
// Hooks go straight to the lean hook bundle; `record` (run by agents' hooks after every edit) and
// the read commands of the lean start (src/cli/lean.ts) to their code-cached bundles through the
// hook loader, which hands arguments only the full CLI reads back to it; everything else loads
// the full CLI. bin/ai-attest.js, the entry of earlier releases, runs this file.
const LEAN = ['detect', 'record', 'report', 'trace', 'verify'];
const argv = process.argv;
const help = argv.includes('--help') || argv.includes('-h');
if (LEAN.includes(argv[2]) && !help) {
  require('./ai-attest-hook.cjs');
} else if (argv[2] === 'hook' && argv[3] === 'pre-push') {
  argv.splice(2, 1);
  require('./ai-attest-hook.cjs');
} else {
  // Only the loader takes the prefetch marker (set by hand here): no process of the full CLI inherits it.
  delete process.env.AI_ATTEST_PREFETCH;
  // A failed load is an unhandled rejection: Node prints it and exits 1, as a failed top-level
  // import of the ES module entry did.
  import(argv[2] === 'hook' ? '../dist/hook.js' : '../dist/cli.js');
}
