# ---- cli.sh: finding and running the ai-attest CLI (inlined at install time) ----

# Where `ai-attest install` ran from (an npx cache, a global or a local install), resolved at install time.
ai_attest_pkg=@AI_ATTEST_PACKAGE_DIR@

# git runs hooks at the top of the work tree; -P makes $PWD the physical path the install recorded.
cd -P . 2>/dev/null || true

# Code inside the work tree runs only while git tracks none of it: a branch can add any file with
# `git add -f` (node_modules/ included), and checking that branch out must not make our hooks run
# its code. Checked for the package and every node_modules directory Node resolves its
# dependencies from. Returns 1 (with the reason on stderr) when git tracks something there.
ai_attest_untracked() {
  case $1 in
    "$PWD") set -- . ;; # the package is this repository (working on ai-attest itself)
    "$PWD"/*) ;;
    *) return 0 ;;
  esac
  ai_attest_rel=${1#"$PWD"/}
  set -- ":(literal)$ai_attest_rel" ":(literal)node_modules"
  while :; do
    case $ai_attest_rel in
      */*)
        ai_attest_rel=${ai_attest_rel%/*}
        set -- "$@" ":(literal)$ai_attest_rel/node_modules"
        ;;
      *) break ;;
    esac
  done
  ai_attest_tracked=$(git -c core.hooksPath=/dev/null ls-files -- "$@") || return 1
  [ -z "$ai_attest_tracked" ] && return 0
  echo "ai-attest: refusing to run the ai-attest in this work tree: git tracks files there (${ai_attest_tracked%%
*}), so a branch could change what the hook runs. Install ai-attest outside the repository (npm i -g ai-attest, then \`ai-attest install\` again) or untrack those files; skip once with AI_ATTEST=0." >&2
  return 1
}

# Sets ai_attest_kind (loader: bin/ai-attest-hook.cjs; js: a CLI script run with node; file: an
# executable; words: a command line) and ai_attest_where. Never a file the work tree's git tracks:
# only $AI_ATTEST_BIN (the developer's own environment), the install-time path, or one on PATH.
ai_attest_find() {
  if [ -n "${AI_ATTEST_BIN:-}" ]; then
    ai_attest_where=$AI_ATTEST_BIN
    case $AI_ATTEST_BIN in
      *.js | *.mjs | *.cjs) ai_attest_kind=js ;;
      *) if [ -f "$AI_ATTEST_BIN" ]; then ai_attest_kind=file; else ai_attest_kind=words; fi ;;
    esac
    return 0
  fi
  if [ -n "$ai_attest_pkg" ] && [ -f "$ai_attest_pkg/bin/ai-attest.js" ]; then
    ai_attest_untracked "$ai_attest_pkg" || return 1
    if [ -f "$ai_attest_pkg/bin/ai-attest-hook.cjs" ]; then
      ai_attest_kind=loader ai_attest_where=$ai_attest_pkg/bin/ai-attest-hook.cjs
    else
      ai_attest_kind=js ai_attest_where=$ai_attest_pkg/bin/ai-attest.js
    fi
    return 0
  fi
  if ai_attest_where=$(command -v ai-attest 2>/dev/null); then
    case $ai_attest_where in
      "$PWD"/*) ;; # in the work tree (a PATH entry such as node_modules/.bin): not trusted
      /*) ai_attest_kind=file && return 0 ;;
    esac
  fi
  echo "ai-attest: cannot find the ai-attest CLI (no \$AI_ATTEST_BIN, ${ai_attest_pkg:-no install path recorded}${ai_attest_pkg:+ is gone}, none on PATH outside this work tree). Install it (npm i -D ai-attest, then \`npx ai-attest install\`) or skip once with AI_ATTEST=0." >&2
  return 1
}

# `ai-attest hook <name> <git's arguments>`, from wherever the developer installed the CLI.
ai_attest_cli() {
  ai_attest_find || return 1
  case $ai_attest_kind in
    # Node 20 parses NODE_EXTRA_CA_CERTS before it runs anything (~40 ms); a hook's Node opens no TLS
    # connection. The loader hands the value back to the processes it starts (git's credential helpers).
    loader)
      if [ -n "${NODE_EXTRA_CA_CERTS+set}" ]; then
        AI_ATTEST_NODE_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS NODE_EXTRA_CA_CERTS= node "$ai_attest_where" "$@"
      else
        node "$ai_attest_where" "$@"
      fi
      ;;
    js) node "$ai_attest_where" hook "$@" ;;
    file) "$ai_attest_where" hook "$@" ;;
    # A command line such as `npx ai-attest`: split into words on purpose.
    *) $ai_attest_where hook "$@" ;;
  esac
}
# ---- end of cli.sh ----
