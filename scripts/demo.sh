#!/usr/bin/env bash
# The main job end to end, in a throwaway repository with its own HOME, git config and key
# home: init, attested commits (AI, no AI, a sensitive path, one with no answers), verify,
# report. Nothing outside the temporary folder is read or written.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cli="node $here/bin/ai-attest.js"
work="$(mktemp -d "${TMPDIR:-/tmp}/ai-attest-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT

export HOME="$work/home" AI_ATTEST_HOME="$work/home/ai-attest" GIT_CONFIG_GLOBAL="$work/home/.gitconfig" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name "Demo Developer"
git config --global user.email "demo@example.com"
git config --global init.defaultBranch main

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

cd "$work" && git init -q repo && cd repo
step "ai-attest init --yes"
$cli init --yes

git add .ai-attest && AI_ATTEST_TOOLS=none git commit -q -m "Add ai-attest config and trusted key"

step "AI-assisted commit (answers from the environment)"
mkdir -p src/auth
printf 'export function add(a: number, b: number) { return a + b; }\n' > src/math.ts
git add src/math.ts
AI_ATTEST_TOOLS=claude-code:claude-sonnet-4-5-20250929 AI_ATTEST_PROPORTION=80 git commit -q -m "Add math helpers"
git log -1 --format=%B

step "A change to a sensitive path, by Copilot"
printf 'export const sessionTtl = 3600;\n' > src/auth/session.ts
git add src/auth/session.ts
AI_ATTEST_TOOLS=copilot:gpt-4.1-2025-04-14 AI_ATTEST_PROPORTION=30 git commit -q -m "Session lifetime"

step "A human-only commit"
printf '# Demo\n' > README.md
git add README.md
AI_ATTEST_TOOLS=none git commit -q -m "Readme"

step "A commit with no terminal and no answers (as from a GUI client): recorded as undeclared"
printf 'export const version = 1;\n' > src/version.ts
git add src/version.ts
AI_ATTEST_NO_PROMPT=1 git commit -q -m "Version constant"

step "ai-attest verify main (fails: one commit is undeclared)"
status=0; $cli verify main || status=$?
echo "(exit $status, as expected)"
[ "$status" = 1 ]

step "ai-attest attest HEAD --tools none (complete it)"
$cli attest HEAD --tools none

step "ai-attest verify main"
$cli verify main

step "ai-attest report main"
$cli report main

step "ai-attest show HEAD~3"
$cli show HEAD~3
