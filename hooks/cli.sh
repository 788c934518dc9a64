# ---- cli.sh: finding and running the ai-attest CLI (inlined at install time) ----

# Where `ai-attest install` ran from (an npx cache, a global or a local install); tried only while it exists.
ai_attest_pkg=@AI_ATTEST_PACKAGE_DIR@

# `ai-attest hook <name> <git's arguments>`, from wherever the developer installed the CLI.
ai_attest_cli() {
  if [ -n "${AI_ATTEST_BIN:-}" ]; then
    case $AI_ATTEST_BIN in
      *.js | *.mjs) node "$AI_ATTEST_BIN" hook "$@" ;;
      *)
        if [ -f "$AI_ATTEST_BIN" ]; then
          "$AI_ATTEST_BIN" hook "$@"
        else
          # A command line such as `npx ai-attest`: split into words on purpose.
          $AI_ATTEST_BIN hook "$@"
        fi
        ;;
    esac
    return
  fi
  # git runs hooks from the top of the work tree.
  if [ -f "$PWD/node_modules/ai-attest/bin/ai-attest.js" ]; then
    node "$PWD/node_modules/ai-attest/bin/ai-attest.js" hook "$@"
    return
  fi
  if [ -n "$ai_attest_pkg" ] && [ -f "$ai_attest_pkg/bin/ai-attest.js" ]; then
    node "$ai_attest_pkg/bin/ai-attest.js" hook "$@"
    return
  fi
  if command -v ai-attest >/dev/null 2>&1; then
    ai-attest hook "$@"
    return
  fi
  echo "ai-attest: cannot find the ai-attest CLI (no \$AI_ATTEST_BIN, no node_modules/ai-attest here, ${ai_attest_pkg:-no install path recorded}${ai_attest_pkg:+ is gone}, none on PATH). Install it (npm i -D ai-attest) or skip once with AI_ATTEST=0." >&2
  return 1
}
# ---- end of cli.sh ----
