import { FINDING_RULES } from '../compare.js';
import type { DetectReport, Finding } from '../detect.js';
import { fileLocation, findingSentence, RULE_HELP, RULE_TITLES } from './describe.js';

const RANK = { low: 30, medium: 60, high: 90 } as const;
const RULE_NAMES = {
  unattested: 'UnattestedAiSignal',
  'attested-none': 'AiSignalAttestedNoAi',
  'other-tool': 'AiSignalOtherTool',
  'other-model': 'AiSignalOtherModel',
} as const;

/**
 * `--format sarif`: a SARIF 2.1.0 log (valid against the OASIS schema; GitHub code scanning
 * reads it). Levels are `warning` and `note`, never `error`: findings are for follow-up. A
 * finding whose evidence is an added line points at that file and line; the others are about a
 * commit, which SARIF has no physical location for: they carry the commit as a logical location.
 */
export function detectSarif(report: DetectReport, version: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ai-attest detect',
            semanticVersion: version,
            informationUri: 'https://ai-attest.dev/docs/detect',
            rules: FINDING_RULES.map((id) => ({
              id,
              name: RULE_NAMES[id],
              shortDescription: { text: RULE_TITLES[id] },
              fullDescription: { text: `${RULE_TITLES[id]}. ${RULE_HELP[id]}` },
              help: { text: RULE_HELP[id] },
              defaultConfiguration: { level: 'warning' },
            })),
          },
        },
        automationDetails: { id: `ai-attest-detect/${report.range}` },
        properties: {
          schema: report.schema,
          range: report.range,
          signalsRevision: report.signalsRevision,
          commits: report.commits,
          content: report.content,
        },
        results: report.findings.map((f) => result(f)),
      },
    ],
  };
}

function result(f: Finding): object {
  const at = fileLocation(f);
  const commitLocation = { logicalLocations: [{ name: f.commit, fullyQualifiedName: `commit/${f.commit}`, kind: 'object' }] };
  return {
    ruleId: f.rule,
    ruleIndex: FINDING_RULES.indexOf(f.rule),
    level: f.confidence === 'low' ? 'note' : 'warning',
    rank: RANK[f.confidence],
    message: { text: findingSentence(f) },
    locations: [
      at
        ? {
            physicalLocation: { artifactLocation: { uri: encodeURI(at.path) }, region: { startLine: Math.max(1, at.line) } },
            ...commitLocation,
          }
        : commitLocation,
    ],
    partialFingerprints: { 'aiAttestDetect/v1': `${f.commit}:${f.rule}:${f.tool}` },
    properties: {
      commit: f.commit,
      tool: f.tool,
      ...(f.model ? { model: f.model } : {}),
      confidence: f.confidence,
      attested: f.attested,
      signals: f.signals,
    },
  };
}
