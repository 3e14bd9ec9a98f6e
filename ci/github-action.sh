#!/usr/bin/env bash
# The screening step of the composite GitHub Action (action.yml).
#
# Inputs arrive as environment variables set through the step's `env:`, never
# interpolated into this script, so file names and options cannot inject shell code.
# Each file is screened on its own (a JSON report each); the reports are then rendered
# together: one SARIF file (one upload, one category), workflow annotations (capped as
# GitHub caps them) and the job summary (markdown appended to $GITHUB_STEP_SUMMARY).
# The verdict is the combined report's (`report render --gate`), so a waiver used by one
# file is not "unused" because another file does not need it; a file that could not be
# screened makes it 2. The exit code is handed back as the `exit-code` output, so SARIF
# is uploaded before the job fails: 0 pass, 1 open findings at or above fail-on, 2 no verdict.
set -uo pipefail

out="${RUNNER_TEMP:-$(mktemp -d)}/compliance"
mkdir -p "$out"
sarif="${INPUT_SARIF:-compliance.sarif}"

common=()
[ -n "${INPUT_AS_OF:-}" ] && common+=(--as-of "$INPUT_AS_OF")
[ -n "${INPUT_SCENARIO:-}" ] && common+=(--scenario "$INPUT_SCENARIO")
[ -n "${INPUT_FAIL_ON:-}" ] && common+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_MIN_SEVERITY:-}" ] && common+=(--min-severity "$INPUT_MIN_SEVERITY")
[ -n "${INPUT_WAIVERS:-}" ] && common+=(--waivers "$INPUT_WAIVERS")
[ -n "${INPUT_BASELINE:-}" ] && common+=(--baseline "$INPUT_BASELINE")
gate=(--gate)
[ "${INPUT_STRICT:-false}" = "true" ] && gate+=(--strict)

status=0
reports=()
n=0

screen() {  # screen KIND FILE
  n=$((n + 1))
  local json="$out/report-$n.json" rc
  echo "::group::compliance screen $1 $2"
  compliance screen "$1" "$2" "${common[@]}" -f "json=$json"
  rc=$?
  echo "::endgroup::"
  [ -s "$json" ] && reports+=("$json")
  if [ "$rc" -ge 2 ]; then
    echo "::error title=compliance could not screen a file::${2//%/%25}: exit code $rc (see the log above)"
    status=2
  fi
}

while IFS= read -r file; do
  [ -n "${file//[[:space:]]/}" ] && screen bom "$file"
done <<< "${INPUT_BOM:-}"
while IFS= read -r file; do
  [ -n "${file//[[:space:]]/}" ] && screen parties "$file"
done <<< "${INPUT_PARTIES:-}"

if [ "$n" -eq 0 ]; then
  echo "::error title=compliance::no files to screen: set the 'bom' and/or 'parties' input"
  status=2
fi

if [ "${#reports[@]}" -gt 0 ]; then
  combined="$out/compliance.json"
  compliance report render "${reports[@]}" "${gate[@]}" -f "json=$combined" -f "sarif=$sarif" -f "markdown=$out/summary.md" -f github
  rc=$?
  if [ -s "$sarif" ]; then
    echo "sarif=$sarif" >> "${GITHUB_OUTPUT:-/dev/null}"
    echo "json=$combined" >> "${GITHUB_OUTPUT:-/dev/null}"
  fi
  if [ "$status" -ne 2 ]; then
    status=$rc
  fi
fi
echo "exit-code=$status" >> "${GITHUB_OUTPUT:-/dev/null}"
echo "compliance: gate exit code $status"
exit 0
