# ---- common.sh: inlined into every hook at install time, so each hook is one self-contained file ----

# AI_ATTEST_TRACE=1 shows what the hook does, and is exported so the Node side traces too.
if [ "${AI_ATTEST_TRACE:-}" = 1 ]; then
  export AI_ATTEST_TRACE
  set -x
fi

case $0 in
  */*) ai_attest_dir=${0%/*} ;;
  *) ai_attest_dir=. ;;
esac
# The hook that was here before `ai-attest install` moved it aside; `ai-attest uninstall` puts it back.
ai_attest_prev=$ai_attest_dir/$ai_attest_hook.pre-ai-attest

# The previous hook runs first, as git would have run it: same arguments, same stdin.
ai_attest_chain() {
  if [ -x "$ai_attest_prev" ]; then
    "$ai_attest_prev" "$@"
    return
  fi
  return 0
}
# ---- end of common.sh ----
