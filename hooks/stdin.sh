# ---- stdin.sh: for hooks that get their data on stdin (pre-push, post-rewrite) ----

# Runs the previous hook, then ours, both on the same stdin. Only when there is a previous hook
# is stdin read into a temp file (once); otherwise ours reads git's pipe directly.
ai_attest_chain_with_stdin() {
  if [ ! -x "$ai_attest_prev" ]; then
    [ "${AI_ATTEST:-}" = 0 ] && return 0
    ai_attest_cli "$ai_attest_hook" "$@"
    return
  fi
  ai_attest_in=$(mktemp "${TMPDIR:-/tmp}/ai-attest-$ai_attest_hook.XXXXXX") || return 1
  # The EXIT trap also runs on these signals because they exit through it.
  trap 'rm -f "$ai_attest_in"' 0
  trap 'exit 129' 1
  trap 'exit 130' 2
  trap 'exit 143' 15
  cat >"$ai_attest_in" || return 1
  "$ai_attest_prev" "$@" <"$ai_attest_in" || return
  [ "${AI_ATTEST:-}" = 0 ] && return 0
  ai_attest_cli "$ai_attest_hook" "$@" <"$ai_attest_in"
}
# ---- end of stdin.sh ----
